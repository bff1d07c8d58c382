"""Words every layer shares: the component types we know, and how a pipeline reports its
stages as they start and end (the streaming routes, the CLI and, later, jobs listen)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

ComponentType = Literal[
    "button",
    "card",
    "input",
    "textarea",
    "select",
    "badge",
    "alert",
    "checkbox",
    "switch",
    "radio-group",
    "avatar",
    "tabs",
    "progress",
    "slider",
    "table",
    "dialog",
]
COMPONENT_TYPES: tuple[ComponentType, ...] = ComponentType.__args__  # type: ignore[attr-defined]

StageStatus = Literal["start", "end"]
# Called as each stage starts and ends: (stage name, start or end, milliseconds so far).
Progress = Callable[[str, StageStatus, float], Awaitable[None]]
