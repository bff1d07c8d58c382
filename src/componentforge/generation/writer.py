"""The seam between the generation graph and whatever writes code for it beyond the offline
composition: the model engine (generation/llm.py), or a test's scripted writer. The graph owns
the composition ("model, then offline, marked degraded"): a writer only writes and fixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


@dataclass(frozen=True)
class Call:
    """One priced model call."""

    task: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


@dataclass(frozen=True)
class Written:
    component: str
    stories: str
    notes: str
    call: Call


class ComponentWriter(Protocol):
    """Writes a component from the offline composition, and fixes one from the validator's
    findings. Raises DependencyError when it cannot (the graph falls back to the offline
    composition)."""

    engine: str  # who wrote the code, as results name it: "llm:openai-compatible"
    model: str  # the model that was asked

    async def write(
        self,
        pattern: Pattern,
        name: str,
        start: str,
        tokens: DesignTokens,
        requirements: Requirements,
        shown: dict[str, str],
    ) -> Written: ...

    async def fix(
        self, name: str, component: str, stories: str | None, findings: list[str]
    ) -> Written: ...
