"""Health report models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Mode = Literal["embedded", "external", "off"]
CheckStatus = Literal["ok", "degraded", "down", "disabled"]
Overall = Literal["healthy", "degraded", "unhealthy"]


class Liveness(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    uptime_seconds: float


class DependencyHealth(BaseModel):
    name: str
    mode: Mode = Field(description="embedded default, external service, or switched off")
    backend: str = Field(description="what answers: sqlite, postgresql, redis, memory, ...")
    status: CheckStatus
    latency_ms: float | None = None
    breaker: Literal["closed", "half-opened", "opened"] | None = None
    detail: str | None = None
    info: dict[str, int | float | str | bool | None] = Field(
        default={}, description="What this dependency reports: queue lengths, bucket, workers"
    )


class Readiness(BaseModel):
    status: Overall
    version: str
    dependencies: list[DependencyHealth]
