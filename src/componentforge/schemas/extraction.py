"""What the extraction endpoints take and return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


class Alternative(BaseModel):
    component_type: str
    confidence: float


class FigmaSource(BaseModel):
    """The node read, and whether Figma or the cache answered."""

    file_key: str
    node_id: str
    node_name: str | None
    node_type: str | None
    file_name: str | None
    last_modified: str | None
    cache: Literal["miss", "hit", "stale"] = Field(
        description="miss: fetched now; hit: a copy under 5 minutes old; stale: Figma failed "
        "and an older copy answered"
    )
    age_seconds: float


ExtractionSource = Literal["screenshot", "figma", "requirements"]


class ExtractionResult(BaseModel):
    extraction_id: str
    source: ExtractionSource
    component_type: str
    confidence: float = Field(ge=0, le=1)
    alternatives: list[Alternative]
    tokens: DesignTokens
    requirements: Requirements
    engines: dict[str, str] = Field(
        description="Which engine produced each part: pixels, offline, a model's name, figma"
    )
    degraded: bool = Field(description="A configured model or service failed; offline answered")
    warnings: list[str] = []
    image: dict[str, int | str] | None = Field(
        default=None, description="The upload as read: format, width and height"
    )
    figma: FigmaSource | None = Field(default=None, description="For a Figma node: which one")
    latency_ms: float
    trace_id: str | None = Field(
        default=None, description="The LangSmith trace of this run, when tracing is on"
    )
