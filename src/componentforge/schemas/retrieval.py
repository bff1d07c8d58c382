"""Request and response models of /api/v1/retrieval."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from componentforge.schemas.pattern import Category
from componentforge.schemas.requirements import Requirements

WEIGHT_TOLERANCE = 0.01


class Weights(BaseModel):
    bm25: float = Field(ge=0, le=1, description="Weight of the keyword (BM25) score")
    semantic: float = Field(ge=0, le=1, description="Weight of the embedding similarity")

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        if abs(self.bm25 + self.semantic - 1.0) > WEIGHT_TOLERANCE:
            raise ValueError(f"weights must sum to 1 (got {self.bm25 + self.semantic:g})")
        return self


class SearchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"query": "a modal asking the user to confirm deleting a project", "top_k": 3},
                {
                    "query": "accept the terms before signing up",
                    "requirements": {
                        "props": ["checked", "disabled"],
                        "events": ["onCheckedChange"],
                        "states": ["indeterminate"],
                        "accessibility": ["aria-label"],
                    },
                    "component_type": "checkbox",
                    "top_k": 3,
                    "weights": {"bm25": 0.3, "semantic": 0.7},
                },
            ]
        },
    )

    query: str | None = Field(
        default=None, max_length=2000, description="What the component is for"
    )
    requirements: Requirements | None = None
    component_type: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[a-z]+(?:-[a-z]+)*$",
        description="A type from extraction (button, radio-group, ...); see GET /patterns",
    )
    top_k: int = Field(default=3, ge=1, le=10)
    weights: Weights | None = Field(default=None, description="Default: 0.3 BM25, 0.7 semantic")

    @model_validator(mode="after")
    def _something_to_search(self) -> SearchRequest:
        has_query = bool(self.query and self.query.strip())
        has_reqs = self.requirements is not None and not self.requirements.is_empty()
        if not (has_query or has_reqs or self.component_type):
            raise ValueError("give at least one of query, requirements or component_type")
        return self


class Scores(BaseModel):
    bm25: float = Field(description="Raw BM25 score")
    semantic: float | None = Field(
        description="Cosine similarity of the best passage; null if degraded"
    )
    bm25_normalized: float
    semantic_normalized: float
    fused: float


class Ranks(BaseModel):
    bm25: int | None = Field(description="Rank by BM25 alone; null when no word matched")
    semantic: int | None = Field(description="Rank by similarity alone; null if degraded")


class Highlight(BaseModel):
    """A query word or requirement and the fields it matched, or the passage semantic search
    found closest. Absent keys are left out."""

    source: str = Field(description="query, type, props, events, states, accessibility or semantic")
    term: str | None = None
    fields: list[str] = []
    passage: str | None = None
    similarity: float | None = None

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v is not None and v != []}


class SearchResult(BaseModel):
    pattern_id: str
    name: str
    category: Category
    score: float = Field(description="Fused score, 0..1, relative to this query's candidates")
    confidence: float = Field(description="0..1, comparable across queries")
    explanation: str
    highlights: list[Highlight]
    scores: Scores
    ranks: Ranks
    requirements_coverage: dict[str, int] = Field(description="matched and total requirements")


class SearchResponse(BaseModel):
    results: list[SearchResult]
    degraded: bool = Field(description="True when semantic search failed and BM25 answered alone")
    degraded_reason: str | None = None
    weights: Weights
    latency_ms: float


class PatternSummary(BaseModel):
    id: str
    name: str
    category: Category
    component_type: str
    version: str
    description: str
    synonyms: list[str]


class PatternList(BaseModel):
    patterns: list[PatternSummary]
    total: int
    categories: list[str]
