"""Live progress (Server-Sent Events) and batches of generations, with the real validator."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

from componentforge.config import Settings
from componentforge.infra.db.models import Generation
from componentforge.infra.validator import ValidatorPool
from tests.conftest import Api, free_port, serving
from tests.support.generation import events, refines, started
from tests.support.recorder import Recorded, RecordingServer

STREAM = "/api/v1/generation/generate/stream"
BATCH = "/api/v1/generation/batch"
REQUEST: dict[str, Any] = {
    "pattern_id": "shadcn-button",
    "component_name": "SaveButton",
    "tokens": {"colors": {"primary": "#7c3aed"}},
    "requirements": {"props": ["loading"], "events": ["onClick"]},
}


@pytest.fixture(scope="module")
async def api(
    module_settings: Callable[..., Settings], node_validator: ValidatorPool
) -> AsyncIterator[Api]:
    """One app for the tests that need nothing else; no two of them generate the same
    component, so none finds another's in the L1 cache."""
    settings = module_settings(rate_limit_enabled=False)
    async with serving(settings, validator=node_validator) as api:
        yield await started(api)


async def test_the_stream_reports_each_stage_then_the_result(api: Api) -> None:
    response = await api.http.post(STREAM, json=REQUEST)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    got = events(response.text)
    stages = [(data["stage"], data["status"]) for name, data in got if name == "stage"]
    order = ["load_pattern", "plan", "generate", "validate", "assemble", "provenance", "store"]
    assert stages == [(s, status) for s in order for status in ("start", "end")]
    assert all(d["ms"] >= 0 for n, d in got if n == "stage")
    name, result = got[-1]
    assert name == "result" and [n for n, _ in got].count("result") == 1
    assert result["validation"]["status"] == "PASS"
    assert "export function SaveButton(" in result["files"]["SaveButton.tsx"]
    # It is an ordinary generation: readable back, and the same request is now an L1 hit.
    back = await api.http.get(f"/api/v1/generation/{result['generation_id']}")
    assert back.status_code == 200 and back.json()["files"] == result["files"]
    hit = events((await api.http.post(STREAM, json=REQUEST)).text)
    assert [n for n, _ in hit] == ["stage", "stage", "result"]
    assert hit[-1][1]["cache_layer"] == "L1"


async def test_what_the_request_gets_wrong_is_answered_before_the_stream(api: Api) -> None:
    response = await api.http.post(STREAM, json={**REQUEST, "pattern_id": "shadcn-nothing"})
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"
    clash = await api.http.post(STREAM, json={**REQUEST, "component_name": "Button"})
    assert clash.status_code == 422
    assert clash.json()["error"]["details"]["field"] == "component_name"


@asynccontextmanager
async def behind_http(app: FastAPI) -> AsyncIterator[str]:
    """The app (already started) behind a real HTTP server, so a client can hang up."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_a_client_that_hangs_up_cancels_the_generation(
    make_api: Callable[..., Awaitable[Api]],
    server: Callable[..., RecordingServer],
    node_validator: ValidatorPool,
) -> None:
    def slow_model(req: Recorded) -> tuple[int, Any]:
        time.sleep(3)
        return refines(req)

    llm = server(slow_model)
    api = await started(
        await make_api(
            openai_base_url=f"{llm.url}/v1", validator=node_validator, rate_limit_enabled=False
        )
    )
    async with behind_http(api.app) as url, httpx.AsyncClient(base_url=url) as client:
        seen = []
        async with client.stream("POST", STREAM, json=REQUEST) as response:
            assert response.status_code == 200
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))
                if seen and seen[-1].get("stage") == "generate":
                    break  # the model is writing: hang up
        generation = api.app.state.services.generation
        for _ in range(100):
            await generation.drain()
            async with api.resources.sessions() as session:
                rows = (await session.scalars(select(Generation))).all()
            if rows:
                break
            await asyncio.sleep(0.05)
    (row,) = rows
    assert (row.success, row.error_type) == (False, "Cancelled")
    assert row.duration_ms is not None and row.duration_ms < 3000  # it did not wait the model out
    assert await api.resources.artifacts.get(f"components/{row.id}/result.json") is None


async def test_a_batch_answers_each_request_on_its_own(api: Api) -> None:
    requests = [
        {**REQUEST, "component_name": "BatchButton"},
        {**REQUEST, "pattern_id": "shadcn-nothing"},
        {"query": "a switch to turn notifications on", "component_name": "NotifySwitch"},
        {**REQUEST, "component_name": "Switch"},
    ]
    response = await api.http.post(BATCH, json={"requests": requests})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["succeeded"], body["failed"]) == (2, 2)
    items = body["items"]
    assert [i["index"] for i in items] == [0, 1, 2, 3]
    assert [i["status"] for i in items] == [200, 404, 200, 422]
    assert items[0]["result"]["validation"]["status"] == "PASS"
    assert items[1]["error"]["type"] == "not_found" and items[1]["result"] is None
    assert items[2]["result"]["pattern_id"] == "shadcn-switch"
    assert items[3]["error"]["details"]["field"] == "component_name"


async def test_a_batch_is_capped_in_size(api: Api) -> None:
    response = await api.http.post(BATCH, json={"requests": [REQUEST] * 21})
    assert response.status_code == 422
    assert "requests" in response.json()["error"]["message"]
    empty = await api.http.post(BATCH, json={"requests": []})
    assert empty.status_code == 422


async def test_a_batch_runs_at_most_the_configured_number_at_once(
    make_api: Callable[..., Awaitable[Api]],
    server: Callable[..., RecordingServer],
    node_validator: ValidatorPool,
) -> None:
    lock, now, peak = threading.Lock(), [0], [0]

    def counting_model(req: Recorded) -> tuple[int, Any]:
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        time.sleep(0.4)
        with lock:
            now[0] -= 1
        return refines(req)

    llm = server(counting_model)
    api = await started(
        await make_api(
            openai_base_url=f"{llm.url}/v1",
            generation_batch_concurrency=2,
            validator=node_validator,
            rate_limit_enabled=False,
        )
    )
    requests = [{**REQUEST, "component_name": f"SaveButton{i}"} for i in range(5)]
    body = (await api.http.post(BATCH, json={"requests": requests})).json()
    assert body["succeeded"] == 5, body
    assert peak[0] == 2
    assert len([r for r in llm.requests if r.path == "/v1/chat/completions"]) == 5
