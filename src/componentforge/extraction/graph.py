"""The extraction graph (LangGraph): preprocess → classify → extract tokens → four proposers in
parallel (props, events, states, accessibility) → aggregate.

The offline engines always run; a configured model (see `ModelEngine`) classifies and proposes
first, and the offline answers fill what it leaves out.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from langgraph.graph import END, START, StateGraph

from componentforge.extraction import proposers
from componentforge.extraction.classify import Classification, classify
from componentforge.extraction.content import ENGINE as OCR_ENGINE
from componentforge.extraction.content import read_content
from componentforge.extraction.cues import text_cues
from componentforge.extraction.graph_state import (
    Extracted,
    ExtractionState,
    ModelEngine,
    Node,
    Span,
)
from componentforge.extraction.intake import Intake
from componentforge.extraction.layout import Layout
from componentforge.extraction.measure import DRAWN_ON_PAGE, hex_of, tokens_from_layout
from componentforge.extraction.ocr import TextReader
from componentforge.extraction.parts import anatomy
from componentforge.extraction.reading import Reading, read
from componentforge.extraction.text_tokens import with_run_padding, with_text_style
from componentforge.extraction.typeface import Face, with_typeface
from componentforge.infra.bulkhead import Runner
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.extraction import Content, Gradient
from componentforge.schemas.requirements import Proposal, RequirementCategory, Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import COMPONENT_TYPES, ComponentType

log = logging.getLogger(__name__)

CATEGORIES: tuple[RequirementCategory, ...] = ("props", "events", "states", "accessibility")
# Kinds whose body is no fill a gradient could be (drawn on the page, or a bar's two parts).
FLAT_KINDS = DRAWN_ON_PAGE | {"progress", "tabs", "table"}


@dataclass
class ExtractionGraph:
    library: PatternLibrary
    model: ModelEngine | None = None
    # Where pixel analysis runs: a bounded pool of its own (the service's: worker processes or
    # threads), else a thread.
    images: Runner | None = None
    # The offline text recogniser; None reads no text (EXTRACTION_OCR=false).
    reader: TextReader | None = None
    # The faces the text is compared with to name its family (the preview's fonts).
    faces: tuple[Face, ...] = ()

    def __post_init__(self) -> None:
        graph = StateGraph(ExtractionState)
        nodes: list[tuple[str, Node]] = [
            ("preprocess", self.preprocess),
            ("classify", self.classify),
            ("extract_tokens", self.extract_tokens),
            *((f"propose_{c}", self._proposer(c)) for c in CATEGORIES),
            ("aggregate", self.aggregate),
        ]
        for name, node in nodes:
            # LangGraph's overloads want its own node protocols; a plain async function is one.
            graph.add_node(name, self._timed(name, node))  # type: ignore[call-overload]
        graph.add_edge(START, "preprocess")
        graph.add_edge("preprocess", "classify")
        graph.add_edge("classify", "extract_tokens")
        for category in CATEGORIES:
            graph.add_edge("extract_tokens", f"propose_{category}")
        graph.add_edge([f"propose_{c}" for c in CATEGORIES], "aggregate")
        graph.add_edge("aggregate", END)
        self.compiled = graph.compile()

    async def run(
        self,
        intake: Intake | None,
        *,
        scale: float | None = None,
        hint: ComponentType | None = None,
        known_type: ComponentType | None = None,
        known_confidence: float = 1.0,
        tokens: DesignTokens | None = None,
        evidence: proposers.Evidence | None = None,
        type_by: str = "input",
        tokens_by: str = "input",
    ) -> Extracted:
        """`hint` weighs in on the classifier; `known_type` replaces it (the caller says what
        the component is, and the image only sharpens tokens and requirements). With no image,
        `tokens` and `evidence` are what the proposers work from. `type_by` and `tokens_by`
        name where the known type and the given tokens come from (input, figma). `scale` is
        the caller's device scale factor for the image (else it is found)."""
        state: ExtractionState = {
            "intake": intake,
            "given_scale": scale,
            "hint": hint,
            "known_type": known_type,
            "known_confidence": known_confidence,
            "given_tokens": tokens,
            "given_evidence": evidence,
            "type_by": type_by,
            "tokens_by": tokens_by,
            "proposals": [],
            "spans": [],
            "engines": {},
            "warnings": [],
            "model_failures": 0,
        }
        end: ExtractionState = await self.compiled.ainvoke(state)  # type: ignore[assignment]
        return Extracted(
            component_type=end["component_type"],
            confidence=end["confidence"],
            alternatives=end.get("alternatives", []),
            tokens=end["tokens"],
            requirements=end["requirements"],
            engines=dict(sorted(end.get("engines", {}).items())),
            warnings=end.get("warnings", []),
            model_failures=end.get("model_failures", 0),
            spans=end.get("spans", []),
            content=end.get("content"),
            anatomy=end.get("anatomy", []),
            gradient=end.get("gradient"),
            scale=reading.scale if (reading := end.get("reading")) is not None else None,
        )

    def _timed(
        self, name: str, node: Callable[[ExtractionState], Awaitable[dict[str, Any]]]
    ) -> Callable[[ExtractionState], Awaitable[dict[str, Any]]]:
        async def run(state: ExtractionState) -> dict[str, Any]:
            start = time.perf_counter()
            update = await node(state)
            span: Span = {"node": name, "start": start, "end": time.perf_counter()}
            return {**update, "spans": [span]}

        return run

    async def warm(self) -> None:
        """Start the analysis workers and load their text reader before the first screenshot
        needs them (a worker process's first call otherwise waits seconds for both)."""
        if self.images is None or self.reader is None:
            return
        try:
            await self.images.run(self.reader.load)
        except Exception:  # the first screenshot will try again, and say so if it fails
            log.warning("extraction_warm_up_failed", exc_info=True)

    # Nodes ----------------------------------------------------------------------------------

    async def preprocess(self, state: ExtractionState) -> dict[str, Any]:
        intake = state.get("intake")
        if intake is None:
            return {"layout": None, "reading": None}
        job = functools.partial(
            read,
            intake.pixels,
            dpi=intake.dpi,
            given=state.get("given_scale"),
            reader=self.reader,
            lossy=intake.lossy,
        )
        try:
            if self.images is not None:
                reading = await self.images.run(job)
            else:
                reading = await asyncio.to_thread(job)
        except Exception as exc:  # no image gives a 500: it gives a guess, said to be one
            return {
                "layout": None,
                "reading": None,
                "warnings": [f"the image could not be measured ({type(exc).__name__}): {exc}"],
            }
        return {"layout": reading.layout, "reading": reading, "warnings": reading.warnings}

    async def classify(self, state: ExtractionState) -> dict[str, Any]:
        layout, hint, known = state.get("layout"), state.get("hint"), state.get("known_type")
        if known is not None:
            sure = state.get("known_confidence", 1.0)
            return {
                "classification": Classification(known, sure, [], None),
                "component_type": known,
                "confidence": sure,
                "alternatives": [],
                "engines": {"component_type": state.get("type_by", "input")},
                "model_view": None,
            }
        reading = state.get("reading")
        if layout is None:
            result = Classification(hint or "card", 0.1, [], None)
        else:
            cues = text_cues(reading.lines, layout, reading.pixels) if reading else None
            result = classify(layout, hint, cues)
        update: dict[str, Any] = {
            "classification": result,
            "component_type": result.component_type,
            "confidence": result.confidence,
            "alternatives": list(result.alternatives),
            "engines": {"component_type": proposers.ENGINE},
            "model_view": None,
        }
        intake = state.get("intake")
        if self.model is not None and intake is not None:
            try:
                view = await self.model.describe(intake, result)
            except Exception as exc:  # the model is optional: the heuristics already answered
                return {
                    **update,
                    "warnings": [f"model classification failed: {_reason(exc)}"],
                    "model_failures": 1,
                }
            update["model_view"] = view
            # The model's semantics win when it is surer than the heuristics.
            if view.confidence > result.confidence and view.component_type in COMPONENT_TYPES:
                others = [(result.component_type, result.confidence)] + [
                    a for a in result.alternatives if a[0] != view.component_type
                ]
                update.update(
                    component_type=view.component_type,
                    confidence=round(view.confidence, 3),
                    alternatives=[a for a in others if a[0] != view.component_type][:3],
                    engines={"component_type": self.model.name},
                )
        return update

    async def extract_tokens(self, state: ExtractionState) -> dict[str, Any]:
        given, layout = state.get("given_tokens"), state.get("layout")
        kind = state["component_type"]
        if layout is None:
            return {
                "tokens": given or DesignTokens(),
                "evidence": state.get("given_evidence") or proposers.Evidence(component_type=kind),
                "engines": {"tokens": state.get("tokens_by", "input")},
            }
        reading = state.get("reading")
        # Pixel work (the text's styles, its face drawn and compared): off the event loop.
        tokens, content, gradient = await asyncio.to_thread(self._measured, layout, kind, reading)
        view = state.get("model_view")
        engines = {"tokens": "pixels"}
        if content is not None:
            engines["content"] = OCR_ENGINE
        elif view is not None and view.labels and self.model is not None:
            content = Content(text=" ".join(view.labels), runs=[], engine=self.model.name)
            engines["content"] = self.model.name
        text = layout.text
        body = layout.body
        fill_share = None
        if kind in ("progress", "slider") and body is not None and layout.inner_fill is not None:
            inner = layout.inner_fill
            fill_share = inner.w / body.w if inner.x0 - body.x0 <= 4 else 1 - inner.w / body.w
        evidence = proposers.Evidence(
            component_type=kind,
            text_lines=len(text.lines) if text else 0,
            icon_only=bool(kind == "button" and (text is None or not text.lines) and layout.marks),
            label_beside=bool(text and not text.inside_body),
            filled=tokens.colors.background not in (None, tokens.colors.page_background),
            bordered=tokens.colors.border is not None,
            fill_share=fill_share,
        )
        return {
            "tokens": tokens,
            "evidence": evidence,
            "engines": engines,
            "content": content,
            "anatomy": anatomy(layout, kind, content),
            "gradient": gradient,
        }

    def _measured(
        self, layout: Layout, kind: ComponentType, reading: Reading | None
    ) -> tuple[DesignTokens, Content | None, Gradient | None]:
        """The tokens from the layout, then from the text read (its runs, face, style and
        padding), and the body's gradient."""
        tokens = tokens_from_layout(layout, kind)
        gradient = None
        if reading is not None and reading.gradient is not None and kind not in FLAT_KINDS:
            gradient, average = reading.gradient
            tokens = with_average_fill(tokens, hex_of(average))
        if reading is None:
            return tokens, None, gradient
        device, factor = reading.device, reading.scale.factor
        content = read_content(reading.lines, device, factor, layout, kind, reading.lossy)
        if content is None:
            return tokens, None, gradient
        tokens, content, in_face = with_typeface(tokens, content, device, factor, self.faces)
        tokens = with_text_style(tokens, content, factor, reading.lossy, in_face)
        tokens = with_run_padding(tokens, content, layout, device, factor, kind)
        return tokens, content, gradient

    def _proposer(
        self, category: RequirementCategory
    ) -> Callable[[ExtractionState], Awaitable[dict[str, Any]]]:
        async def propose(state: ExtractionState) -> dict[str, Any]:
            kind = state["component_type"]
            pattern = self.library.by_component_type(kind)
            tokens, evidence = state["tokens"], state["evidence"]
            offline = _offline(category, pattern, evidence, tokens)
            if self.model is None:
                return {
                    "proposals": offline,
                    "engines": {f"requirements.{category}": proposers.ENGINE},
                }
            view = state.get("model_view")
            notes = view.description if view else ""
            try:
                found = await self.model.propose(category, kind, tokens, notes)
            except Exception as exc:
                return {
                    "proposals": offline,
                    "engines": {f"requirements.{category}": proposers.ENGINE},
                    "warnings": [f"model {category} proposer failed: {_reason(exc)}"],
                    "model_failures": 1,
                }
            return {
                "proposals": found + offline,  # the model's first; offline ones fill the gaps
                "engines": {
                    f"requirements.{category}": f"{self.model.text_name}+{proposers.ENGINE}"
                },
            }

        return propose

    async def aggregate(self, state: ExtractionState) -> dict[str, Any]:
        """Deduplicate by (category, name), keep the surest of each, rank by confidence."""
        best: dict[tuple[str, str], Proposal] = {}
        for proposal in state.get("proposals", []):
            key = (proposal.category or "props", proposal.name.strip().lower())
            held = best.get(key)
            if held is None:
                best[key] = proposal
                continue
            keep, other = (
                (proposal, held)
                if (proposal.confidence or 0) > (held.confidence or 0)
                else (held, proposal)
            )
            sources = list(dict.fromkeys(f"{keep.source}+{other.source}".split("+")))
            best[key] = keep.model_copy(update={"source": "+".join(sources)})
        grouped: dict[str, list[Proposal]] = {c: [] for c in CATEGORIES}
        for (category, _), proposal in best.items():
            grouped[category].append(proposal)
        for items in grouped.values():
            items.sort(key=lambda p: -(p.confidence or 0))
        return {"requirements": Requirements(**grouped)}


def _offline(
    category: RequirementCategory,
    pattern: Any,
    evidence: proposers.Evidence,
    tokens: DesignTokens,
) -> list[Proposal]:
    if category == "props":
        return proposers.propose_props(pattern, evidence, tokens)
    if category == "events":
        return proposers.propose_events(pattern, evidence)
    if category == "states":
        return proposers.propose_states(pattern, evidence, tokens)
    return proposers.propose_accessibility(pattern, evidence, tokens)


def with_average_fill(tokens: DesignTokens, average: str | None) -> DesignTokens:
    """A gradient's surface as its average colour: the background, and the primary where
    the fill was the primary (a gradient button)."""
    colors = tokens.colors
    update: dict[str, str | None] = {"background": average}
    if colors.primary is not None and colors.primary == colors.background:
        update["primary"] = average
    return tokens.model_copy(update={"colors": colors.model_copy(update=update)})


def _reason(exc: BaseException) -> str:
    return getattr(exc, "message", None) or type(exc).__name__
