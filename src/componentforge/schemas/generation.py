"""Request and response models of /api/v1/generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from componentforge.schemas.errors import ErrorBody
from componentforge.schemas.extraction import Content, ExtractionResult, Part
from componentforge.schemas.pattern import PATTERN_ID
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport
from componentforge.schemas.vocabulary import ComponentType

CacheLayer = Literal["L1", "L4"]


class Provenance(BaseModel):
    """Where a component came from (also the comment at the top of its file)."""

    generator: str = Field(description="componentforge and its version")
    pattern_id: str
    pattern_version: str
    pattern_hash: str
    tokens_sha256: str
    requirements_sha256: str
    engine: str = Field(description="Who wrote the code: offline:template or llm:...")
    model: str | None = Field(description="The model that was asked, if any")
    cache_key: str
    generated_at: str = Field(description="ISO 8601, UTC")


class GenerationSource(BaseModel):
    """What the tokens were read from; part of the cache key."""

    model_config = ConfigDict(extra="forbid")

    figma_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{10,128}$")
    screenshot_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _one(self) -> GenerationSource:
        if (self.figma_key is None) == (self.screenshot_sha256 is None):
            raise ValueError("give exactly one of figma_key and screenshot_sha256")
        return self


class GenerationOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    include_stories: bool = True
    validate_output: bool = Field(
        default=True, alias="validate", description="Run the validation pipeline on the result"
    )
    max_fix_rounds: int = Field(default=2, ge=0, le=5)


@dataclass(frozen=True)
class Screenshot:
    """A screenshot to make a component from, and what its sender said of it: the form of
    `/generation/from-screenshot` and `/jobs/from-screenshot`, a queued job, the CLI's."""

    data: bytes
    component_type: ComponentType | None = None
    component_name: str | None = None
    options: GenerationOptions = field(default_factory=GenerationOptions)
    project: str | None = None
    scale: float | None = None  # image px per CSS px; None: found from the image


COMPONENT_NAME = r"^[A-Z][A-Za-z0-9]{0,63}$"
PROJECT = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class GenerationRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "pattern_id": "shadcn-button",
                    "component_name": "SubmitButton",
                    "tokens": {
                        "colors": {"primary": "#2563eb", "primary_foreground": "#ffffff"},
                        "border": {"radius_px": 6},
                        "spacing": {"padding_x_px": 16, "padding_y_px": 8},
                    },
                    "requirements": {
                        "props": ["variant", "loading"],
                        "events": ["onClick"],
                        "states": ["loading"],
                        "accessibility": ["aria-label"],
                    },
                },
                {"query": "a switch to turn notifications on", "tokens": {}},
            ]
        },
    )

    pattern_id: str | None = Field(default=None, pattern=PATTERN_ID)
    query: str | None = Field(
        default=None, min_length=1, max_length=2000, description="Used when pattern_id is null"
    )
    component_name: str | None = Field(
        default=None,
        pattern=COMPONENT_NAME,
        description="The exported component (PascalCase); default: the pattern's name",
    )
    tokens: DesignTokens = DesignTokens()
    requirements: Requirements = Requirements()
    source: GenerationSource | None = None
    content: Content | None = Field(
        default=None,
        description="What the screenshot shows (an extraction's `content`): its text becomes "
        "the component's default text",
    )
    anatomy: list[Part] = Field(
        default=[],
        max_length=200,
        description="The screenshot's parts (an extraction's `anatomy`): which parts the "
        "component renders, their state (checked, active tab, progress) and sizes",
    )
    options: GenerationOptions = GenerationOptions()
    project: str | None = Field(
        default=None,
        pattern=PROJECT,
        description="A project of your tenant to file the generation under (listing and stats "
        "filter by it)",
    )

    @model_validator(mode="after")
    def _pattern_or_query(self) -> GenerationRequest:
        if self.pattern_id is None and self.query is None and self.requirements.is_empty():
            raise ValueError("give pattern_id, or a query (or requirements) to pick a pattern")
        return self


