"""Examples for the OpenAPI document: responses as the real service answered them (recorded
by tests/support/record_examples.py into examples.json), and the request bodies that have no
model of their own to carry one (multipart forms, the jobs union, batches)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

EXAMPLES_FILE = Path(__file__).with_name("examples.json")
FORM = {
    "file": "(the image: PNG, JPEG or WebP)",
    "component_type": "button",
    "component_name": "SubmitButton",
}
JOB = {"kind": "generate", "pattern_id": "shadcn-button", "requirements": {"props": ["variant"]}}
BATCH = {
    "requests": [
        {"pattern_id": "shadcn-button", "requirements": {"props": ["variant"]}},
        {"query": "a switch to turn notifications on"},
    ]
}


def key(method: str, path: str, status: int | str, media: str) -> str:
    return f"{method.upper()} {path} {status} {media.split(';')[0].strip()}"


@cache
def recorded() -> dict[str, Any]:
    if not EXAMPLES_FILE.is_file():
        return {}
    examples: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return examples


def attach(path: str, method: str, operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        for media, body in response.get("content", {}).items():
            found = recorded().get(key(method, path, status, media))
            if found is not None and "example" not in body and "examples" not in body:
                body["example"] = found
    request = operation.get("requestBody", {}).get("content", {})
    for media, body in request.items():
        if "example" in body or "examples" in body:
            continue
        if media == "multipart/form-data":
            body["example"] = FORM
        elif path == "/api/v1/jobs":
            body["example"] = JOB
        elif path.endswith("/batch"):
            body["example"] = BATCH
