"""Plain async functions over the metadata tables; callers pass the session."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from componentforge.infra.db.models import CacheStat, CostRow, Generation, ValidationReportRow
from componentforge.schemas.generation import (
    DailyCost,
    GenerationFilters,
    GenerationStats,
    GroupStats,
)


def where(filters: GenerationFilters, query: Select[Any]) -> Select[Any]:
    """`query` narrowed to the generations that match `filters`."""
    if filters.tenant is not None:
        query = query.where(Generation.tenant == filters.tenant)
    if filters.project is not None:
        query = query.where(Generation.project == filters.project)
    if filters.component_type is not None:
        query = query.where(Generation.component_type == filters.component_type)
    if filters.cache_layer is not None:
        query = query.where(Generation.cache_layer == filters.cache_layer)
    if filters.success is not None:
        query = query.where(Generation.success.is_(filters.success))
    if filters.since is not None:
        query = query.where(Generation.started_at >= filters.since)
    if filters.until is not None:
        query = query.where(Generation.started_at < filters.until)
    return query


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
    total = await session.scalar(where(filters, select(func.count()).select_from(Generation)))
    rows = await session.scalars(
        where(filters, select(Generation))
        .order_by(Generation.started_at.desc(), Generation.id)
        .limit(limit)
        .offset(offset)
    )
    return rows.all(), int(total or 0)


async def latency_percentile(
    session: AsyncSession, filters: GenerationFilters, q: float, count: int | None = None
) -> float | None:
    """Nearest-rank percentile of duration_ms; ORDER BY + OFFSET works on every database."""
    base = where(filters, select(Generation.duration_ms)).where(Generation.duration_ms.is_not(None))
    if count is None:
        count = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if count == 0:
        return None
    rank = max(1, math.ceil(q * count))
    value = await session.scalar(base.order_by(Generation.duration_ms).offset(rank - 1).limit(1))
    return float(value) if value is not None else None


async def generation_stats(session: AsyncSession, filters: GenerationFilters) -> GenerationStats:
    """Counts, rates, latency percentiles and cost of the matching generations, per day and
    per (component type, cache layer)."""
    totals = await _totals(session, filters)
    day = func.date(Generation.started_at)
    daily = await session.execute(
        where(filters, select(day, func.count(), func.coalesce(func.sum(Generation.cost_usd), 0.0)))
        .group_by(day)
        .order_by(day)
    )
    return GenerationStats(
        count=totals.count,
        success_rate=totals.success_rate,
        p50_ms=totals.p50_ms,
        p95_ms=totals.p95_ms,
        l1_hit_rate=totals.l1_hit_rate,
        cost_usd=totals.cost_usd,
        cost_per_day=[
            DailyCost(day=_as_date(d).isoformat(), generations=int(n), cost_usd=round(float(c), 6))
            for d, n, c in daily.all()
        ],
        by_group=await _groups(session, filters),
    )


@dataclass(frozen=True)
class _Totals:
    count: int
    success_rate: float
    l1_hit_rate: float
    cost_usd: float
    p50_ms: float | None
    p95_ms: float | None


async def _totals(session: AsyncSession, filters: GenerationFilters) -> _Totals:
    totals = (
        await session.execute(
            where(
                filters,
                select(
                    func.count(),
                    func.coalesce(func.sum(case((Generation.success.is_(True), 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Generation.cache_layer == "L1", 1), else_=0)), 0),
                    func.coalesce(func.sum(Generation.cost_usd), 0.0),
                    func.count(Generation.duration_ms),
                ),
            )
        )
    ).one()
    count, successes, l1_hits, timed = (int(totals[i]) for i in (0, 1, 2, 4))
    return _Totals(
        count=count,
        success_rate=round(successes / count, 4) if count else 0.0,
        l1_hit_rate=round(l1_hits / count, 4) if count else 0.0,
        cost_usd=round(float(totals[3]), 6),
        p50_ms=await latency_percentile(session, filters, 0.50, timed),
        p95_ms=await latency_percentile(session, filters, 0.95, timed),
    )


async def _groups(session: AsyncSession, filters: GenerationFilters) -> list[GroupStats]:
    """One entry per (component type, cache layer) that has generations."""
    pairs = await session.execute(
        where(
            filters, cast("Select[Any]", select(Generation.component_type, Generation.cache_layer))
        )
        .group_by(Generation.component_type, Generation.cache_layer)
        .order_by(Generation.component_type, Generation.cache_layer)
    )
    out = []
    for component_type, layer in pairs.all():
        narrowed = replace(filters, component_type=component_type, cache_layer=layer)
        t = await _totals(session, narrowed)
        out.append(
            GroupStats(
                component_type=component_type,
                cache_layer=layer,
                count=t.count,
                success_rate=t.success_rate,
                p50_ms=t.p50_ms,
                p95_ms=t.p95_ms,
            )
        )
    return out


def _as_date(value: date | str) -> date:
    # PostgreSQL returns a date, SQLite its ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


async def insert_cost(session: AsyncSession, **values: Any) -> CostRow:
    row = CostRow(**values)
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
