"""Health, metrics and artifacts through the HTTP API, embedded and with real services."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.conftest import Api
from tests.support.proxy import TcpProxy


def deps(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in body["dependencies"]}


async def test_liveness(api: Api) -> None:
    body = (await api.http.get("/health")).json()
    assert body["status"] == "ok" and body["version"] == "0.1.0" and body["uptime_seconds"] >= 0


async def test_readiness_on_embedded_defaults(api: Api) -> None:
    r = await api.http.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "healthy"
    d = deps(body)
    assert (d["database"]["mode"], d["database"]["backend"], d["database"]["status"]) == (
        "embedded",
        "sqlite",
        "ok",
    )
    assert d["database"]["breaker"] == "closed" and d["database"]["latency_ms"] >= 0
    assert (d["cache"]["backend"], d["vector_store"]["backend"], d["artifacts"]["backend"]) == (
        "memory",
        "qdrant-local",
        "local",
    )
    assert d["llm"]["backend"] == "offline" and d["tracing"]["status"] == "disabled"
    assert d["figma"]["mode"] == "off"


@pytest.fixture
def redis_proxy(
    redis_url: str, make_proxy: Callable[[str], tuple[TcpProxy, str]]
) -> tuple[TcpProxy, str]:
    return make_proxy(redis_url)


async def test_all_external_services(
    make_api: Callable[..., Awaitable[Api]],
    postgres_url: str,
    redis_url: str,
    s3_settings: dict[str, Any],
) -> None:
    api = await make_api(
        database_url=postgres_url, database_auto_migrate=True, redis_url=redis_url, **s3_settings
    )
    body = (await api.http.get("/api/v1/health")).json()
    d = deps(body)
    assert body["status"] == "healthy", body
    assert (d["database"]["mode"], d["database"]["backend"]) == ("external", "postgresql")
    assert (d["cache"]["mode"], d["cache"]["backend"], d["cache"]["breaker"]) == (
        "external",
        "redis",
        "closed",
    )
    assert (d["artifacts"]["backend"], d["artifacts"]["info"]["bucket"]) == (
        "s3",
        s3_settings["s3_bucket"],
    )
    stored = await api.resources.artifacts.put("components/e2e/Button.tsx", b"source")
    assert stored.backend == "s3" and stored.url.startswith(s3_settings["s3_endpoint_url"])


async def test_scrapes_show_redis_memory_and_connections_in_use(
    make_api: Callable[..., Awaitable[Api]], postgres_url: str, redis_url: str
) -> None:
    # No job runner in the app: its poll of the queue would hold a connection now and then,
    # and the count below is exact.
    api = await make_api(
        database_url=postgres_url,
        database_auto_migrate=True,
        redis_url=redis_url,
        jobs_api_concurrency=0,
    )

    def gauge(text: str, sample: str) -> float:
        line = next(x for x in text.splitlines() if x.startswith(sample + " "))
        return float(line.split()[-1])

    async with api.resources.engine.connect(), api.resources.engine.connect():
        held = (await api.http.get("/metrics")).text
    released = (await api.http.get("/metrics")).text
    assert gauge(held, "componentforge_db_pool_connections_in_use") == 2.0
    assert gauge(released, "componentforge_db_pool_connections_in_use") == 0.0
    info = await api.resources.redis.info("memory")  # type: ignore[union-attr]
    used = gauge(released, 'componentforge_redis_memory_bytes{kind="used"}')
    assert used > 0 and abs(used - info["used_memory"]) < 1_000_000
    assert gauge(released, 'componentforge_redis_memory_bytes{kind="max"}') == info["maxmemory"]


async def test_redis_stopping_mid_run_degrades_then_recovers(
    make_api: Callable[..., Awaitable[Api]], redis_proxy: tuple[TcpProxy, str]
) -> None:
    proxy, url = redis_proxy
    api = await make_api(
        redis_url=url,
        breaker_failure_threshold=1,
        breaker_reset_seconds=0.3,
        redis_timeout_seconds=0.3,
    )
    assert (await api.http.get("/api/v1/health")).json()["status"] == "healthy"
    assert await api.resources.cache.set("k", b"cached")

    proxy.cut()
    body = (await api.http.get("/api/v1/health")).json()
    assert body["status"] == "degraded"
    assert deps(body)["cache"]["status"] == "down" and deps(body)["cache"]["breaker"] == "opened"
    assert await api.resources.cache.get("k") is None  # no cache, no error
    for path in ("/health", "/api/v1/artifacts/components/x/y.tsx"):
        assert (await api.http.get(path)).status_code in (200, 404)  # requests still served
    metrics = (await api.http.get("/metrics")).text
    assert 'componentforge_circuit_breaker_state{dependency="redis"} 2.0' in metrics

    proxy.restore()
    await asyncio.sleep(0.35)
    body = (await api.http.get("/api/v1/health")).json()
    assert body["status"] == "healthy" and deps(body)["cache"]["breaker"] == "closed"
    assert await api.resources.cache.get("k") == b"cached"


async def test_broken_local_storage_is_unhealthy(api: Api) -> None:
    root = api.resources.artifacts.root  # type: ignore[union-attr]
    shutil.rmtree(root)
    root.write_text("a file where the artifact directory should be")
    r = await api.http.get("/api/v1/health")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "unhealthy"
    assert deps(body)["artifacts"]["status"] == "down" and deps(body)["artifacts"]["detail"]


async def test_metrics_use_route_templates_and_conventions(api: Api) -> None:
    await api.http.get("/api/v1/artifacts/components/g1/Button.tsx")
    await api.http.get("/api/v1/artifacts/components/g2/Card.tsx")
    await api.http.get("/no/such/route/12345")
    r = await api.http.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert (
        'componentforge_http_requests_total{method="GET",route="/api/v1/artifacts/{key}",'
        'status="404"} 2.0'
    ) in text
    assert 'route="<unmatched>",status="404"} 1.0' in text
    assert "12345" not in text and "Button.tsx" not in text
    assert "componentforge_http_request_duration_seconds_bucket" in text
    assert "componentforge_http_requests_in_flight 1.0" in text  # the scrape itself
    assert 'componentforge_circuit_breaker_state{dependency="database"} 0.0' in text
    assert "componentforge_db_pool_connections_in_use" in text
    for family in (
        "componentforge_generation_duration_seconds",
        "componentforge_llm_cost_usd_total",
        "componentforge_llm_tokens_total",
        "componentforge_cache_requests_total",
    ):
        assert f"# TYPE {family.removesuffix('_total')}" in text


async def test_local_artifacts_are_downloadable(api: Api) -> None:
    stored = await api.resources.artifacts.put("components/g9/Badge.tsx", b"export const x = 1\n")
    r = await api.http.get(stored.url)
    assert r.status_code == 200 and r.content == b"export const x = 1\n"
    assert r.headers["content-type"].startswith("text/plain")
    for bad in ("/api/v1/artifacts/../../etc/passwd", "/api/v1/artifacts/components/..%2F..%2Fx/y"):
        r = await api.http.get(bad)
        assert r.status_code in (404, 422) and "error" in r.json()
