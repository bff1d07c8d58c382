"""Qdrant: local mode on disk by default, a Qdrant server when QDRANT_URL is set, and the
vector store the pattern index is kept in.

Local mode searches in pure Python inside its `async` methods: on the service's event loop,
each distinct query held the loop for about 5 ms. The store runs a local client on a thread
of its own (an event loop there, one call at a time), so the service's loop keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from qdrant_client import AsyncQdrantClient, models

from componentforge.infra.breaker import Breakers

log = logging.getLogger(__name__)
T = TypeVar("T")
BREAKER = "qdrant"


def build_qdrant(
    url: str | None, api_key: str | None, local_path: Path, timeout: float
) -> AsyncQdrantClient:
    """Local mode locks its folder to one process: with several workers, the first holds it
    and the others keep their index in memory (built at their start, as small as the library).
    A Qdrant server shares one index between them."""
    if url:
        return AsyncQdrantClient(url=url, api_key=api_key, timeout=int(max(1, timeout)))
    local_path.mkdir(parents=True, exist_ok=True)
    try:
        return AsyncQdrantClient(path=str(local_path))
    except RuntimeError as exc:  # "already accessed by another instance"
        log.warning("qdrant local folder held by another process, indexing in memory: %s", exc)
        return AsyncQdrantClient(location=":memory:")


def open_vectors(
    url: str | None,
    api_key: str | None,
    local_path: Path,
    breakers: Breakers,
    timeout: float,
    call_timeout: float | None = None,
) -> VectorStore:
    """The store over `build_qdrant`'s client, a local one on its own thread; each call within
    `call_timeout` (default `timeout`, which also bounds a server's HTTP requests)."""
    client = build_qdrant(url, api_key, local_path, timeout)
    return VectorStore(client, breakers, call_timeout or timeout, own_thread=url is None)


@dataclass(frozen=True)
class VectorPoint:
    id: str
    vector: list[float]
    payload: dict[str, str]


@dataclass(frozen=True)
class VectorHit:
    id: str
    score: float
    payload: dict[str, str]  # empty when no fields were asked for


class Lane:
    """A thread with an event loop of its own, running one client's coroutines there."""

    def __init__(self, name: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    async def run(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """`work()` run on the lane; cancelling the caller cancels it there."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work(), self._loop))

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()


class VectorStore:
    """Collections of vectors with string payloads, in Qdrant: every call goes through the
    `qdrant` breaker with a time limit, so a slow or absent Qdrant is a DependencyError (search
    then answers from BM25) rather than a stall. With `own_thread` (local mode), the client's
    calls run on a lane of their own."""

    def __init__(
        self,
        client: AsyncQdrantClient,
        breakers: Breakers,
        timeout: float,
        own_thread: bool = False,
    ) -> None:
        self.client = client
        self._breakers = breakers
        self._timeout = timeout
        self._lane = Lane("qdrant-local") if own_thread else None
        breakers.register(BREAKER)

    async def _run(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        return await (self._lane.run(work) if self._lane is not None else work())

    async def _call(self, work: Callable[[], Coroutine[Any, Any, T]], timeout: float | None) -> T:
        return await self._breakers.call(
            BREAKER, lambda: self._run(work), timeout=timeout or self._timeout
        )

    async def ping(self) -> None:
        """The store answers (health's probe: no breaker, the caller keeps the time)."""
        await self._run(self.client.get_collections)

    async def close(self) -> None:
        try:
            await self._run(self.client.close)
        finally:
            if self._lane is not None:
                self._lane.stop()

    async def ensure_collection(
        self, name: str, dimension: int, timeout: float | None = None
    ) -> None:
        """Create `name` (cosine distance) unless it exists."""

        async def ensure() -> None:
            if not await self.client.collection_exists(name):
                await self.client.create_collection(
                    name,
                    vectors_config=models.VectorParams(
                        size=dimension, distance=models.Distance.COSINE
                    ),
                )

        await self._call(ensure, timeout)

    async def payloads(
        self, name: str, fields: list[str], timeout: float | None = None
    ) -> dict[str, dict[str, str]]:
        """The `fields` of every point's payload, by point id."""

        async def scroll() -> dict[str, dict[str, str]]:
            found: dict[str, dict[str, str]] = {}
            offset = None
            while True:
                points, offset = await self.client.scroll(
                    name, limit=512, offset=offset, with_payload=fields
                )
                for p in points:
                    found[str(p.id)] = {k: str(v) for k, v in (p.payload or {}).items()}
                if offset is None:
                    return found

        return await self._call(scroll, timeout)

    async def delete_where(
        self, name: str, field: str, values: list[str], timeout: float | None = None
    ) -> None:
        """Delete the points whose payload `field` is one of `values`."""
        selector = models.Filter(
            must=[models.FieldCondition(key=field, match=models.MatchAny(any=values))]
        )
        await self._call(lambda: self.client.delete(name, points_selector=selector), timeout)

    async def upsert(
        self, name: str, points: list[VectorPoint], timeout: float | None = None
    ) -> None:
        structs = [models.PointStruct(id=p.id, vector=p.vector, payload=p.payload) for p in points]
        await self._call(lambda: self.client.upsert(name, points=structs), timeout)

    async def query(
        self, name: str, vector: list[float], limit: int, fields: list[str] | None
    ) -> list[VectorHit]:
        """The nearest `limit` points, best first, with their payload's `fields` (None: no
        payload, the cheap answer when the caller knows its points)."""
        payload: list[str] | bool = fields if fields is not None else False
        response = await self._call(
            lambda: self.client.query_points(name, query=vector, limit=limit, with_payload=payload),
            None,
        )
        return [
            VectorHit(str(p.id), float(p.score), {k: str(v) for k, v in (p.payload or {}).items()})
            for p in response.points
        ]
