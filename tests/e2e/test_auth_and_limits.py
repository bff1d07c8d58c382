"""API keys and rate limits through the HTTP API."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable

import httpx
import pytest
import uvicorn
from fastapi import APIRouter, Depends

from componentforge.api.deps import rate_limit
from componentforge.cli.serve import proxy_options
from componentforge.config import Settings
from componentforge.main import create_app
from tests.conftest import Api, free_port

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


async def test_with_keys_off_a_made_up_key_is_no_new_bucket(
    make_api: Callable[..., Awaitable[Api]],
) -> None:
    api = await make_api(router=limited, rate_limit_retrieval="2/minute")
    statuses = [
        (
            await api.http.get("/api/v1/retrieval-probe/ping", headers={"X-API-Key": f"k{i}"})
        ).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


@pytest.mark.parametrize("trusted", [[], ["127.0.0.1"]])
async def test_forwarded_for_counts_only_from_trusted_proxies(
    make_settings: Callable[..., Settings], trusted: list[str]
) -> None:
    """Through a real uvicorn with the options `componentforge serve` uses."""
    settings = make_settings(rate_limit_retrieval="1/minute", trusted_proxies=trusted)
    app = create_app(settings)
    app.include_router(limited)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", **proxy_options(settings)
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            statuses = [
                (
                    await http.get(
                        "/api/v1/retrieval-probe/ping",
                        headers={"X-Forwarded-For": f"203.0.113.{i}"},
                    )
                ).status_code
                for i in range(3)
            ]
    finally:
        server.should_exit = True
        await task
    # Untrusted: every request is loopback's, whatever it claims; trusted: each its own client.
    assert statuses == ([200, 200, 200] if trusted else [200, 429, 429])
