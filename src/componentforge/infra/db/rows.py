"""The values of a row as services hand them to the metadata store (`MetadataStore.add`):
one typed dictionary per table it writes, the columns of `models.py` by name. Columns with
defaults may be left out."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict


class GenerationValues(TypedDict, total=False):
    """A `generations` row: what is known when it starts, then how it ended."""

    id: str
    request_id: str | None
    session_id: str | None
    user_id: str | None
    component_type: str
    component_name: str | None
    pattern_id: str | None
    pattern_version: str | None
    started_at: datetime
    completed_at: datetime | None
    duration_ms: float | None
    cache_layer: str
    engine: str | None
    model: str | None
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cost_usd: float
    cost_breakdown: dict[str, float]
    success: bool
    error_type: str | None
    error_message: str | None
    trace_id: str | None
    tenant: str
    project: str | None
    meta: dict[str, Any]


class CacheStatValues(TypedDict):
    layer: str
    backend: str
    hits: int
    misses: int
    errors: int
    bytes_saved: int
    entries: int | None


class CostValues(TypedDict):
    generation_id: str | None
    provider: str
    model: str
    task: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


class ValidationReportValues(TypedDict):
    id: str
    component_name: str | None
    status: str
    score: float
    report: dict[str, Any]
    html_key: str | None
    tenant: str
    generation_id: NotRequired[str | None]


Table = Literal["generations", "cache_stats", "costs", "validation_reports"]
Values = GenerationValues | CacheStatValues | CostValues | ValidationReportValues
