"""The generation graph without Node or a model: a scripted writer stands in for the model (the
paid API) and a scripted checker for the Node worker, so each path of "model, then offline,
marked degraded" and of the fix loop is exercised and its result read from the typed answer."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.errors import DependencyError
from componentforge.generation.graph import ENGINE, GenerationGraph
from componentforge.generation.graph_state import Generated
from componentforge.generation.writer import Call, Written
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.report_parts import Offset
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import Status, ValidationReport, VisualCheck
from componentforge.validation.visual import Reference

LIBRARY = PatternLibrary.load(DEFAULT_PATTERNS_DIR)
CHECKBOX = LIBRARY.get("shadcn-checkbox")
TOKENS = DesignTokens.model_validate({"colors": {"primary": "#2563eb"}})
REQUIREMENTS = Requirements.model_validate({"props": ["invalid"], "states": ["loading"]})
BROKEN = "// broken"


def report(status: Status, fixed_code: str | None = None) -> ValidationReport:
    return ValidationReport(
        report_id="r",
        status=status,
        score=1.0 if status == "PASS" else 0.2,
        component_name="TermsCheckbox",
        checks=[],
        typescript={},
        eslint={},
        a11y={},
        contrast={},
        requirements=None,
        security={},
        auto_fixes=[],
        fixed_code=fixed_code,
        recommendations=[] if status == "PASS" else ["line 1: the code is broken"],
        created_at="2026-12-02T00:00:00Z",
        latency_ms=1.0,
    )


class Validator:
    """The graph's validator, faked: each check is `check(code, tokens, reference)`."""

    async def __call__(
        self,
        code: str,
        stories: str | None,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
        reference: Reference | None = None,
    ) -> ValidationReport:
        return self.check(code, tokens, reference)

    def check(
        self, code: str, tokens: DesignTokens, reference: Reference | None
    ) -> ValidationReport:
        raise NotImplementedError


@dataclass
class Checker(Validator):
    """Fails any code with the BROKEN marker, and the first `fail_times` checks of any code
    (offering `fixed` as ESLint's automatic fix, when set)."""

    fixed: str | None = None
    fail_times: int = 0
    checked: list[str] = field(default_factory=list)

    def check(
        self, code: str, tokens: DesignTokens, reference: Reference | None
    ) -> ValidationReport:
        self.checked.append(code)
        if BROKEN in code or len(self.checked) <= self.fail_times:
            return report("FAIL", self.fixed)
        return report("PASS")


@dataclass
class Writer:
    """A model that writes `code` (or raises), and fixes into `fixes` one by one."""

    code: str = "export function TermsCheckbox() { return null }\n"
    fixes: list[str] = field(default_factory=list)
    fail: bool = False
    engine: str = "llm:test"
    model: str = "test-model"
    findings: list[list[str]] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # what the graph said to keep

    def _written(self, code: str) -> Written:
        return Written(
            code, "export default {}\n", "notes", Call("generation", self.model, 10, 5, 0.001)
        )

    async def write(
        self,
        pattern: Pattern,
        name: str,
        start: str,
        tokens: DesignTokens,
        requirements: Requirements,
        shown: dict[str, str],
    ) -> Written:
        self.shown = shown
        if self.fail:
            raise DependencyError("llm", "the model timed out")
        assert "TermsCheckbox" in start  # it is given the offline composition to refine
        return self._written(self.code)

    async def fix(
        self, name: str, component: str, stories: str | None, findings: list[str]
    ) -> Written:
        self.findings.append(findings)
        return self._written(self.fixes.pop(0))


async def test_offline_composition_is_checked_stamped_and_says_what_it_applied() -> None:
    checker = Checker()
    made = await GenerationGraph(checker).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64
    )
    assert made.engine == ENGINE and made.fallback is None and made.rounds == 0
    assert [s.stage for s in made.stages] == [
        "plan",
        "generate",
        "validate",
        "assemble",
        "provenance",
    ]
    component = made.files["TermsCheckbox.tsx"]
    assert component.startswith("/**\n * TermsCheckbox: generated by componentforge")
    assert checker.checked == [component.split(" */\n", 1)[1]]  # checked, then stamped
    assert {a["name"] for a in made.applied} >= {"invalid", "loading"}
    assert made.provenance["engine"] == ENGINE and made.provenance["model"] is None
    assert made.calls == [] and made.report is not None and made.report.status == "PASS"


