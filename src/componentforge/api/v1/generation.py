"""Generate components and read past generations back."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.sse import EventSourceResponse
from pydantic import AfterValidator

from componentforge.api.deps import ExtractionServiceDep, GenerationHistoryDep, GenerationServiceDep
from componentforge.api.errors import describe
from componentforge.api.streaming import STREAM_RESPONSES, stream
from componentforge.api.v1.extraction import IMAGE_ERRORS
from componentforge.errors import NotFoundError
from componentforge.infra.logging import request_id_var
from componentforge.schemas.generation import (
    BATCH_MAX,
    COMPONENT_NAME,
    PROJECT,
    BatchRequest,
    BatchResult,
    CacheLayer,
    CacheRemoval,
    GenerationFilters,
    GenerationOptions,
    GenerationPage,
    GenerationRequest,
    GenerationResult,
    GenerationStats,
    Screenshot,
    ScreenshotGeneration,
)
from componentforge.schemas.vocabulary import ComponentType
from componentforge.services import batches
from componentforge.tenancy import TENANT_NAME

router = APIRouter(prefix="/generation", tags=["generation"])
MAX_OFFSET = 1_000_000_000


def _utc(value: datetime | None) -> datetime | None:
    """Naive times are UTC; any time must stay a valid one once converted (a year-9999 date
    with a negative offset would not: both databases refuse it)."""
    if value is None:
        return None
    try:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range once converted to UTC") from None


Since = Annotated[datetime | None, Query(description="ISO 8601, inclusive"), AfterValidator(_utc)]
Until = Annotated[datetime | None, Query(description="ISO 8601, exclusive"), AfterValidator(_utc)]
ComponentTypeQuery = Annotated[
    str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="e.g. button")
]
ProjectQuery = Annotated[str | None, Query(pattern=PROJECT, description="One project's only")]
TenantQuery = Annotated[
    str | None,
    Query(pattern=TENANT_NAME.pattern, description="Admin keys: one tenant's (default: all)"),
]
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


@router.post(
    "/generate/stream",
    summary="Generate, with live progress (Server-Sent Events)",
    # Not response_class: FastAPI would then expect a generator; this returns the stream.
    response_model=None,
    responses={
        **STREAM_RESPONSES,
        404: {"description": "unknown pattern_id, or no pattern matches the query"},
    },
)
async def generate_stream(
    body: GenerationRequest, generation: GenerationServiceDep
) -> EventSourceResponse:
    """The same request as `/generate`. What the request gets wrong (an unknown pattern, a
    clashing name) is answered before the stream starts, with its status; then one `stage`
    event as each stage starts and ends (`load_pattern`, `plan`, `generate`, `validate`, `fix`,
    `fallback` when a model's result gives way to the offline one, `assemble`, `provenance`,
    `store`), and the `result`. Closing the connection cancels the
    generation (it is recorded as `Cancelled`).

    `curl -N -H 'Content-Type: application/json' -d @request.json .../generate/stream`"""
    plan = await generation.prepare(body)
    request_id = request_id_var.get()
    return stream(
        lambda progress: generation.generate(
            body, request_id=request_id, progress=progress, plan=plan
        )
    )


@router.post("/batch", summary=f"Up to {BATCH_MAX} generations in one call")
async def batch(body: BatchRequest, generation: GenerationServiceDep) -> BatchResult:
    """Each request succeeds or fails on its own, in `items` in the order given, with the
    status it would have had alone and its result or error envelope. At most
    `GENERATION_BATCH_CONCURRENCY` (3) run at once; the others wait their turn."""
    start = time.perf_counter()
    outcomes = await generation.batch(body.requests, request_id=request_id_var.get())
    return batches.result_of(outcomes, start, describe)


SCREENSHOT_ERRORS: dict[int | str, dict[str, Any]] = {
    **IMAGE_ERRORS,
    422: {"description": "a component_name that clashes with a pattern file, or bad fields"},
}


async def _screenshot_form(
    file: Annotated[UploadFile, File(description="PNG, JPEG or WebP of one component")],
    component_type: Annotated[
        ComponentType | None, Form(description="A hint: skip it to let the classifier decide")
    ] = None,
    component_name: Annotated[
        str | None, Form(pattern=COMPONENT_NAME, description="PascalCase; default App+pattern")
    ] = None,
    include_stories: Annotated[bool, Form()] = True,
    validate_output: Annotated[bool, Form(alias="validate")] = True,
    max_fix_rounds: Annotated[int, Form(ge=0, le=5)] = 2,
    project: Annotated[str | None, Form(pattern=PROJECT)] = None,
    scale: Annotated[
        float | None,
        Form(ge=1, le=4, description="Image px per CSS px (2 for a retina capture); else found"),
    ] = None,
) -> Screenshot:
    return Screenshot(
        await file.read(),
        component_type=component_type,
        component_name=component_name,
        options=GenerationOptions(
            include_stories=include_stories,
            validate=validate_output,
            max_fix_rounds=max_fix_rounds,
        ),
        project=project,
        scale=scale,
    )


ScreenshotForm = Annotated[Screenshot, Depends(_screenshot_form)]


@router.post(
    "/from-screenshot",
    summary="Screenshot in, component out: extraction → retrieval → generation → validation",
    responses=SCREENSHOT_ERRORS,
)
async def from_screenshot(
    shot: ScreenshotForm, generation: GenerationServiceDep
) -> ScreenshotGeneration:
    """The convenience path for curl users:
    `curl -F file=@button.png .../api/v1/generation/from-screenshot`. The tokens, type and
    requirements read from the image (as `/extraction/screenshot` reads them) choose the
    pattern for that type and drive the generation; the answer holds both."""
    return await generation.from_screenshot(shot, request_id=request_id_var.get())


@router.post(
    "/from-screenshot/stream",
    summary="Screenshot in, component out, with live progress (Server-Sent Events)",
    response_model=None,
    responses={**STREAM_RESPONSES, **SCREENSHOT_ERRORS},
)
async def from_screenshot_stream(
    shot: ScreenshotForm, generation: GenerationServiceDep, extraction: ExtractionServiceDep
) -> EventSourceResponse:
    """As `/from-screenshot`, streamed: an `extract` stage, the generation's stages, then the
    `result`. A bad image or name is answered before the stream starts."""
    await extraction.read(shot.data)
    if shot.component_name is not None:
        generation.check_name(shot.component_name)
    request_id = request_id_var.get()
    return stream(
        lambda progress: generation.from_screenshot(shot, request_id=request_id, progress=progress)
    )


@router.get("/stats", summary="Counts, success rate, latency and cost of generations")
async def stats(
    history: GenerationHistoryDep,
    component_type: ComponentTypeQuery = None,
    cache_layer: CacheLayer | None = None,
    since: Since = None,
    until: Until = None,
    project: ProjectQuery = None,
    tenant: TenantQuery = None,
) -> GenerationStats:
    filters = GenerationFilters(
        component_type=component_type,
        cache_layer=cache_layer,
        since=since,
        until=until,
        project=project,
        tenant=tenant,
    )
    return await history.stats(filters)


@router.get("", summary="Past generations, newest first")
async def list_generations(
    history: GenerationHistoryDep,
    component_type: ComponentTypeQuery = None,
    cache_layer: CacheLayer | None = None,
    success: bool | None = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    project: ProjectQuery = None,
    tenant: TenantQuery = None,
) -> GenerationPage:
    filters = GenerationFilters(
        component_type=component_type,
        cache_layer=cache_layer,
        success=success,
        since=since,
        until=until,
        project=project,
        tenant=tenant,
    )
    return await history.page(filters, limit, offset)


@router.get("/{generation_id}", summary="One generation: files, report, provenance")
async def get_generation(
    generation_id: GenerationId, history: GenerationHistoryDep
) -> GenerationResult:
    return await history.get(generation_id)


@router.delete("/cache/{key}", summary="Drop one L1 cache entry")
async def forget(
    key: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="provenance.cache_key")],
    generation: GenerationServiceDep,
) -> CacheRemoval:
    if not await generation.forget(key):
        raise NotFoundError("no cache entry with that key", {"key": key})
    return CacheRemoval(key=key, removed=True)
