"""What the extraction endpoints take and return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from componentforge.extraction.classify import ComponentType
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


class Alternative(BaseModel):
    component_type: str
    confidence: float


class ExtractionResult(BaseModel):
    extraction_id: str
    source: Literal["screenshot", "figma", "requirements"]
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


class FigmaRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"file_key": "AbC123xyz", "node_id": "12:34"}]},
    )

    file_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{6,64}$")
    url: str | None = Field(
        default=None, max_length=2000, description="A figma.com file or design URL"
    )
    node_id: str | None = Field(
        default=None, pattern=r"^[0-9]+[:-][0-9]+$", description="`12:34` (or `12-34` as in URLs)"
    )
    component_type: ComponentType | None = None
