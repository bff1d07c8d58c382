"""Helpers for the generation suites: a model that refines the composition it is given,
event streams parsed, apps that need the validator."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.conftest import Api, unavailable
from tests.support.protocols import chat_completion
from tests.support.recorder import Recorded


def starting_point(req: Recorded) -> str:
    """The offline composition the prompt hands the model (a model that refines it)."""
    prompt = req.json()["messages"][-1]["content"]
    found = re.search(r"composition.*?```tsx\n(.*?)\n```", prompt, re.DOTALL)
    assert found is not None, prompt[:500]
    return found.group(1) + "\n"


def answer(req: Recorded, component: str, stories: str = "") -> tuple[int, Any]:
    files = {"component": component, "stories": stories, "notes": "kept the composition"}
    return 200, chat_completion(req.json()["model"], json.dumps(files), (1200, 800))


def refines(req: Recorded) -> tuple[int, Any]:
    """Returns the composition it was given, fenced as models like to, with a comment added."""
    code = "// Reviewed: the switch keeps its label association.\n" + starting_point(req)
    return answer(req, f"```tsx\n{code}```")


def events(text: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of an event stream."""
    out = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        out.append((fields["event"], json.loads(fields["data"])))
    return out


async def started(api: Api) -> Api:
    if not api.app.state.services.validation.pool.available:
        unavailable("Node.js validator", api.app.state.services.validation.pool.reason)
    return api
