"""Pattern search and the pattern library."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from componentforge.api.deps import RetrievalServiceDep
from componentforge.schemas.pattern import PATTERN_ID, Category, Pattern
from componentforge.schemas.retrieval import PatternList, SearchRequest, SearchResponse

router = APIRouter(prefix="/retrieval", tags=["retrieval"])


@router.post(
    "/search",
    summary="Find the best patterns for a need",
    responses={
        422: {
            "description": "Nothing to search, top_k or weights out of bounds, "
            "or an unknown component_type"
        }
    },
)
async def search(request: SearchRequest, retrieval: RetrievalServiceDep) -> SearchResponse:
    """Give a free-text `query`, structured `requirements` (names or full proposals), a
    `component_type` from extraction, or any mix. BM25 and semantic search run at once and
    their min-max normalised scores are fused (0.3 * BM25 + 0.7 * semantic by default).
    If semantic search fails, BM25 answers alone and `degraded` is true."""
    return await retrieval.search(request)


@router.get("/patterns", summary="List the pattern library")
async def list_patterns(
    retrieval: RetrievalServiceDep,
    category: Annotated[Category | None, Query(description="Only this category")] = None,
) -> PatternList:
    return retrieval.list_patterns(category)


@router.get(
    "/patterns/{pattern_id}",
    summary="One pattern: metadata and TSX source",
    responses={404: {"description": "No pattern with that id"}},
)
async def get_pattern(
    retrieval: RetrievalServiceDep,
    pattern_id: Annotated[str, Path(pattern=PATTERN_ID, max_length=64, examples=["shadcn-button"])],
) -> Pattern:
    return retrieval.get_pattern(pattern_id)
