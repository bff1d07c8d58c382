"""The job queue as the gauges show it: read from the table at scrape time, so every process's
`/metrics` agrees with the one source of truth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from componentforge.infra.db.models import JobRow, WorkerRow, utcnow


@dataclass(frozen=True)
class Depth:
    """The queue as the gauges show it."""

    queued: dict[str, int]
    running: int
    oldest_queued_seconds: float
    workers_alive: int


async def read_depth(session: AsyncSession, alive_within: float) -> Depth:
    """Queued jobs by kind, running jobs, the oldest queued job's age, and the workers seen in
    the last `alive_within` seconds."""
    now = utcnow()
    by_kind = await session.execute(
        select(JobRow.kind, func.count()).where(JobRow.status == "queued").group_by(JobRow.kind)
    )
    running = await session.scalar(select(func.count()).where(JobRow.status == "running"))
    oldest = await session.scalar(
        select(func.min(JobRow.created_at)).where(JobRow.status == "queued")
    )
    alive = await session.scalar(
        select(func.count()).where(WorkerRow.seen_at >= now - timedelta(seconds=alive_within))
    )
    age = (now - _aware(oldest)).total_seconds() if oldest is not None else 0.0
    return Depth(
        queued={str(k): int(n) for k, n in by_kind.all()},
        running=int(running or 0),
        oldest_queued_seconds=max(0.0, age),
        workers_alive=int(alive or 0),
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
