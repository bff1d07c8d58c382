"""Liveness (no I/O) and readiness (every dependency, with its mode and breaker)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from componentforge.api.deps import HealthServiceDep
from componentforge.schemas.health import Liveness, Readiness

liveness_router = APIRouter(tags=["health"])
router = APIRouter(tags=["health"])


@liveness_router.get("/health", summary="Liveness: the process answers")
async def liveness(health: HealthServiceDep) -> Liveness:
    return health.liveness()


@router.get(
    "/health",
    summary="Readiness: each dependency, its mode, latency and circuit breaker",
    responses={503: {"description": "An embedded part is down: the service cannot do its work."}},
)
async def readiness(health: HealthServiceDep, response: Response) -> Readiness:
    """`healthy`: all up. `degraded`: an external service is down and its fallback answers.
    `unhealthy` (503): an embedded part (local disk, SQLite) is down."""
    report = await health.readiness()
    if report.status == "unhealthy":
        response.status_code = 503
    return report
