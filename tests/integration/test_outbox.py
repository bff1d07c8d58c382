"""The database goes away mid-run: records are kept locally and written when it is back."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from componentforge.infra.breaker import Breakers
from componentforge.infra.db import migrate
from componentforge.infra.db.models import Generation
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.session import build_engine, build_sessionmaker
from componentforge.infra.metrics import Metrics
from tests.support.proxy import TcpProxy


@pytest.fixture
def pg_proxy(
    postgres_url: str, make_proxy: Callable[[str], tuple[TcpProxy, str]]
) -> tuple[TcpProxy, str]:
    proxy, url = make_proxy(postgres_url)
    return proxy, "postgresql+asyncpg://" + url.split("://", 1)[1]


async def count_rows(url: str) -> int:
    engine = build_engine(url, 1, 5)
    async with build_sessionmaker(engine)() as s:
        n = await s.scalar(select(func.count()).select_from(Generation))
    await engine.dispose()
    return int(n or 0)


async def test_records_survive_a_database_outage(
    pg_proxy: tuple[TcpProxy, str], postgres_url: str, tmp_path: Path
) -> None:
    proxy, url = pg_proxy
    direct = "postgresql+asyncpg://" + postgres_url.split("://", 1)[1]
    engine = build_engine(url, pool_size=2, timeout=2)
    await migrate.upgrade(engine)
    before = await count_rows(direct)
    metrics = Metrics()
    store = MetadataStore(
        build_sessionmaker(engine),
        Breakers(metrics, 2, 0.3),
        metrics,
        tmp_path / "outbox",
        timeout=2,
    )
    record = {
        "id": "a" * 32,
        "component_type": "button",
        "cache_layer": "L4",
        "success": True,
        "duration_ms": 812.5,
        "meta": {"request": {"pattern_id": "shadcn-button"}},
    }
    assert await store.add("generations", record) == "written"
    batch = [{**record, "id": f"b{i:031d}"} for i in range(2)]
    assert await store.add_many("generations", batch) == "written"  # one transaction

    proxy.cut()
    kept = [{**record, "id": f"{i:032d}"} for i in range(3)]
    for values in kept[:1]:
        assert await store.add("generations", values) == "deferred"
    assert await store.add_many("generations", kept[1:]) == "deferred"  # the batch, whole
    assert store.pending_count() == 3
    lines = [json.loads(line) for line in store.outbox.read_text().splitlines()]
    assert lines[0] == {"table": "generations", "values": kept[0]}  # all that is needed to replay
    assert (
        metrics.registry.get_sample_value("componentforge_deferred_writes", {"store": "database"})
        == 3
    )
    assert await store.replay() == 0  # still down: nothing lost, nothing written

    proxy.restore()
    await asyncio.sleep(0.35)  # let the breaker half-open
    assert await store.replay() == 3
    assert store.pending_count() == 0 and not store.outbox.exists()
    assert await count_rows(direct) == before + 6
    assert await store.replay() == 0
    await engine.dispose()


async def test_outboxes_of_dead_processes_are_adopted_and_replayed(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite+aiosqlite:///{tmp_path}/meta.db", 1, 5)
    await migrate.upgrade(engine)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    dead = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await dead.wait()  # a pid that existed and is gone
    left_behind = {
        "table": "generations",
        "values": {
            "id": "b" * 32,
            "component_type": "card",
            "cache_layer": "L1",
            "success": True,
            "started_at": "2026-11-20T10:00:00+00:00",
        },
    }
    (outbox / f"outbox-{dead.pid}.jsonl").write_text(json.dumps(left_behind) + "\n")
    alive = outbox / "outbox-1.jsonl"  # pid 1 is running: not ours to take
    alive.write_text(
        json.dumps({**left_behind, "values": {**left_behind["values"], "id": "c" * 32}}) + "\n"
    )

    metrics = Metrics()
    store = MetadataStore(build_sessionmaker(engine), Breakers(metrics, 2, 1), metrics, outbox, 2)
    assert store.pending_count() == 1 and alive.exists()
    assert not (outbox / f"outbox-{dead.pid}.jsonl").exists()
    assert await store.replay() == 1 and store.pending_count() == 0
    async with build_sessionmaker(engine)() as s:
        row = await s.get(Generation, "b" * 32)
    assert row is not None and row.started_at.isoformat() == "2026-11-20T10:00:00+00:00"
    await engine.dispose()