How = Literal["declared", "wired", "attribute", "pattern", "content", "primitive", "omitted"]


class Applied(BaseModel):
    """How one requirement was applied by the offline engine, or why it was not."""

    category: str
    name: str
    how: How
    detail: str


class Stage(BaseModel):
    stage: str
    ms: float


class ModelAttempt(BaseModel):
    """A model-written component that failed validation (kept when it was replaced or fixed)."""

    round: int
    status: str | None
    score: float | None
    findings: list[str]
    component: str
    stories: str | None


class GenerationResult(BaseModel):
    generation_id: str
    pattern_id: str
    component_name: str
    cache_layer: CacheLayer
    files: dict[str, str]
    validation: ValidationReport | None
    artifacts: dict[str, str]
    provenance: Provenance
    engine: str = Field(description="offline:template, or llm:<provider> when a model wrote it")
    model: str | None = None
    notes: str | None = Field(default=None, description="The model's notes on what it changed")
    model_attempts: list[ModelAttempt] = Field(
        default=[], description="The model's failed attempts, newest last"
    )
    degraded: bool
    degraded_reasons: list[str] = []
    warnings: list[str] = []
    applied: list[Applied] = Field(
        default=[],
        description="How the offline engine applied each requirement (empty when a model wrote "
        "the code: validation.requirements says what it holds)",
    )
    stages: list[Stage] = []
    fix_rounds: int = 0
    latency_ms: float
    cost_usd: float
    tokens_used: int
    trace_id: str | None = Field(
        default=None, description="The LangSmith trace of this run, when tracing is on"
    )
    stored: Literal["written", "deferred"] = Field(
        default="written", description="deferred: the record waits in the outbox"
    )
    tenant: str = Field(default="local", description="The tenant of the key that made it")
    project: str | None = None


class GenerationSummary(BaseModel):
    generation_id: str
    component_type: str
    component_name: str | None
    pattern_id: str | None
    cache_layer: str
    engine: str | None
    success: bool
    error_type: str | None
    duration_ms: float | None
    cost_usd: float
    started_at: datetime
    files: list[str] = []
    artifacts: dict[str, str] = {}
    validation_status: str | None = None
    trace_id: str | None = None
    tenant: str = "local"
    project: str | None = None


@dataclass(frozen=True)
class GenerationFilters:
    """Which past generations to list or count (None: any)."""

    component_type: str | None = None
    cache_layer: str | None = None
    success: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    tenant: str | None = None
    project: str | None = None


class GenerationPage(BaseModel):
    items: list[GenerationSummary]
    total: int
    limit: int
    offset: int


class DailyCost(BaseModel):
    day: str
    generations: int
    cost_usd: float


class GroupStats(BaseModel):
    component_type: str
    cache_layer: str
    count: int
    success_rate: float
    p50_ms: float | None
    p95_ms: float | None


class GenerationStats(BaseModel):
    count: int
    success_rate: float
    p50_ms: float | None
    p95_ms: float | None
    l1_hit_rate: float
    cost_usd: float
    cost_per_day: list[DailyCost]
    by_group: list[GroupStats]


BATCH_MAX = 20


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requests: list[GenerationRequest] = Field(min_length=1, max_length=BATCH_MAX)


class BatchItem(BaseModel):
    index: int = Field(description="The request's position in the batch")
    status: int = Field(description="The HTTP status this request alone would have had")
    result: GenerationResult | None = None
    error: ErrorBody | None = Field(default=None, description="The error envelope's body")


class BatchResult(BaseModel):
    succeeded: int
    failed: int
    latency_ms: float
    items: list[BatchItem]


class ScreenshotGeneration(BaseModel):
    """What /generation/from-screenshot answers: what was read, and what was made of it."""

    extraction: ExtractionResult
    generation: GenerationResult


class CacheRemoval(BaseModel):
    key: str = Field(description="The L1 key (`provenance.cache_key`)")
    removed: bool
