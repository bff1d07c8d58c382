"""The extraction graph: order of the steps, the four proposers running at once, the merge, and
a model engine that answers slowly or fails (a small engine written here, passed in as the
service passes its own)."""

from __future__ import annotations

import asyncio
import io
import time

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.errors import DependencyError
from componentforge.extraction.classify import Classification
from componentforge.extraction.graph import CATEGORIES, ExtractionGraph
from componentforge.extraction.graph_state import ModelView
from componentforge.extraction.intake import Intake, read_image
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.requirements import Proposal, RequirementCategory
from componentforge.schemas.tokens import DesignTokens
from tests.support.drawing import Canvas, component_png


@pytest.fixture(scope="module")
def library() -> PatternLibrary:
    return PatternLibrary.load(DEFAULT_PATTERNS_DIR)


def intake(kind: str) -> Intake:
    return read_image(component_png(kind), max_bytes=10**7, max_pixels=10**7)


class SlowModel:
    """Answers after `delay` seconds; counts how many calls are in flight at once."""

    name = "test-model"
    text_name = "test-model"

    def __init__(self, delay: float, fail: bool = False) -> None:
        self.delay = delay
        self.fail = fail
        self.in_flight = 0
        self.most_in_flight = 0

    async def describe(self, intake: Intake, hint: Classification) -> ModelView:
        if self.fail:
            raise DependencyError("openai", "openai is unavailable (circuit open)")
        return ModelView("switch", 0.99, ["Airplane mode"], "a toggle for airplane mode")

    async def propose(
        self, category: RequirementCategory, component_type: str, tokens: DesignTokens, notes: str
    ) -> list[Proposal]:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if self.fail:
                raise DependencyError("openai", "openai did not answer within 1 s")
            return [
                Proposal(
                    name=f"model-{category}", category=category, confidence=0.95, source=self.name
                ),
                # The same name as an offline proposal, surer: it wins and says both engines.
                Proposal(name="disabled", category=category, confidence=0.99, source=self.name),
            ]
        finally:
            self.in_flight -= 1


async def test_steps_run_in_order_and_the_proposers_together(library: PatternLibrary) -> None:
    model = SlowModel(delay=0.3)
    graph = ExtractionGraph(library, model)
    start = time.perf_counter()
    state = await graph.run(intake("checkbox"))
    elapsed = time.perf_counter() - start
    spans = {s["node"]: s for s in state.spans}
    assert spans["preprocess"]["end"] <= spans["classify"]["start"]
    assert spans["classify"]["end"] <= spans["extract_tokens"]["start"]
    proposers = [spans[f"propose_{c}"] for c in CATEGORIES]
    assert all(spans["extract_tokens"]["end"] <= p["start"] for p in proposers)
    assert all(p["end"] <= spans["aggregate"]["start"] for p in proposers)
    # Four 0.3 s proposers: together, not one after another.
    assert model.most_in_flight == 4
    assert max(p["start"] for p in proposers) < min(p["end"] for p in proposers)
    assert elapsed < 4 * 0.3
    requirements = state.requirements
    for category in CATEGORIES:
        names = [p.name for p in getattr(requirements, category)]
        assert f"model-{category}" in names
        assert len(names) == len({n.lower() for n in names})  # deduplicated
    disabled = next(p for p in requirements.props if p.name == "disabled")
    assert disabled.confidence == 0.99 and disabled.source == "test-model+offline"
    # The model is surer of the type than the heuristics: its semantics win; colours stay measured.
    assert state.component_type == "switch" and state.engines["component_type"] == "test-model"
    assert state.tokens.colors.primary == "#2563eb"
    assert state.engines["requirements.props"] == "test-model+offline"


async def test_a_failing_model_leaves_the_offline_answer(library: PatternLibrary) -> None:
    graph = ExtractionGraph(library, SlowModel(delay=0.01, fail=True))
    state = await graph.run(intake("checkbox"))
    assert state.component_type == "checkbox"
    assert state.engines["component_type"] == "offline"
    assert all(state.engines[f"requirements.{c}"] == "offline" for c in CATEGORIES)
    assert len(state.warnings) == 5 and state.model_failures == 5
    assert "onCheckedChange" in {e.name for e in state.requirements.events}


async def test_offline_proposals_follow_what_the_pixels_show(library: PatternLibrary) -> None:
    graph = ExtractionGraph(library)
    progress = await graph.run(intake("progress"))
    value = next(p for p in progress.requirements.props if p.name == "value")
    assert value.default == "60"  # the drawn indicator covers 192 of 320 px
    canvas = Canvas()
    canvas.box(200, 180, 160, 40, fill="#e5e7eb", radius=6)  # pale grey text on pale grey
    canvas.text(224, 190, "Continue", "#a1a1aa", 16)
    buffer = io.BytesIO(canvas.png())
    state = await graph.run(read_image(buffer.getvalue(), max_bytes=10**7, max_pixels=10**7))
    names = {p.name for p in state.requirements.accessibility}
    assert "text-contrast" in names
