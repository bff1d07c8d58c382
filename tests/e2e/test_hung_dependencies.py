"""A dependency that hangs (a stopped process: connections accepted, never answered) degrades
what needs it and nothing else; readiness follows it back by itself."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest

from tests.conftest import Api, free_port
from tests.support.drawing import component_png
from tests.support.stoppable import StoppableS3

SEARCH = "/api/v1/retrieval/search"
SCREENSHOT = "/api/v1/extraction/screenshot"
GENERATE = "/api/v1/generation/generate"


@pytest.fixture
def s3() -> Iterator[StoppableS3]:
    server = StoppableS3(free_port())
    yield server
    server.close()


@pytest.fixture
async def api(make_api: Callable[..., Awaitable[Api]], s3: StoppableS3) -> AsyncIterator[Api]:
    api = await make_api(
        s3_bucket=f"cf-{uuid.uuid4().hex[:12]}",
        s3_endpoint_url=s3.url,
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        s3_timeout_seconds=2.0,
        rate_limit_enabled=False,
        node_binary="/nonexistent/node",
    )
    yield api
    s3.resume()  # the app's shutdown must not wait on a stopped peer


async def timed(call: Awaitable[Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = await call
    return time.perf_counter() - start, result


async def test_a_hung_s3_costs_only_what_needs_it(api: Api, s3: StoppableS3) -> None:
    png = component_png("button")

    async def extract() -> Any:
        return await api.http.post(SCREENSHOT, files={"file": ("b.png", png, "image/png")})

    async def search() -> Any:
        return await api.http.post(SEARCH, json={"query": "a toggle switch"})

    normal_extract, _ = await timed(extract())
    normal_search, _ = await timed(search())
    s3.hang()
    body = {"pattern_id": "shadcn-badge", "tokens": {}, "options": {"validate": False}}
    generations = [
        asyncio.create_task(timed(api.http.post(GENERATE, json=body | {"component_name": f"B{i}"})))
        for i in range(3)
    ]
    await asyncio.sleep(0.3)  # the generations are waiting on S3 now
    during_extract, extracted = await timed(extract())
    during_search, searched = await timed(search())
    assert extracted.status_code == 200 and searched.status_code == 200
    assert not searched.json()["degraded"], searched.json()  # semantic search still answered
    # Nothing else waits on S3's threads (before the bulkheads: 38 s and a BM25 fallback).
    assert during_extract < normal_extract + 1.5, (normal_extract, during_extract)
    assert during_search < normal_search + 1.5, (normal_search, during_search)
    for seconds, response in await asyncio.gather(*generations):
        assert response.status_code == 200, response.text
        result = response.json()
        assert any("artifact storage was down" in w for w in result["warnings"]), result
        assert seconds < 2.0 + 8.0, seconds  # S3_TIMEOUT_SECONDS plus the generation itself
    pending = api.resources.artifacts.pending.list_keys()
    assert any(k.endswith("result.json") for k in pending)  # kept for replay
    health = (await api.http.get("/api/v1/health")).json()
    artifacts = next(d for d in health["dependencies"] if d["name"] == "artifacts")
    assert artifacts["status"] == "down" and health["status"] == "degraded"
    # Back: readiness follows by itself, with no search or upload needed to close a breaker.
    s3.resume()
    deadline = time.monotonic() + 15
    status = None
    while time.monotonic() < deadline:
        status = (await api.http.get("/api/v1/health")).json()["status"]
        if status == "healthy":
            break
        await asyncio.sleep(0.5)
    assert status == "healthy"
    assert await api.resources.artifacts.upload_pending() == len(pending)
