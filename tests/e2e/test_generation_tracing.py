"""LangSmith end to end: a local server speaking LangSmith's ingest protocol receives the runs of
real pipeline runs (extraction, retrieval, the generation graph, the validator, the model)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select

from componentforge.infra.db.models import Generation
from componentforge.infra.validator import ValidatorPool
from tests.conftest import Api
from tests.support.drawing import component_png
from tests.support.generation import refines, started
from tests.support.protocols import langsmith, traced_runs
from tests.support.recorder import RecordingServer

GRAPH_STEPS = {"plan", "generate", "validate", "assemble", "provenance"}
PROPOSERS = {"propose_props", "propose_events", "propose_states", "propose_accessibility"}


def children(runs: dict[str, dict[str, Any]], parent: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in runs.values() if r.get("parent_run_id") == parent["id"]}


def descendants(runs: dict[str, dict[str, Any]], parent: dict[str, Any]) -> list[dict[str, Any]]:
    below = list(children(runs, parent).values())
    return below + [d for run in below for d in descendants(runs, run)]


def only_root(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    roots = [r for r in runs.values() if not r.get("parent_run_id")]
    assert len(roots) == 1, [r["name"] for r in roots]
    assert all(r["trace_id"] == roots[0]["trace_id"] for r in runs.values())
    return roots[0]


async def traced_api(
    make_api: Callable[..., Awaitable[Api]],
    ls: RecordingServer,
    validator: ValidatorPool,
    **overrides: Any,
) -> Api:
    return await started(
        await make_api(
            langsmith_api_key="lsv2-test",
            langsmith_endpoint=ls.url,
            langsmith_project="cf-e2e",
            validator=validator,
            rate_limit_enabled=False,
            **overrides,
        )
    )


async def stored_trace_ids(api: Api, session_id: str | None = None) -> list[str | None]:
    await api.app.state.services.generation.drain()
    async with api.resources.sessions() as session:
        rows = (await session.scalars(select(Generation).order_by(Generation.started_at))).all()
    assert {row.session_id for row in rows} == {session_id}
    return [row.trace_id for row in rows]


async def test_a_screenshot_run_is_one_trace_with_a_run_per_agent_step(
    make_api: Callable[..., Awaitable[Api]],
    server: Callable[..., RecordingServer],
    node_validator: ValidatorPool,
) -> None:
    ls = server(langsmith)
    api = await traced_api(make_api, ls, node_validator)
    response = await api.http.post(
        "/api/v1/generation/from-screenshot",
        files={"file": ("switch.png", component_png("switch"), "image/png")},
        headers={"X-Session-ID": "figma-board-7"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    await api.resources.tracer.flush()
    runs = traced_runs(ls.requests)

    root = only_root(runs)
    assert root["name"] == "generation.from_screenshot"
    assert body["generation"]["trace_id"] == root["trace_id"] == body["extraction"]["trace_id"]
    assert {"component_type:switch", "cache_layer:L4", "engine:offline:template"} <= set(
        root["tags"]
    )
    meta = root["extra"]["metadata"]
    assert meta["session_id"] == "figma-board-7"
    assert meta["latency_ms"] == body["generation"]["latency_ms"] and meta["cost_usd"] == 0.0
    assert root["outputs"]["generation_id"] == body["generation"]["generation_id"]

    steps = children(runs, root)
    assert set(steps) == {"extraction.screenshot", "generation"}
    extraction_graph = children(runs, steps["extraction.screenshot"])["LangGraph"]
    assert {"extract_tokens", *PROPOSERS} <= set(children(runs, extraction_graph))
    generation_graph = children(runs, steps["generation"])["LangGraph"]
    assert set(children(runs, generation_graph)) == GRAPH_STEPS
    validate = children(runs, generation_graph)["validate"]
    assert validate["outputs"]["report"]["status"] == "PASS" and not validate.get("error")
    assert {r["session_name"] for r in runs.values()} == {"cf-e2e"}  # LANGSMITH_PROJECT
    assert await stored_trace_ids(api, "figma-board-7") == [root["trace_id"]]


async def test_a_hit_and_a_model_run_are_traced_with_their_layer_cost_and_retriever(
    make_api: Callable[..., Awaitable[Api]],
    server: Callable[..., RecordingServer],
    node_validator: ValidatorPool,
) -> None:
    ls = server(langsmith)
    llm = server(refines)
    api = await traced_api(
        make_api,
        ls,
        node_validator,
        openai_base_url=f"{llm.url}/v1",
        llm_generation_model="writer-1",
        llm_prices=json.dumps({"writer-1": {"input": 1.0, "output": 4.0}}),
        llm_max_retries=0,
    )
    request = {"query": "toggle switch for notifications", "component_name": "NotifySwitch"}
    first = (await api.http.post("/api/v1/generation/generate", json=request)).json()
    again = (await api.http.post("/api/v1/generation/generate", json=request)).json()
    assert (first["cache_layer"], again["cache_layer"]) == ("L4", "L1")
    assert first["trace_id"] and again["trace_id"] and first["trace_id"] != again["trace_id"]
    await api.resources.tracer.flush()
    runs = traced_runs(ls.requests)
    roots = {r["trace_id"]: r for r in runs.values() if not r.get("parent_run_id")}
    assert set(roots) == {first["trace_id"], again["trace_id"]}

    miss, hit = roots[first["trace_id"]], roots[again["trace_id"]]
    assert miss["name"] == hit["name"] == "generation"
    assert {"component_type:switch", "cache_layer:L4", "engine:llm:openai-compatible"} <= set(
        miss["tags"]
    )
    assert {"component_type:switch", "cache_layer:L1"} <= set(hit["tags"])
    assert miss["extra"]["metadata"]["cost_usd"] == first["cost_usd"] > 0
    assert hit["extra"]["metadata"]["cost_usd"] == 0.0
    # the session defaults to the request's id
    assert miss["extra"]["metadata"]["session_id"] == miss["extra"]["metadata"]["request_id"]

    miss_steps = children(runs, miss)
    retriever = miss_steps["retriever"]
    assert retriever["run_type"] == "retriever"
    assert retriever["outputs"]["documents"][0]["metadata"]["id"] == first["pattern_id"]
    # each step of the graph carries the generation's tags and session
    for step in children(runs, miss_steps["LangGraph"]).values():
        assert {"component_type:switch", "cache_layer:L4"} <= set(step["tags"]), step["name"]
        assert step["extra"]["metadata"]["session_id"] == miss["extra"]["metadata"]["session_id"]
        assert step["extra"]["metadata"]["generation_id"] == first["generation_id"]
    writer = children(runs, miss_steps["LangGraph"])["generate"]
    model_runs = [r for r in descendants(runs, writer) if r["run_type"] == "llm"]
    assert [r["extra"]["invocation_params"]["model"] for r in model_runs] == ["writer-1"]
    # a hit looks the pattern up again and reads the cache: no graph run
    assert "LangGraph" not in children(runs, hit)
    assert await stored_trace_ids(api) == [first["trace_id"], again["trace_id"]]


async def test_without_a_key_nothing_is_traced_and_no_trace_id_is_given(
    make_api: Callable[..., Awaitable[Api]],
) -> None:
    api = await make_api(rate_limit_enabled=False)
    response = await api.http.post(
        "/api/v1/generation/generate",
        json={"pattern_id": "shadcn-badge", "options": {"validate": False}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["trace_id"] is None
    assert await stored_trace_ids(api) == [None]
