"""The vector store over Qdrant's local mode: on a thread of its own, the event loop keeps
running while a search or a write works, answers are the same, and closing ends the thread."""

from __future__ import annotations

import asyncio
import random
import threading

from qdrant_client import AsyncQdrantClient

from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics
from componentforge.infra.vectors import VectorPoint, VectorStore

DIMENSION = 64


def points(n: int) -> list[VectorPoint]:
    rng = random.Random(7)
    return [
        VectorPoint(
            f"00000000-0000-0000-0000-{i:012d}",
            [rng.uniform(-1, 1) for _ in range(DIMENSION)],
            {"n": str(i)},
        )
        for i in range(n)
    ]


async def ticks_during(work: asyncio.Future[object] | asyncio.Task[object]) -> int:
    """How many times the loop ran something else before `work` finished."""
    ticks = 0
    while not work.done():
        await asyncio.sleep(0)
        ticks += 1
    return ticks


def lanes() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "qdrant-local"]


async def test_a_local_store_on_its_own_thread_leaves_the_loop_free() -> None:
    before = len(lanes())
    threaded = VectorStore(AsyncQdrantClient(":memory:"), Breakers(Metrics(), 5, 30), 60, True)
    inline = VectorStore(AsyncQdrantClient(":memory:"), Breakers(Metrics(), 5, 30), 60)
    assert len(lanes()) == before + 1
    data = points(4000)
    for store in (threaded, inline):
        await store.ensure_collection("c", DIMENSION)
        await store.upsert("c", data)
    query = points(4001)[-1].vector

    threaded_hits = await threaded.query("c", query, 5, ["n"])
    assert threaded_hits == await inline.query("c", query, 5, ["n"])
    assert len(threaded_hits) == 5 and all(h.payload["n"] for h in threaded_hits)

    # The writes are the slow part of local mode: on the lane the loop runs meanwhile; inline
    # it runs nothing else until the call is over.
    more = points(8000)[4000:]
    lane_ticks = await ticks_during(asyncio.ensure_future(threaded.upsert("c", more)))
    inline_ticks = await ticks_during(asyncio.ensure_future(inline.upsert("c", more)))
    assert inline_ticks <= 2 and lane_ticks > 100
    assert (await threaded.payloads("c", ["n"])).keys() == (
        await inline.payloads("c", ["n"])
    ).keys()

    await threaded.ping()
    await threaded.close()
    await inline.close()
    assert len(lanes()) == before
