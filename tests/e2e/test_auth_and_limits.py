"""API keys and rate limits through the HTTP API."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends

from componentforge.api.deps import rate_limit
from tests.conftest import Api

limited = APIRouter(
    prefix="/api/v1/retrieval-probe", dependencies=[Depends(rate_limit("retrieval"))]
)


@limited.get("/ping")
async def ping() -> dict[str, str]:
    return {"pong": "yes"}


ARTIFACT = "/api/v1/artifacts/components/abc/Button.tsx"


async def test_api_keys(make_api: Callable[..., Awaitable[Api]]) -> None:
    hashed = hashlib.sha256(b"second-key").hexdigest()
    api = await make_api(api_keys=["first-key"], api_key_hashes=[hashed])
    r = await api.http.get(ARTIFACT)
    assert r.status_code == 401 and r.json()["error"]["type"] == "unauthorized"
    assert "missing" in r.json()["error"]["message"]
    r = await api.http.get(ARTIFACT, headers={"X-API-Key": "wrong"})
    assert r.status_code == 401 and "invalid" in r.json()["error"]["message"]
    for key in ("first-key", "second-key"):
        r = await api.http.get(ARTIFACT, headers={"X-API-Key": key})
        assert r.status_code == 404 and r.json()["error"]["type"] == "not_found"
    for open_path in ("/health", "/api/v1/health", "/metrics", "/docs", "/openapi.json"):
        assert (await api.http.get(open_path)).status_code == 200, open_path


async def test_public_paths_can_be_closed(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(api_keys=["k"], public_paths=["/health"])
    assert (await api.http.get("/health")).status_code == 200
    assert (await api.http.get("/metrics")).status_code == 401
    assert (await api.http.get("/docs")).status_code == 401


async def test_docs_offer_the_api_key(api: Api) -> None:
    spec = (await api.http.get("/openapi.json")).json()
    assert spec["info"]["title"] == "ComponentForge"
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
    assert {t["name"] for t in spec["tags"]} >= {"health", "artifacts"}


async def test_too_many_requests(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(router=limited, rate_limit_retrieval="2/minute")
    first = await api.http.get("/api/v1/retrieval-probe/ping")
    assert first.status_code == 200
    assert first.headers["x-ratelimit-limit"] == "2 per 1 minute"
    assert first.headers["x-ratelimit-remaining"] == "1"
    assert (await api.http.get("/api/v1/retrieval-probe/ping")).status_code == 200
    r = await api.http.get("/api/v1/retrieval-probe/ping")
    assert r.status_code == 429
    error = r.json()["error"]
    assert error["type"] == "rate_limited" and error["details"]["limit"] == "2 per 1 minute"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert (await api.http.get("/health")).status_code == 200  # other groups unaffected
    count = api.resources.metrics.registry.get_sample_value(
        "componentforge_rate_limited_total", {"group": "retrieval"}
    )
    assert count == 1


async def test_limits_are_per_api_key(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(router=limited, rate_limit_retrieval="1/minute", api_keys=["a", "b"])
    assert (
        await api.http.get("/api/v1/retrieval-probe/ping", headers={"X-API-Key": "a"})
    ).status_code == 200
    assert (
        await api.http.get("/api/v1/retrieval-probe/ping", headers={"X-API-Key": "a"})
    ).status_code == 429
    assert (
        await api.http.get("/api/v1/retrieval-probe/ping", headers={"X-API-Key": "b"})
    ).status_code == 200


async def test_limits_can_be_switched_off(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(router=limited, rate_limit_retrieval="1/minute", rate_limit_enabled=False)
    for _ in range(5):
        assert (await api.http.get("/api/v1/retrieval-probe/ping")).status_code == 200
