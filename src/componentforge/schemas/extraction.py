"""What the extraction endpoints take and return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


class Alternative(BaseModel):
    component_type: str
    confidence: float


TextRole = Literal[
    "label", "title", "description", "placeholder", "value", "option", "tab", "badge"
]
PartRole = Literal[
    "component",
    "text",
    "icon",
    "control",
    "chevron",
    "tab",
    "track",
    "indicator",
    "action",
    "field",
]


class Rect(BaseModel):
    """A box in CSS px from the image's top left corner."""

    model_config = ConfigDict(allow_inf_nan=False)

    x: float = Field(ge=-100_000, le=100_000)
    y: float = Field(ge=-100_000, le=100_000)
    width: float = Field(ge=0, le=100_000)
    height: float = Field(ge=0, le=100_000)


class TextRun(BaseModel):
    """One run of text as shown: a row of words in one style."""

    text: str = Field(
        max_length=2000, description="Exactly as shown: case, punctuation, spaces between words"
    )
    role: TextRole
    box: Rect
    font_size_px: float | None = Field(default=None, gt=0, le=512)
    font_weight: int | None = Field(default=None, ge=100, le=1000)
    color: str | None = Field(
        default=None, pattern=r"^#[0-9a-f]{6}$", description="The text's colour, #rrggbb"
    )
    confidence: float = Field(ge=0, le=1, description="The recogniser's confidence")
    active: bool | None = Field(default=None, description="For a tab: the selected one")


class Content(BaseModel):
    text: str = Field(
        max_length=20000,
        description="All visible text in reading order, runs joined by single spaces",
    )
    runs: list[TextRun] = Field(max_length=500)
    engine: str = Field(
        max_length=200, description="What read it: ocr:rapidocr, a model's name, or figma"
    )


class Part(BaseModel):
    """One part of the component's anatomy."""

    role: PartRole
    box: Rect
    text: str | None = Field(default=None, max_length=2000, description="The text it holds, if any")
    text_role: TextRole | None = None
    active: bool | None = Field(
        default=None, description="A tab that is selected; a checkbox or switch that is on"
    )


class GradientStop(BaseModel):
    color: str
    position: float = Field(ge=0, le=1)


class Gradient(BaseModel):
    """A gradient surface as CSS's `linear-gradient(<angle>, <stops>)` would draw it."""

    angle_deg: float = Field(description="90: left to right; 180: top to bottom")
    stops: list[GradientStop]


class ScaleInfo(BaseModel):
    factor: float = Field(description="Image pixels per CSS pixel (the device scale factor)")
    source: Literal["form", "metadata", "geometry", "default"] = Field(
        description="form: the caller's `scale`; metadata: the file's declared dpi; "
        "geometry: the size of the text; default: nothing to go on, 1"
    )
    detail: str


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
        default=None, description="The upload as read: format, width and height (device px)"
    )
    scale: ScaleInfo | None = Field(
        default=None, description="For a screenshot: the device scale factor and its source"
    )
    content: Content | None = Field(
        default=None, description="The visible text, read from the image (screenshots)"
    )
    anatomy: list[Part] = Field(
        default=[], description="The component's parts with their boxes (CSS px)"
    )
    gradient: Gradient | None = Field(
        default=None,
        description="When the component's surface is a gradient: its stops (the tokens' "
        "background is then its average colour)",
    )
    figma: FigmaSource | None = Field(default=None, description="For a Figma node: which one")
    latency_ms: float
    trace_id: str | None = Field(
        default=None, description="The LangSmith trace of this run, when tracing is on"
    )