async def test_offline_fix_rounds_apply_eslint_fixes() -> None:
    fixed = "export function TermsCheckbox() { return null }\n"
    checker = Checker(fixed=fixed, fail_times=1)
    made = await GenerationGraph(checker).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64
    )
    assert made.rounds == 1 and checker.checked[1] == fixed
    assert made.files["TermsCheckbox.tsx"].endswith(fixed)
    assert made.report is not None and made.report.status == "PASS"


async def test_offline_code_without_an_automatic_fix_is_returned_with_its_failure() -> None:
    checker = Checker(fail_times=5)
    made = await GenerationGraph(checker).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64, max_fix_rounds=2
    )
    assert made.rounds == 0 and len(checker.checked) == 1
    assert made.report is not None and made.report.status == "FAIL"


async def test_a_failing_model_hands_over_to_the_offline_composition() -> None:
    graph = GenerationGraph(Checker(), Writer(fail=True))
    made = await graph.run(CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64)
    assert made.engine == ENGINE and made.fallback == "the model failed: the model timed out"
    assert made.attempts == [] and made.calls == [] and made.applied


async def test_the_models_code_is_kept_when_it_passes() -> None:
    writer = Writer()
    made = await GenerationGraph(Checker(), writer).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64
    )
    assert made.engine == "llm:test" and made.fallback is None and made.notes == "notes"
    assert made.files["TermsCheckbox.tsx"].endswith(writer.code)
    assert made.applied == []  # the report's requirement coverage speaks for model code
    assert made.provenance["model"] == "test-model"
    assert [c.model for c in made.calls] == ["test-model"]


async def test_the_model_fixes_from_the_findings_until_its_code_passes() -> None:
    writer = Writer(code=BROKEN, fixes=[BROKEN + " again", "export const TermsCheckbox = 1\n"])
    made = await GenerationGraph(Checker(), writer).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64, max_fix_rounds=2
    )
    assert made.engine == "llm:test" and made.rounds == 2 and made.fallback is None
    assert writer.findings == [["line 1: the code is broken"]] * 2
    assert len(made.calls) == 3 and len(made.attempts) == 2
    assert [a["round"] for a in made.attempts] == [0, 1]
    assert [s.stage for s in made.stages].count("fix") == 2


@pytest.mark.parametrize("rounds", [0, 1])
async def test_model_code_that_never_passes_falls_back_to_the_offline_composition(
    rounds: int,
) -> None:
    writer = Writer(code=BROKEN, fixes=[BROKEN] * rounds)
    checker = Checker()
    made = await GenerationGraph(checker, writer).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64, max_fix_rounds=rounds
    )
    assert made.engine == ENGINE and made.rounds == 0
    assert made.fallback == (
        f"the model's component still failed validation after {rounds} fix rounds"
    )
    assert made.report is not None and made.report.status == "PASS"  # the offline one, checked
    assert len(made.attempts) == rounds + 1 and all(a["status"] == "FAIL" for a in made.attempts)
    assert len(made.calls) == rounds + 1  # what the model cost is still counted
    assert made.provenance["model"] is None and made.applied  # the offline ledger again
    assert len(checker.checked) == rounds + 2


async def test_without_validation_nothing_is_checked() -> None:
    checker = Checker()
    made = await GenerationGraph(checker).run(
        CHECKBOX, "TermsCheckbox", TOKENS, REQUIREMENTS, key="k" * 64, validate=False
    )
    assert made.report is None and checker.checked == []
    assert set(made.files) == {
        "TermsCheckbox.tsx",
        "TermsCheckbox.stories.tsx",
        "tokens.json",
        "requirements.json",
        "provenance.json",
    }


