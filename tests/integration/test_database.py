"""Migrations and repository functions on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from componentforge.infra.db import migrate
from componentforge.infra.db import repository as repo
from componentforge.infra.db.session import build_engine, build_sessionmaker
from componentforge.schemas.generation import GenerationFilters

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/meta.db"
    else:
        base = request.getfixturevalue("postgres_url")
        url = "postgresql+asyncpg://" + base.split("://", 1)[1]
    engine = build_engine(url, pool_size=2, timeout=5)
    await migrate.upgrade(engine, "head")
    yield engine
    await migrate_down(engine)
    await engine.dispose()


async def migrate_down(engine: AsyncEngine) -> None:
    from alembic import command
    from sqlalchemy.engine import Connection

    def run(connection: Connection) -> None:
        config = migrate.alembic_config("unused")
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    async with engine.begin() as conn:
        await conn.run_sync(run)


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return build_sessionmaker(engine)


async def test_migrations_create_the_tables_and_indexes(engine: AsyncEngine) -> None:
    def read(conn):  # type: ignore[no-untyped-def]
        insp = inspect(conn)
        return set(insp.get_table_names()), {i["name"] for i in insp.get_indexes("generations")}

    async with engine.connect() as conn:
        tables, indexes = await conn.run_sync(read)
    assert {"generations", "cache_stats", "costs", "validation_reports"} <= tables
    assert {
        "ix_generations_component_type",
        "ix_generations_started_at",
        "ix_generations_cache_layer",
        "ix_generations_success",
    } <= indexes
    assert await migrate.current_revision(engine) == "0003"
    assert "ix_generations_tenant_started" in indexes and "api_keys" in tables


async def seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    rows = [
        # (type, layer, success, duration, cost, day offset)
        ("button", "L4", True, 900.0, 0.010, 0),
        ("button", "L1", True, 3.0, 0.0, 0),
        ("button", "L4", False, 1500.0, 0.020, 1),
        ("card", "L4", True, 1200.0, 0.030, 1),
        ("card", "L1", True, 2.0, 0.0, 2),
    ]
    async with sessions() as s:
        for i, (ctype, layer, ok, ms, cost, day) in enumerate(rows):
            started = T0 + timedelta(days=day, minutes=i)
            await repo.insert_generation(
                s,
                component_type=ctype,
                cache_layer=layer,
                success=ok,
                started_at=started,
                completed_at=started + timedelta(milliseconds=ms),
                duration_ms=ms,
                cost_usd=cost,
                cost_breakdown={"gpt-4o": cost},
                error_type=None if ok else "ValidationFailed",
                trace_id=f"trace-{i}",
                meta={"i": i},
            )


async def test_insert_get_round_trip(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as s:
        row = await repo.insert_generation(
            s, component_type="badge", cache_layer="L4", success=True, meta={"k": "v"}
        )
    async with sessions() as s:
        got = await repo.get_generation(s, row.id)
    assert got is not None
    assert got.component_type == "badge" and got.meta == {"k": "v"}
    assert got.started_at.tzinfo is not None
    async with sessions() as s:
        assert await repo.get_generation(s, "missing") is None


async def test_list_filters_and_pagination(sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed(sessions)
    async with sessions() as s:
        rows, total = await repo.list_generations(s, GenerationFilters(component_type="button"))
        assert total == 3 and [r.duration_ms for r in rows] == [1500.0, 3.0, 900.0]  # newest first
        _, total = await repo.list_generations(s, GenerationFilters(cache_layer="L1"))
        assert total == 2
        rows, total = await repo.list_generations(s, GenerationFilters(success=False))
        assert total == 1 and rows[0].error_type == "ValidationFailed"
        window = GenerationFilters(since=T0 + timedelta(days=1), until=T0 + timedelta(days=2))
        _, total = await repo.list_generations(s, window)
        assert total == 2
        page, total = await repo.list_generations(s, GenerationFilters(), limit=2, offset=4)
        assert total == 5 and len(page) == 1


async def test_analytics(sessions: async_sessionmaker[AsyncSession]) -> None:
    await seed(sessions)
    async with sessions() as s:
        stats = await repo.generation_stats(s, GenerationFilters())
        assert stats.count == 5
        assert stats.success_rate == pytest.approx(0.8)
        assert stats.l1_hit_rate == pytest.approx(0.4)
        assert stats.p50_ms == 900.0  # nearest rank over 2, 3, 900, 1200, 1500
        assert stats.p95_ms == 1500.0
        assert stats.cost_usd == pytest.approx(0.06)
        assert [(d.day, d.generations, d.cost_usd) for d in stats.cost_per_day] == [
            ("2026-11-01", 2, 0.01),
            ("2026-11-02", 2, 0.05),
            ("2026-11-03", 1, 0.0),
        ]
        cards = await repo.generation_stats(s, GenerationFilters(component_type="card"))
        assert cards.count == 2 and cards.p50_ms == 2.0
        empty = await repo.generation_stats(s, GenerationFilters(component_type="tabs"))
        assert empty.count == 0 and empty.p50_ms is None and empty.success_rate == 0.0


async def test_other_tables(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as s:
        await repo.insert_cost(
            s,
            provider="openai",
            model="gpt-4o",
            task="vision",
            prompt_tokens=10,
            completion_tokens=5,
            cost_usd=0.0001,
        )
        await repo.insert_cache_stat(s, layer="L1", backend="redis", hits=3, misses=1)
        report = await repo.insert_validation_report(
            s,
            status="PASS",
            score=0.97,
            report={"checks": []},
            html_key="reports/x/quality-report.html",
        )
    async with sessions() as s:
        got = await repo.get_validation_report(s, report.id)
    assert got is not None and got.status == "PASS" and got.report == {"checks": []}
