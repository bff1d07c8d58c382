"""What the extraction endpoints take and return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


class Alternative(BaseModel):
    component_type: str
    confidence: float


class ExtractionResult(BaseModel):
    extraction_id: str
    source: Literal["screenshot", "requirements"]
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
    latency_ms: float
