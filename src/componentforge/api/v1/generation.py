"""Generate components and read past generations back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from componentforge.api.deps import GenerationServiceDep
from componentforge.errors import NotFoundError
from componentforge.infra.db.repository import GenerationFilters
from componentforge.infra.logging import request_id_var
from componentforge.schemas.generation import (
    CacheLayer,
    GenerationPage,
    GenerationRequest,
    GenerationResult,
    GenerationStats,
)

router = APIRouter(prefix="/generation", tags=["generation"])
GenerationId = Annotated[
    str, Path(pattern=r"^[0-9a-f]{32}$", description="From a generation response")
]


@router.post(
    "/generate",
    summary="Generate a component from a pattern, tokens and requirements",
    responses={404: {"description": "unknown pattern_id, or no pattern matches the query"}},
)
async def generate(body: GenerationRequest, generation: GenerationServiceDep) -> GenerationResult:
    """Applies the tokens (scoped shadcn theme variables in oklch, Tailwind classes) and the
    requirements (typed props with defaults, wired events, states as data attributes, ARIA) to
    the pattern's composition; validates the result with TypeScript, ESLint and axe, fixing
    what ESLint can; returns the files, the report, download URLs and provenance. The same
    inputs again are answered from the L1 exact cache (`cache_layer: "L1"`). Without
    `pattern_id`, retrieval picks the best pattern for `query` and the requirements."""
    return await generation.generate(body, request_id=request_id_var.get())


@router.get("/stats", summary="Counts, success rate, latency and cost of generations")
async def stats(
    generation: GenerationServiceDep,
    component_type: Annotated[str | None, Query(max_length=64)] = None,
    cache_layer: CacheLayer | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> GenerationStats:
    filters = GenerationFilters(
        component_type=component_type, cache_layer=cache_layer, since=since, until=until
    )
    return await generation.stats(filters)


@router.get("", summary="Past generations, newest first")
async def list_generations(
    generation: GenerationServiceDep,
    component_type: Annotated[str | None, Query(max_length=64)] = None,
    cache_layer: CacheLayer | None = None,
    success: bool | None = None,
    since: Annotated[datetime | None, Query(description="ISO 8601, inclusive")] = None,
    until: Annotated[datetime | None, Query(description="ISO 8601, exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> GenerationPage:
    filters = GenerationFilters(
        component_type=component_type,
        cache_layer=cache_layer,
        success=success,
        since=since,
        until=until,
    )
    return await generation.page(filters, limit, offset)


@router.get("/{generation_id}", summary="One generation: files, report, provenance")
async def get_generation(
    generation_id: GenerationId, generation: GenerationServiceDep
) -> GenerationResult:
    return await generation.get(generation_id)


@router.delete("/cache/{key}", summary="Drop one L1 cache entry")
async def forget(
    key: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="provenance.cache_key")],
    generation: GenerationServiceDep,
) -> dict[str, Any]:
    if not await generation.forget(key):
        raise NotFoundError("no cache entry with that key", {"key": key})
    return {"key": key, "removed": True}
