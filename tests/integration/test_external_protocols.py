"""Our LangSmith and OpenAI clients against local servers that speak those protocols."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from componentforge.config import Settings
from componentforge.infra.llm.factory import build_chat_model, build_embeddings, provider
from componentforge.infra.tracing import Tracer
from tests.support.protocols import chat_completion, langsmith, posted_runs
from tests.support.recorder import Recorded, RecordingServer


def openai(req: Recorded) -> tuple[int, Any]:
    body = req.json()
    if req.path == "/v1/embeddings":
        return 200, {
            "object": "list",
            "model": body["model"],
            "data": [
                {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]}
                for i, _ in enumerate(body["input"])
            ],
            "usage": {"prompt_tokens": 4, "total_tokens": 4},
        }
    return 200, chat_completion(body["model"], "a primary button", (12, 3))


async def test_tracing_posts_runs_with_parents_and_tags(
    server: Callable[..., RecordingServer],
) -> None:
    ls = server(langsmith)
    tracer = Tracer("lsv2-key", ls.url, "cf-tests")
    assert tracer.enabled
    async with tracer.span("generation", tags=["component:button"], metadata={"session_id": "s1"}):
        trace_id = Tracer.current_trace_id()
        async with tracer.span("retriever", "retriever"):
            assert Tracer.current_trace_id() == trace_id

        @tracer.traced("validator", "tool")
        async def validate(code: str) -> str:
            return "PASS"

        assert await validate("<Button />") == "PASS"
    await tracer.flush()

    by_name = {run["name"]: run for run in posted_runs(ls.requests)}
    assert set(by_name) == {"generation", "retriever", "validator"}
    root = by_name["generation"]
    assert str(root["trace_id"]) == trace_id and root["tags"] == ["component:button"]
    assert root["extra"]["metadata"]["session_id"] == "s1"
    assert by_name["retriever"]["parent_run_id"] == root["id"]
    assert by_name["validator"]["parent_run_id"] == root["id"]
    assert all(r.headers.get("x-api-key") == "lsv2-key" for r in ls.requests if r.method == "POST")


async def test_tracing_off_is_a_pass_through() -> None:
    tracer = Tracer(None)
    async with tracer.span("generation") as run:
        assert run is None and Tracer.current_trace_id() is None

    @tracer.traced("step")
    async def step() -> int:
        return 7

    assert await step() == 7
    await tracer.flush()


async def test_chat_and_embedding_models_speak_to_an_openai_compatible_endpoint(
    server: Callable[..., RecordingServer], make_settings: Callable[..., Settings]
) -> None:
    api = server(openai)
    settings = make_settings(
        openai_base_url=f"{api.url}/v1",
        openai_api_key="sk-local",
        llm_text_model="llama3.1:8b",
        llm_embedding_model="nomic-embed",
    )
    assert provider(settings) == "openai-compatible"
    chat = build_chat_model(settings, "text")
    assert chat is not None
    answer = await chat.ainvoke("describe the component")
    assert answer.content == "a primary button"
    assert answer.usage_metadata is not None and answer.usage_metadata["total_tokens"] == 15
    request = next(r for r in api.requests if r.path == "/v1/chat/completions")
    assert request.headers["authorization"] == "Bearer sk-local"
    assert request.json()["model"] == "llama3.1:8b"

    embeddings = build_embeddings(settings)
    assert embeddings is not None
    assert await embeddings.aembed_query("primary button") == pytest.approx([0.1, 0.2, 0.3])
    assert json.loads(api.requests[-1].body)["model"] == "nomic-embed"


def test_offline_when_nothing_is_configured(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    assert provider(settings) == "offline"
    assert build_chat_model(settings, "vision") is None and build_embeddings(settings) is None


def test_azure_is_selected_by_its_endpoint(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(
        azure_openai_endpoint="https://example.openai.azure.com",
        azure_openai_api_key="k",
        llm_vision_model="vision-deployment",
    )
    assert provider(settings) == "azure"
    chat = build_chat_model(settings, "vision")
    assert chat is not None and getattr(chat, "deployment_name", None) == "vision-deployment"
