"""Extraction with a model configured: a local server speaking OpenAI's chat protocol plays the
vision and text models, LangSmith's protocol the tracer. Nothing of ours is patched."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

from tests.conftest import Api
from tests.support.drawing import component_png
from tests.support.protocols import chat_completion, langsmith, posted_runs, traced_runs
from tests.support.recorder import Recorded, RecordingServer

SCREENSHOT = "/api/v1/extraction/screenshot"
MODELS = {"llm_vision_model": "vision-1", "llm_text_model": "text-1"}


def schema_name(req: Recorded) -> str:
    return str(req.json()["response_format"]["json_schema"]["name"])


def model_answer(req: Recorded) -> tuple[int, Any]:
    """Structured answers as the json_schema response format asks for them."""
    body = req.json()
    if schema_name(req) == "ComponentView":
        answer: dict[str, Any] = {
            "component_type": "select",
            "confidence": 0.97,
            "labels": ["Choose a country"],
            "description": "a closed dropdown for picking a country",
        }
    else:
        prompt = body["messages"][-1]["content"]
        category = next(c for c in ("props", "event", "states", "accessibility") if c in prompt)
        answer = {
            "proposals": [
                {
                    "name": f"model-{category}",
                    "type": "boolean",
                    "default": None,
                    "rationale": "the model said so",
                    "confidence": 0.95,
                }
            ]
        }
    return 200, chat_completion(body["model"], json.dumps(answer), (100, 20))


def sample(api: Api, name: str, **labels: str) -> float:
    return api.resources.metrics.registry.get_sample_value(name, labels) or 0.0


async def upload(api: Api, kind: str) -> Any:
    files = {"file": (f"{kind}.png", component_png(kind), "image/png")}
    return await api.http.post(SCREENSHOT, files=files)


async def test_a_configured_model_classifies_from_the_image_and_proposes(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    llm = server(model_answer)
    api = await make_api(openai_base_url=f"{llm.url}/v1", **MODELS)
    # The heuristics read this drawing as an input, 0.65 sure; the model, surer, wins the type.
    r = await upload(api, "input")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["component_type"] == "select" and body["confidence"] == 0.97
    assert body["alternatives"][0]["component_type"] == "input"
    assert body["degraded"] is False
    assert body["engines"]["component_type"] == "openai-compatible:vision-1"
    assert body["engines"]["requirements.props"] == "openai-compatible:text-1+offline"
    assert body["engines"]["tokens"] == "pixels"  # measured colours and sizes always win
    props = {p["name"]: p for p in body["requirements"]["props"]}
    assert props["model-props"]["source"] == "openai-compatible:text-1"
    assert props["model-props"]["confidence"] == 0.95
    assert any(p["source"] == "offline" for p in props.values())  # offline fills the gaps
    assert any(p["name"] == "model-accessibility" for p in body["requirements"]["accessibility"])

    chats = [q for q in llm.requests if q.path == "/v1/chat/completions"]
    assert len(chats) == 5  # one look, four proposers
    vision = next(q for q in chats if schema_name(q) == "ComponentView").json()
    assert vision["model"] == "vision-1"
    assert vision["response_format"]["type"] == "json_schema"
    image = next(
        part["image_url"]["url"]
        for part in vision["messages"][-1]["content"]
        if part["type"] == "image_url"
    )
    assert image.startswith("data:image/png;base64,")
    assert base64.b64decode(image.split(",", 1)[1]).startswith(b"\x89PNG")
    assert all(q.json()["model"] == "text-1" for q in chats if schema_name(q) != "ComponentView")
    tokens = "componentforge_llm_tokens_total"
    assert sample(api, tokens, model="vision-1", task="extraction.vision", kind="prompt") == 100
    assert sample(api, tokens, model="text-1", task="extraction.text", kind="completion") == 80


async def test_a_rate_limited_call_is_retried(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    seen: set[str] = set()

    def once_429(req: Recorded) -> tuple[int, Any]:
        name = schema_name(req)
        if name == "ComponentView" and name not in seen:
            seen.add(name)
            return 429, {"error": {"message": "slow down", "type": "rate_limit_exceeded"}}
        return model_answer(req)

    llm = server(once_429)
    api = await make_api(openai_base_url=f"{llm.url}/v1", llm_max_retries=2, **MODELS)
    r = await upload(api, "input")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["degraded"] is False and body["warnings"] == []
    assert body["engines"]["component_type"] == "openai-compatible:vision-1"
    looks = [q for q in llm.requests if schema_name(q) == "ComponentView"]
    assert len(looks) == 2  # refused once, then answered


async def test_a_failing_model_opens_its_breaker_and_offline_answers(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    llm = server(lambda req: (500, {"error": {"message": "boom", "type": "server_error"}}))
    api = await make_api(
        openai_base_url=f"{llm.url}/v1",
        llm_max_retries=1,
        breaker_failure_threshold=3,
        breaker_reset_seconds=60,
        **MODELS,
    )
    r = await upload(api, "checkbox")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["degraded"] is True
    assert body["component_type"] == "checkbox"  # the pixels' classifier answered
    assert body["engines"]["component_type"] == "offline"
    assert all(body["engines"][f"requirements.{c}"] == "offline" for c in ("props", "states"))
    assert any(w.startswith("model classification failed") for w in body["warnings"])
    assert body["requirements"]["props"] and body["tokens"]["colors"]["primary"]
    assert api.resources.breakers.state("llm") == "opened"
    assert sample(api, "componentforge_fallbacks_total", dependency="llm") == 1
    assert sample(api, "componentforge_circuit_breaker_state", dependency="llm") == 2

    calls = len(llm.requests)
    r = await upload(api, "checkbox")
    assert r.status_code == 200 and r.json()["degraded"] is True
    assert len(llm.requests) == calls  # the open breaker spares the failing server
    assert any("circuit open" in w for w in r.json()["warnings"])


async def test_an_answer_outside_the_schema_is_a_warning_not_an_error(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    llm = server(lambda req: (200, chat_completion(req.json()["model"], "a switch!", (5, 2))))
    api = await make_api(openai_base_url=f"{llm.url}/v1", **MODELS)
    r = await upload(api, "switch")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["degraded"] is True and body["component_type"] == "switch"
    assert "did not fit the schema" in " ".join(body["warnings"])


async def test_graph_runs_are_traced_in_langsmith_without_their_pixels(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    ls = server(langsmith)
    api = await make_api(langsmith_api_key="lsv2-test", langsmith_endpoint=ls.url)
    r = await upload(api, "button")
    assert r.status_code == 200, r.text
    await api.resources.tracer.flush()
    runs = posted_runs(ls.requests)
    root = next(run for run in runs if run["name"] == "extraction.screenshot")
    assert root["tags"] == ["source:screenshot"] and not root.get("parent_run_id")
    assert r.json()["trace_id"] == str(root["trace_id"])
    graph = next(run for run in runs if run.get("parent_run_id") == root["id"])
    assert graph["name"] == "LangGraph"
    nodes = {run["name"] for run in runs if run.get("parent_run_id") == graph["id"]}
    assert nodes == {
        "preprocess",
        "classify",
        "extract_tokens",
        "propose_props",
        "propose_events",
        "propose_states",
        "propose_accessibility",
        "aggregate",
    }
    assert all(run["trace_id"] == root["trace_id"] for run in runs)
    assert traced_runs(ls.requests)[root["id"]]["outputs"]["component_type"] == "button"
    # The image is described, not uploaded at every node.
    assert sum(len(q.body) for q in ls.requests) < 200_000
    assert "<array" in json.dumps(runs)
