"""Answers in the protocols of the paid APIs we stand in for (LangSmith, OpenAI)."""

from __future__ import annotations

from typing import Any

from tests.support.recorder import Recorded

LANGSMITH_INFO = {
    "version": "0.10",
    "batch_ingest_config": {
        "use_multipart_endpoint": False,
        "scale_up_qsize_trigger": 1000,
        "scale_up_nthreads_limit": 16,
        "scale_down_nempty_trigger": 4,
        "size_limit": 100,
        "size_limit_bytes": 20971520,
    },
}


def langsmith(req: Recorded) -> tuple[int, Any]:
    return 200, LANGSMITH_INFO if req.path == "/info" else {}


def posted_runs(requests: list[Recorded]) -> list[dict[str, Any]]:
    """The runs a LangSmith client created, from its batch uploads."""
    return [run for r in requests if r.path == "/runs/batch" for run in r.json().get("post", [])]


def traced_runs(requests: list[Recorded]) -> dict[str, dict[str, Any]]:
    """Each run as it ended, by id: its creation with its later updates (outputs, tags and
    metadata added as it ran) laid over it, from every batch upload."""
    runs: dict[str, dict[str, Any]] = {}
    for r in requests:
        if r.path != "/runs/batch":
            continue
        batch = r.json()
        for run in batch.get("post", []) + batch.get("patch", []):
            runs.setdefault(run["id"], {}).update({k: v for k, v in run.items() if v is not None})
    return runs


def chat_completion(model: str, content: str, usage: tuple[int, int]) -> dict[str, Any]:
    """An OpenAI chat completion with one assistant message."""
    prompt, completion = usage
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }
