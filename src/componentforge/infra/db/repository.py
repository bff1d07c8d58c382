"""Plain async functions over the metadata tables; callers pass the session."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from componentforge.infra.db.models import CacheStat, Cost, Generation, ValidationReportRow


@dataclass(frozen=True)
class GenerationFilters:
    component_type: str | None = None
    cache_layer: str | None = None
    success: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    tenant: str | None = None
    project: str | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.tenant is not None:
            query = query.where(Generation.tenant == self.tenant)
        if self.project is not None:
            query = query.where(Generation.project == self.project)
        if self.component_type is not None:
            query = query.where(Generation.component_type == self.component_type)
        if self.cache_layer is not None:
            query = query.where(Generation.cache_layer == self.cache_layer)
        if self.success is not None:
            query = query.where(Generation.success.is_(self.success))
        if self.since is not None:
            query = query.where(Generation.started_at >= self.since)
        if self.until is not None:
            query = query.where(Generation.started_at < self.until)
        return query


@dataclass(frozen=True)
class DailyCost:
    day: date
    generations: int
    cost_usd: float


@dataclass(frozen=True)
class GenerationStats:
    count: int
    success_rate: float
    p50_ms: float | None
    p95_ms: float | None
    l1_hit_rate: float
    cost_usd: float
    cost_per_day: list[DailyCost] = field(default_factory=list)


async def insert_generation(session: AsyncSession, **values: Any) -> Generation:
    row = Generation(**values)
    session.add(row)
    await session.commit()
    return row


async def get_generation(session: AsyncSession, generation_id: str) -> Generation | None:
    return await session.get(Generation, generation_id)


async def list_generations(
    session: AsyncSession, filters: GenerationFilters, limit: int = 50, offset: int = 0
) -> tuple[Sequence[Generation], int]:
    """A page of generations, newest first, and the total that match."""
    total = await session.scalar(filters.apply(select(func.count()).select_from(Generation)))
    rows = await session.scalars(
        filters.apply(select(Generation))
        .order_by(Generation.started_at.desc(), Generation.id)
        .limit(limit)
        .offset(offset)
    )
    return rows.all(), int(total or 0)


async def latency_percentile(
    session: AsyncSession, filters: GenerationFilters, q: float, count: int | None = None
) -> float | None:
    """Nearest-rank percentile of duration_ms; ORDER BY + OFFSET works on every database."""
    base = filters.apply(select(Generation.duration_ms)).where(Generation.duration_ms.is_not(None))
    if count is None:
        count = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if count == 0:
        return None
    rank = max(1, math.ceil(q * count))
    value = await session.scalar(base.order_by(Generation.duration_ms).offset(rank - 1).limit(1))
    return float(value) if value is not None else None


async def generation_stats(session: AsyncSession, filters: GenerationFilters) -> GenerationStats:
    totals = (
        await session.execute(
            filters.apply(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((Generation.success.is_(True), 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Generation.cache_layer == "L1", 1), else_=0)), 0),
                    func.coalesce(func.sum(Generation.cost_usd), 0.0),
                    func.count(Generation.duration_ms),
                )
            )
        )
    ).one()
    count, successes, l1_hits, timed = (int(totals[i]) for i in (0, 1, 2, 4))
    cost = float(totals[3])
    day = func.date(Generation.started_at)
    daily = await session.execute(
        filters.apply(select(day, func.count(), func.coalesce(func.sum(Generation.cost_usd), 0.0)))
        .group_by(day)
        .order_by(day)
    )
    return GenerationStats(
        count=count,
        success_rate=successes / count if count else 0.0,
        p50_ms=await latency_percentile(session, filters, 0.50, timed),
        p95_ms=await latency_percentile(session, filters, 0.95, timed),
        l1_hit_rate=l1_hits / count if count else 0.0,
        cost_usd=round(cost, 6),
        cost_per_day=[
            DailyCost(_as_date(d), int(n), round(float(c), 6)) for d, n, c in daily.all()
        ],
    )


def _as_date(value: date | str) -> date:
    # PostgreSQL returns a date, SQLite its ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


async def insert_cost(session: AsyncSession, **values: Any) -> Cost:
    row = Cost(**values)
    session.add(row)
    await session.commit()
    return row


async def insert_cache_stat(session: AsyncSession, **values: Any) -> CacheStat:
    row = CacheStat(**values)
    session.add(row)
    await session.commit()
    return row


async def insert_validation_report(session: AsyncSession, **values: Any) -> ValidationReportRow:
    row = ValidationReportRow(**values)
    session.add(row)
    await session.commit()
    return row


async def get_validation_report(
    session: AsyncSession, report_id: str
) -> ValidationReportRow | None:
    return await session.get(ValidationReportRow, report_id)