def looked(score: float, surface: str, measured_surface: str) -> VisualCheck:
    """A visual check whose screenshot's surface is `surface` and the preview's another."""
    same = surface == measured_surface
    return VisualCheck(
        score=score,
        passed=same,
        size={"width": 1.0, "height": 1.0},
        colours={"surface": 0.0 if same else 30.0, "text": 0.0, "border": 0.0},
        text={"exact": True, "similarity": 1.0},
        ssim=0.9,
        histogram=0.9,
        reasons=[] if same else ["the surface colour differs (ΔE2000 30.0)"],
        measured={
            "reference": {
                "width": 120,
                "height": 40,
                "surface": surface,
                "text": None,
                "border": None,
            },
            "preview": {
                "width": 120,
                "height": 40,
                "surface": measured_surface,
                "text": None,
                "border": None,
            },
        },
    )


@dataclass
class Looker(Validator):
    """A checker with a screenshot whose surface is #dc2626: the preview looks like it once
    the tokens' background is that colour (each code's background read from its class)."""

    checked: list[DesignTokens] = field(default_factory=list)
    worse_after: int | None = None  # from this round on, every look scores lower

    def check(
        self, code: str, tokens: DesignTokens, reference: Reference | None
    ) -> ValidationReport:
        assert reference is not None
        self.checked.append(tokens)
        painted = tokens.colors.background or "#ffffff"
        score = 0.95 if painted == "#dc2626" else 0.6
        if self.worse_after is not None and len(self.checked) > self.worse_after:
            score, painted = 0.1, "#000000"
        visual = looked(score, "#dc2626", painted)
        answer = report("PASS" if visual.passed else "FAIL")
        return answer.model_copy(update={"visual": visual})


async def against_a_screenshot(validator: Validator, rounds: int) -> Generated:
    """The checkbox composed for a screenshot, checked by `validator`."""
    graph = GenerationGraph(validator)
    reference = Reference(image=b"png")
    return await graph.run(
        CHECKBOX,
        "TermsCheckbox",
        TOKENS,
        REQUIREMENTS,
        key="k" * 64,
        reference=reference,
        max_fix_rounds=rounds,
    )


async def test_the_visual_fix_moves_the_tokens_to_the_screenshots_measures() -> None:
    looker = Looker()
    made = await against_a_screenshot(looker, 2)
    assert [t.colors.background for t in looker.checked] == [None, "#dc2626"]
    assert [s.stage for s in made.stages].count("retouch") == 1 and made.rounds == 1
    assert made.report is not None and made.report.status == "PASS"
    assert '"background": "#dc2626"' in made.files["tokens.json"]


async def test_the_round_that_looked_most_like_the_screenshot_is_kept() -> None:
    # the retouched round looks worse than the first: the first is what comes back
    looker = Looker(worse_after=1)
    made = await against_a_screenshot(looker, 2)
    assert len(looker.checked) == 2  # the worse round said nothing new to change
    assert made.report is not None and made.report.visual is not None
    assert made.report.visual.score == 0.6
    assert '"background"' not in made.files["tokens.json"]  # the first round's tokens


@dataclass
class Placer(Validator):
    """A checker whose screenshot has the checkbox's label 2 px higher than the composition
    first puts it: in place once the label is moved up by 2 px."""

    codes: list[str] = field(default_factory=list)
    stubborn: bool = False  # the text stays off however it is moved

    def check(
        self, code: str, tokens: DesignTokens, reference: Reference | None
    ) -> ValidationReport:
        self.codes.append(code)
        placed = "translate-y-[-2px]" in code and not self.stubborn
        visual = looked(0.95 if placed else 0.8, "#ffffff", "#ffffff")
        offset = Offset(x=0, y=0 if placed else 2)
        visual = visual.model_copy(update={"text_offset": offset})
        return report("PASS").model_copy(update={"visual": visual})


async def test_text_that_stands_off_the_screenshots_is_moved_back_in_a_fix_round() -> None:
    placer = Placer()
    made = await against_a_screenshot(placer, 2)
    assert len(placer.codes) == 2 and made.rounds == 1  # in place after one round: done
    assert "translate-y-[-2px]" not in placer.codes[0]
    assert "translate-y-[-2px]" in made.files["TermsCheckbox.tsx"]
    assert made.report is not None and made.report.visual is not None
    assert made.report.visual.score == 0.95


async def test_a_passing_component_gets_one_round_to_look_closer_not_every_round() -> None:
    placer = Placer(stubborn=True)
    made = await against_a_screenshot(placer, 3)
    assert len(placer.codes) == 2 and made.rounds == 1
