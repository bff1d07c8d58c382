"""The generation graph (LangGraph): plan → generate → validate → (fix or retouch → validate, at
most N rounds) → assemble → provenance. Loading the pattern and storing the result are the service's
stages around it (they do I/O); every stage reports its start and end to `progress`.

With a model, `generate` asks it to write the component from the offline composition and `fix`
sends it the validator's findings. A model that fails (raises, or still fails validation after
the rounds) hands over to `fallback`: the offline composition, validated and fixed in its turn,
marked degraded, with the model's attempts kept for the report. Offline, `retouch` is the
visual fix (retouch.py); the round most like the screenshot is kept.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from componentforge.errors import DependencyError
from componentforge.generation.files import applied, as_json, component_files
from componentforge.generation.graph_state import Generated, GenerationState
from componentforge.generation.provenance import header, provenance
from componentforge.generation.retouch import Round, kept_round, rank, retouched
from componentforge.generation.shown import shown
from componentforge.generation.template import Composer
from componentforge.generation.writer import ComponentWriter, Written
from componentforge.schemas.extraction import Content, Part
from componentforge.schemas.generation import Stage
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport
from componentforge.schemas.vocabulary import Progress
from componentforge.validation.visual import Reference

ENGINE = "offline:template"
# Part of the L1 key: bump it when the same inputs would now give different files (2: Prettier;
# 3: the screenshot's content, conditional parts; 4: the text placed as the screenshot has it,
# rows, fitted lines, field borders, the label's line).
REVISION = 4
Validate = Callable[
    [str, str | None, str, DesignTokens, Requirements, Reference | None],
    Awaitable[ValidationReport],
]


PASSING_ROUNDS = 1  # visual fix rounds for a component that already passes


@dataclass
class GenerationGraph:
    validator: Validate
    model: ComponentWriter | None = None

    @property
    def engine(self) -> str:
        return self.model.engine if self.model is not None else ENGINE

    def __post_init__(self) -> None:
        graph = StateGraph(GenerationState)
        for name, node in (
            ("plan", self.plan),
            ("generate", self.generate),
            ("validate", self.check),
            ("fix", self.fix),
            ("retouch", self.retouch),
            ("fallback", self.fallback),
            ("assemble", self.assemble),
            ("provenance", self.stamp),
        ):
            graph.add_node(name, self._timed(name, node))  # type: ignore[call-overload]
        graph.add_edge(START, "plan")
        graph.add_edge("plan", "generate")
        graph.add_edge("generate", "validate")
        graph.add_conditional_edges(
            "validate",
            self._next,
            {"fix": "fix", "retouch": "retouch", "fallback": "fallback", "assemble": "assemble"},
        )
        graph.add_edge("fix", "validate")
        graph.add_edge("retouch", "validate")
        graph.add_edge("fallback", "validate")
        graph.add_edge("assemble", "provenance")
        graph.add_edge("provenance", END)
        self.compiled = graph.compile()

    async def run(
        self,
        pattern: Pattern,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
        *,
        key: str,
        content: Content | None = None,
        anatomy: list[Part] | None = None,
        reference: Reference | None = None,
        validate: bool = True,
        include_stories: bool = True,
        max_fix_rounds: int = 2,
        progress: Progress | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Generated:
        """One run of the graph; `tags` and `metadata` go on each step's trace run."""
        state: GenerationState = {
            "pattern": pattern,
            "name": name,
            "tokens": tokens,
            "requirements": requirements,
            "content": content,
            "anatomy": anatomy or [],
            "reference": reference,
            "validate": validate,
            "include_stories": include_stories,
            "max_fix_rounds": max_fix_rounds,
            "key": key,
            "progress": progress,
            "rounds": 0,
            "stages": [],
            "engine": ENGINE,
            "notes": None,
            "calls": [],
            "attempts": [],
            "by_model": False,
            "fallback": None,
        }
        config: RunnableConfig = {"tags": tags or [], "metadata": metadata or {}}
        end: GenerationState = await self.compiled.ainvoke(state, config)  # type: ignore[assignment]
        return Generated(
            files=end["files"],
            report=end["report"],
            provenance=end["provenance"],
            engine=end["engine"],
            notes=end["notes"],
            attempts=end["attempts"],
            fallback=end["fallback"],
            warnings=list(end["draft"].warnings),
            applied=applied(end.get("by_model", False), end["draft"]),
            stages=end["stages"],
            rounds=end["rounds"],
            calls=end["calls"],
        )

    def _timed(
        self, name: str, node: Callable[[GenerationState], Awaitable[dict[str, Any]]]
    ) -> Callable[[GenerationState], Awaitable[dict[str, Any]]]:
        async def run(state: GenerationState) -> dict[str, Any]:
            progress = state.get("progress")
            start = time.perf_counter()
            if progress is not None:
                await progress(name, "start", 0.0)
            update = await node(state)
            ms = round((time.perf_counter() - start) * 1000, 2)
            if progress is not None:
                await progress(name, "end", ms)
            return {**update, "stages": [Stage(stage=name, ms=ms)]}

        return run

    async def plan(self, state: GenerationState) -> dict[str, Any]:
        return {"composer": self._compose(state)}

    @staticmethod
    def _compose(state: GenerationState) -> Composer:
        pattern, tokens = state["pattern"], state["tokens"]
        anatomy = state.get("anatomy") or []
        seen = shown(pattern.id, state.get("content"), anatomy, tokens, state.get("nudge"))
        return Composer(pattern, state["name"], tokens, state["requirements"], seen)

    async def generate(self, state: GenerationState) -> dict[str, Any]:
        draft = state["composer"].compose()
        stories = draft.stories if state["include_stories"] else None
        offline = {"draft": draft, "code": draft.code, "stories": stories}
        if self.model is None:
            return offline
        try:
            written = await self.model.write(
                state["pattern"],
                state["name"],
                draft.code,
                state["tokens"],
                state["requirements"],
                draft.shown,
            )
        except DependencyError as exc:
            return {**offline, "fallback": f"the model failed: {exc.message}"}
        return {"draft": draft, **self._written(state, written)}

    def _written(self, state: GenerationState, written: Written) -> dict[str, Any]:
        return {
            "code": written.component,
            "stories": written.stories if state["include_stories"] else None,
            "notes": written.notes or None,
            "engine": self.engine,
            "by_model": True,
            "calls": [written.call],
        }

    async def check(self, state: GenerationState) -> dict[str, Any]:
        if not state["validate"]:
            return {"report": None}
        # The names as written (`is selected` became the prop isSelected); omitted ones stay
        # in, so the report says they are missing.
        names: dict[str, list[str]] = {}
        for done in state["draft"].ledger:
            names.setdefault(done.category, []).append(done.name)
        report = await self.validator(
            state["code"],
            state["stories"],
            state["name"],
            state["tokens"],
            Requirements.model_validate(names),
            state.get("reference"),
        )
        formatted = report.formatted
        update: dict[str, Any] = {"report": report}
        if formatted is not None and formatted.code:  # what was checked is Prettier's: keep it
            update["code"] = formatted.code
            update["stories"] = formatted.stories or state["stories"]
        best = state.get("best")
        if report.visual is not None and (best is None or rank(report) > rank(best.report)):
            code, stories = (
                update.get("code", state["code"]),
                update.get("stories", state["stories"]),
            )
            update["best"] = Round(
                code, stories, report, state["draft"], state["tokens"], state.get("nudge")
            )
        return update

    def _next(self, state: GenerationState) -> str:
        report = state.get("report")
        more = state["rounds"] < state["max_fix_rounds"]
        if report is not None and report.status == "PASS":
            # It passes, but the measures say it could look closer still: one round for that
            # (a second rarely moves it further, and each costs a render).
            closer = state["rounds"] < PASSING_ROUNDS and self._closer(state, more)
            return "retouch" if closer else "assemble"
        if report is None or report.status != "FAIL":
            return "assemble"
        if state["by_model"]:
            return "fix" if more else "fallback"
        if more and report.fixed_code and report.fixed_code != state["code"]:
            return "fix"
        if self._closer(state, more):
            return "retouch"
        return "fix" if more and report.fixed_code else "assemble"

    @staticmethod
    def _closer(state: GenerationState, more: bool) -> bool:
        """Whether a visual fix round has something to change (offline code, rounds left)."""
        report = state.get("report")
        visual = report.visual if report is not None else None
        return (
            more
            and not state["by_model"]
            and visual is not None
            and retouched(state["tokens"], visual, state["pattern"].id, state.get("nudge"))
            is not None
        )

    async def retouch(self, state: GenerationState) -> dict[str, Any]:
        """The offline visual fix: tokens moved toward the screenshot's measures, composed
        again."""
        report = state["report"]
        assert report is not None and report.visual is not None
        pattern = state["pattern"]
        retouch = retouched(state["tokens"], report.visual, pattern.id, state.get("nudge"))
        assert retouch is not None
        tokens, nudge = retouch.tokens, retouch.nudge
        draft = self._compose({**state, "tokens": tokens, "nudge": nudge}).compose()
        return {
            "tokens": tokens,
            "nudge": nudge,
            "draft": draft,
            "code": draft.code,
            "stories": draft.stories if state["include_stories"] else None,
            "rounds": state["rounds"] + 1,
        }

    async def fix(self, state: GenerationState) -> dict[str, Any]:
        """The model's fix re-prompts it with the findings; the offline engine's applies
        ESLint's automatic fixes."""
        report = state["report"]
        assert report is not None
        rounds = state["rounds"] + 1
        if not state["by_model"]:
            assert report.fixed_code is not None
            return {"code": report.fixed_code, "rounds": rounds}
        assert self.model is not None
        attempt = _attempt(state)
        try:
            written = await self.model.fix(
                state["name"], state["code"], state["stories"], report.recommendations
            )
        except DependencyError as exc:
            offline = self._offline(state, f"the model failed: {exc.message}")
            return {**offline, "attempts": [attempt]}
        return {**self._written(state, written), "rounds": rounds, "attempts": [attempt]}

    async def fallback(self, state: GenerationState) -> dict[str, Any]:
        """The model's result still fails after its rounds: the offline composition instead."""
        reason = f"the model's component still failed validation after {state['rounds']} fix rounds"
        return {**self._offline(state, reason), "attempts": [_attempt(state)]}

    def _offline(self, state: GenerationState, reason: str) -> dict[str, Any]:
        draft = state["draft"]
        return {
            "code": draft.code,
            "stories": draft.stories if state["include_stories"] else None,
            "engine": ENGINE,
            "by_model": False,
            "notes": None,
            "rounds": 0,
            "fallback": reason,
        }

    async def assemble(self, state: GenerationState) -> dict[str, Any]:
        best = state.get("best")
        kept = {} if state["by_model"] else kept_round(best, state.get("report"))
        state = {**state, **kept}  # type: ignore[typeddict-item]
        files = component_files(
            state["name"],
            state["code"],
            state["stories"],
            state["draft"],
            state["tokens"],
            state["requirements"],
            applied(state["by_model"], state["draft"]),
        )
        return {"files": files, **kept}

    async def stamp(self, state: GenerationState) -> dict[str, Any]:
        record = provenance(
            state["pattern"],
            state["tokens"].model_dump(mode="json"),
            state["requirements"].model_dump(mode="json"),
            state["engine"],
            self.model.model if self.model is not None and state["by_model"] else None,
            state["key"],
        )
        files = dict(state["files"])
        component = f"{state['name']}.tsx"
        files[component] = header(state["name"], record) + files[component]
        files["provenance.json"] = as_json(record)
        return {"files": files, "provenance": record}


def _attempt(state: GenerationState) -> dict[str, Any]:
    """A failed model attempt as the report keeps it."""
    report = state["report"]
    return {
        "round": state["rounds"],
        "status": report.status if report is not None else None,
        "score": report.score if report is not None else None,
        "findings": report.recommendations if report is not None else [],
        "component": state["code"],
        "stories": state["stories"],
    }
