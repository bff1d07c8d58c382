"""L1 exact cache: Redis when configured, an in-process LRU otherwise, one interface."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from redis.asyncio import Redis

from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics

T = TypeVar("T")
log = logging.getLogger(__name__)
FAILURE_LOG_SECONDS = 10.0


class CacheBackend(Protocol):
    name: str

    async def get(self, key: str) -> bytes | None: ...
    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None: ...
    async def delete(self, key: str) -> bool: ...
    async def delete_prefix(self, prefix: str) -> int: ...
    async def size(self) -> int: ...


class MemoryLRU:
    """Least-recently-used entries go first once either bound is passed; an entry with a TTL
    is gone once it expires."""

    name = "memory"

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self._items: OrderedDict[str, tuple[bytes, float | None]] = OrderedDict()
        self._bytes = 0
        self._max_entries = max_entries
        self._max_bytes = max_bytes

    async def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and time.monotonic() >= expires:
            await self.delete(key)
            return None
        self._items.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        await self.delete(key)
        if len(value) > self._max_bytes:
            return
        self._items[key] = (value, time.monotonic() + ttl if ttl is not None else None)
        self._bytes += len(value)
        while len(self._items) > self._max_entries or self._bytes > self._max_bytes:
            _, (evicted, _) = self._items.popitem(last=False)
            self._bytes -= len(evicted)

    async def delete(self, key: str) -> bool:
        item = self._items.pop(key, None)
        if item is None:
            return False
        self._bytes -= len(item[0])
        return True

    async def delete_prefix(self, prefix: str) -> int:
        keys = [key for key in self._items if key.startswith(prefix)]
        for key in keys:
            await self.delete(key)
        return len(keys)

    async def size(self) -> int:
        return len(self._items)


class RedisBackend:
    """Entries under one key prefix, so `size` can count ours alone; a TTL is Redis's own."""

    name = "redis"

    def __init__(self, client: Redis, prefix: str = "componentforge:l1:") -> None:
        self._client = client
        self._prefix = prefix

    async def get(self, key: str) -> bytes | None:
        value = await self._client.get(self._prefix + key)
        return value.encode() if isinstance(value, str) else value

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        expiry = max(1, int(ttl * 1000)) if ttl is not None else None
        await self._client.set(self._prefix + key, value, px=expiry)

    async def delete(self, key: str) -> bool:
        return bool(await self._client.delete(self._prefix + key))

    async def delete_prefix(self, prefix: str) -> int:
        removed = 0
        async for name in self._client.scan_iter(match=_glob(self._prefix + prefix) + "*"):
            removed += await self._client.delete(name)
        return removed

    async def size(self) -> int:
        count = 0
        async for _ in self._client.scan_iter(match=self._prefix + "*", count=500):
            count += 1
        return count


def _glob(text: str) -> str:
    """`text` as a literal in a Redis MATCH pattern."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


@dataclass
class CacheStats:
    backend: str
    hits: int = 0
    misses: int = 0
    errors: int = 0
    bytes_saved: int = 0
    entries: int | None = None

    @property
    def hit_rate(self) -> float:
        looked_up = self.hits + self.misses
        return self.hits / looked_up if looked_up else 0.0


class ExactCache:
    """Counts hits, misses and bytes saved; a failing backend means no caching, never an error."""

    def __init__(
        self,
        backend: CacheBackend,
        breakers: Breakers,
        metrics: Metrics,
        timeout: float,
        layer: str = "L1",
    ) -> None:
        self.backend = backend
        self.layer = layer
        self._breakers = breakers
        self._metrics = metrics
        self._timeout = timeout
        self._stats = CacheStats(backend=backend.name)
        self._logged_at = -FAILURE_LOG_SECONDS
        if backend.name == "redis":
            breakers.register("redis")

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self._call(lambda: self.backend.get(key))
        except DependencyError as exc:
            self._failed("get", exc)
            self._count("error")
            self._count("miss")
            return None
        if value is None:
            self._count("miss")
            return None
        self._count("hit")
        self._stats.bytes_saved += len(value)
        self._metrics.cache_bytes_saved.labels(self.layer).inc(len(value))
        return value

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        """Store `value` (for `ttl` seconds, or until evicted); False when the backend is down
        and nothing was cached."""
        try:
            await self._call(lambda: self.backend.set(key, value, ttl))
        except DependencyError as exc:
            self._failed("set", exc)
            self._count("error")
            return False
        return True

    async def delete(self, key: str) -> bool:
        """True when an entry was removed. Raises DependencyError: a lost delete must be said."""
        return await self._call(lambda: self.backend.delete(key))

    async def delete_prefix(self, prefix: str) -> int:
        """How many entries whose key starts with `prefix` were removed. Raises DependencyError."""
        return await self._call(lambda: self.backend.delete_prefix(prefix))

    async def stats(self) -> CacheStats:
        try:
            self._stats.entries = await self._call(self.backend.size)
        except DependencyError:
            self._stats.entries = None
        return CacheStats(**self._stats.__dict__)

    async def _call(self, func: Callable[[], Awaitable[T]]) -> T:
        if self.backend.name != "redis":
            return await func()
        return await self._breakers.call("redis", func, timeout=self._timeout)

    def _failed(self, operation: str, exc: DependencyError) -> None:
        """Say so in the log, at most once per FAILURE_LOG_SECONDS: an outage is not a flood."""
        now = time.monotonic()
        if now - self._logged_at >= FAILURE_LOG_SECONDS:
            self._logged_at = now
            log.warning(
                "%s cache %s failed, answering without it: %s", self.layer, operation, exc.message
            )

    def _count(self, result: str) -> None:
        if result == "hit":
            self._stats.hits += 1
        elif result == "miss":
            self._stats.misses += 1
        else:
            self._stats.errors += 1
            self._metrics.fallbacks.labels("redis").inc()
        self._metrics.cache_requests.labels(self.layer, result).inc()
