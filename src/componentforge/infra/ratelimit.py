"""Rate-limit counters: Redis when configured (shared by workers), in-process otherwise.

Built on `limits`, the library slowapi wraps, through its asyncio API so that a Redis
round-trip never blocks the event loop. A Redis outage falls back to in-process counters.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: str
    remaining: int
    retry_after_seconds: int


class RateLimiter:
    def __init__(
        self,
        redis_url: str | None,
        breakers: Breakers,
        metrics: Metrics,
        timeout: float,
        key_prefix: str = "componentforge:rl",
    ) -> None:
        self._memory = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._redis: SlidingWindowCounterRateLimiter | None = None
        if redis_url:
            storage = RedisStorage(
                "async+" + redis_url,
                implementation="redispy",
                key_prefix=key_prefix,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
            )
            self._redis = SlidingWindowCounterRateLimiter(storage)
        self._breakers = breakers
        self._metrics = metrics
        self._timeout = timeout
        self._parsed: dict[str, list[RateLimitItem]] = {}
        self._logged_at = -10.0

    @property
    def backend(self) -> str:
        return "redis" if self._redis else "memory"

    async def hit(self, limit: str, group: str, key: str) -> RateDecision:
        """Count one request of `key` in `group`; every item of `limit` must allow it."""
        items = self._parsed.setdefault(limit, parse_many(limit))
        for item in items:
            allowed, remaining, reset_at = await self._hit(item, group, key)
            if not allowed:
                retry_after = max(1, math.ceil(reset_at - time.time()))
                return RateDecision(False, str(item), 0, retry_after)
        return RateDecision(True, str(items[0]), remaining, 0)

    async def _hit(self, item: RateLimitItem, group: str, key: str) -> tuple[bool, int, float]:
        if self._redis is not None:
            redis = self._redis
            try:
                return await self._breakers.call(
                    "redis", lambda: _hit_and_read(redis, item, group, key), timeout=self._timeout
                )
            except DependencyError as exc:
                self._metrics.fallbacks.labels("redis").inc()
                now = time.monotonic()
                if now - self._logged_at >= 10.0:  # an outage is one line, not one per request
                    self._logged_at = now
                    log.warning("rate limits counted in process: %s", exc.message)
        return await _hit_and_read(self._memory, item, group, key)


async def _hit_and_read(
    limiter: SlidingWindowCounterRateLimiter, item: RateLimitItem, group: str, key: str
) -> tuple[bool, int, float]:
    allowed = await limiter.hit(item, group, key)
    stats = await limiter.get_window_stats(item, group, key)
    return allowed, stats.remaining, stats.reset_time
