"""The L1 cache and rate-limit counters on the real Redis, and what happens when it stops."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from componentforge.canonical import digest
from componentforge.infra.breaker import Breakers
from componentforge.infra.cache import ExactCache, RedisBackend
from componentforge.infra.metrics import Metrics
from componentforge.infra.ratelimit import RateLimiter
from tests.support.proxy import TcpProxy


@pytest.fixture
def redis_proxy(
    redis_url: str, make_proxy: Callable[[str], tuple[TcpProxy, str]]
) -> tuple[TcpProxy, str]:
    return make_proxy(redis_url)


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


async def test_redis_cache_counts_hits_misses_and_bytes(redis_url: str, redis_prefix: str) -> None:
    metrics = Metrics()
    client = Redis.from_url(redis_url)
    backend = RedisBackend(client, prefix=f"{redis_prefix}:l1:")
    cache = ExactCache(backend, Breakers(metrics, 3, 1), metrics, timeout=1)
    key = digest({"pattern": "shadcn-card"})
    assert await cache.get(key) is None
    assert await cache.set(key, b"x" * 100)
    assert await cache.get(key) == b"x" * 100
    assert await client.ttl(f"{redis_prefix}:l1:{key}") == -1  # no TTL
    stats = await cache.stats()
    assert (stats.hits, stats.misses, stats.bytes_saved, stats.entries) == (1, 1, 100, 1)
    assert sample(metrics, "componentforge_cache_requests_total", layer="L1", result="hit") == 1
    assert sample(metrics, "componentforge_cache_bytes_saved_total", layer="L1") == 100
    assert await cache.delete(key) and await cache.get(key) is None
    await client.aclose()


async def test_redis_entries_take_a_ttl_and_go_by_prefix(redis_url: str, redis_prefix: str) -> None:
    metrics = Metrics()
    client = Redis.from_url(redis_url)
    backend = RedisBackend(client, prefix=f"{redis_prefix}:figma:")
    cache = ExactCache(backend, Breakers(metrics, 3, 1), metrics, timeout=1, layer="figma")
    await cache.set("f*1:a", b"1", ttl=60)
    await cache.set("f*1:b", b"2", ttl=60)
    await cache.set("f11:a", b"3")  # a glob would match it; the literal prefix does not
    assert 0 < await client.pttl(f"{redis_prefix}:figma:f*1:a") <= 60_000
    assert await cache.delete_prefix("f*1:") == 2
    assert await cache.get("f11:a") == b"3" and await cache.get("f*1:a") is None
    assert sample(metrics, "componentforge_cache_requests_total", layer="figma", result="hit") == 1
    await client.aclose()


async def test_redis_down_means_no_cache_then_the_breaker_closes(
    redis_proxy: tuple[TcpProxy, str], caplog: pytest.LogCaptureFixture
) -> None:
    proxy, url = redis_proxy
    metrics = Metrics()
    breakers = Breakers(metrics, threshold=2, reset_seconds=0.3)
    client = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    cache = ExactCache(RedisBackend(client), breakers, metrics, timeout=0.5)
    await cache.set("k", b"v")

    proxy.cut()
    for _ in range(3):
        assert await cache.get("k") is None  # a miss, not an error
    assert not await cache.set("k2", b"v")
    assert breakers.state("redis") == "opened"
    failures = [r for r in caplog.records if "cache get failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].levelname == "WARNING"  # said once, not per call
    assert sample(metrics, "componentforge_cache_requests_total", layer="L1", result="error") == 4
    assert sample(metrics, "componentforge_fallbacks_total", dependency="redis") == 4

    proxy.restore()
    await asyncio.sleep(0.35)
    assert await cache.get("k") == b"v"
    assert breakers.state("redis") == "closed"
    await client.aclose()


async def test_rate_limits_are_shared_through_redis_and_fall_back_to_memory(
    redis_proxy: tuple[TcpProxy, str], redis_prefix: str
) -> None:
    proxy, url = redis_proxy
    metrics = Metrics()
    prefix = f"{redis_prefix}:rl"
    one = RateLimiter(url, Breakers(metrics, 2, 0.3), metrics, timeout=0.5, key_prefix=prefix)
    two = RateLimiter(url, Breakers(Metrics(), 2, 0.3), Metrics(), 0.5, key_prefix=prefix)
    assert one.backend == "redis"
    assert (await one.hit("3/minute", "retrieval", "ip:1")).allowed
    assert (await two.hit("3/minute", "retrieval", "ip:1")).allowed
    assert (await one.hit("3/minute", "retrieval", "ip:1")).allowed
    refused = await two.hit("3/minute", "retrieval", "ip:1")  # the 4th, counted across workers
    assert not refused.allowed and 1 <= refused.retry_after_seconds <= 60
    assert (await two.hit("3/minute", "retrieval", "ip:2")).allowed

    proxy.cut()
    decisions = [await one.hit("2/minute", "extraction", "ip:9") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]  # in-process counters
    assert sample(metrics, "componentforge_fallbacks_total", dependency="redis") >= 3
