"""Scoring without Node: what the worker found (or that it could not run) becomes each check's
state and score, the verdict, the findings counted for the metrics and a readable page."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from componentforge.schemas.validation import Preview, ValidationReport, ValidationRequest
from componentforge.validation.answer import PreviewAnswer, WorkerAnswer
from componentforge.validation.assemble import assemble
from componentforge.validation.report import render_html

GOOD = "export function Good() { return <button>Go</button> }\n"
TOKENS = {"colors": {"primary": "#2563eb", "primary_foreground": "#ffffff"}}


def answer(**parts: Any) -> WorkerAnswer:
    clean: dict[str, Any] = {
        "typescript": {"errors": []},
        "eslint": {"errors": [], "warnings": []},
        "a11y": {"violations": []},
        "security": {"findings": []},
        "render": {"ok": True, "starved": False, "error": None, "stories": []},
        "auto_fixes": None,
        "timings": {"eslint": 12},  # what the report does not show is left out
    }
    return WorkerAnswer.model_validate({**clean, **parts})


def checks(report: ValidationReport) -> dict[str, str]:
    return {c.name: c.state for c in report.checks}


def test_a_clean_answer_passes_with_every_check_that_ran() -> None:
    request = ValidationRequest(code=GOOD, tokens=TOKENS)
    made = assemble("r1", "acme", request, answer(), None, 12.5)
    report = made.report
    assert report.status == "PASS" and report.tenant == "acme" and report.score == 1.0
    assert checks(report) == {
        "typescript": "passed",
        "a11y": "passed",
        "eslint": "passed",
        "security": "passed",
        "contrast": "passed",
        "requirements": "skipped",  # none were asked for
        "visual": "skipped",  # no image to compare with
    }
    assert report.auto_fixes == [] and made.findings["typescript"] == 0
    assert report.latency_ms == 12.5 and report.recommendations == []


def test_a_type_error_fails_and_is_counted() -> None:
    error = {"line": 1, "column": 8, "code": "TS2322", "message": "no", "severity": "error"}
    made = assemble(
        "r2", "local", ValidationRequest(code=GOOD), answer(typescript={"errors": [error]}), None, 1
    )
    assert made.report.status == "FAIL" and checks(made.report)["typescript"] == "failed"
    assert made.findings["typescript"] == 1 and made.report.score < 1.0
    assert checks(made.report)["contrast"] == "skipped"  # no colour pairs in the tokens
    assert made.report.recommendations == ["fix the type error at line 1 (TS2322): no"]


def test_without_node_the_syntax_is_checked_and_the_verdict_is_unverified() -> None:
    made = assemble(
        "r3", "local", ValidationRequest(code=GOOD), None, "Node.js is not installed", 1
    )
    assert made.report.status == "UNVERIFIED"
    assert checks(made.report)["eslint"] == "skipped"
    reasons = {c.name: c.reason for c in made.report.checks}
    assert reasons["eslint"] == "skipped: Node.js is not installed"
    assert reasons["typescript"] == "skipped: Node.js is not installed"
    broken = assemble("r4", "local", ValidationRequest(code="export const = ("), None, "no node", 1)
    assert broken.report.status == "FAIL" and broken.report.typescript.syntax_only
    assert checks(broken.report)["typescript"] == "failed"


def test_a_starved_render_skips_accessibility_and_is_not_a_pass() -> None:
    render = {"ok": False, "starved": True, "error": "the machine is busy", "stories": []}
    made = assemble("r5", "local", ValidationRequest(code=GOOD), answer(render=render), None, 1)
    assert made.report.status == "UNVERIFIED" and checks(made.report)["a11y"] == "skipped"
    assert "a11y" not in made.findings
    assert "validate again when the server is less busy" in made.report.recommendations[0]


def test_a_render_that_fails_fails_accessibility() -> None:
    render = {"ok": False, "starved": False, "error": "it threw", "stories": []}
    made = assemble("r6", "local", ValidationRequest(code=GOOD), answer(render=render), None, 1)
    assert made.report.status == "FAIL" and checks(made.report)["a11y"] == "failed"


def test_an_answer_in_another_shape_is_refused_whole() -> None:
    with pytest.raises(ValidationError):
        answer(typescript={"errors": [{"line": "one"}]})
    with pytest.raises(ValidationError):
        WorkerAnswer.model_validate({"typescript": {"errors": []}})


def test_contrast_as_painted_decides_and_the_token_pairs_only_inform() -> None:
    low = {"target": "p", "html": "<p>x</p>", "ratio": 1.2, "expected": "4.5:1"}
    shot = PreviewAnswer.model_validate(
        {
            "ok": True,
            "contrast": {"stories": [{"story": "Component", "passes": 3, "violations": [low]}]},
        }
    )
    assert shot.contrast is not None and shot.contrast.checked == 4
    preview = Preview(
        status="rendered",
        contrast_checked=4,
        contrast_violations=[
            {"story": "Component", **low, "foreground": "#eee", "background": "#fff"}
        ],
    )
    tokens = {"colors": {"primary": "#2563eb", "primary_foreground": "#ffffff"}}
    made = assemble(
        "r7",
        "local",
        ValidationRequest(code=GOOD, tokens=tokens),
        answer(),
        None,
        1,
        preview=preview,
    )
    contrast = next(c for c in made.report.checks if c.name == "contrast")
    assert contrast.state == "failed" and contrast.score == 0.75
    assert contrast.reason == "as painted in the preview (axe-core in Chromium)"
    assert made.report.contrast.pairs and made.findings["contrast"] == 1
    assert "from 1.2:1 to 4.5:1" in made.report.recommendations[0]


def test_the_page_shows_every_finding_even_one_without_a_line() -> None:
    finding = {
        "rule": "forbidden-import",
        "severity": "critical",
        "line": None,
        "message": "imports fs",
        "code": "fs",
    }
    violation = {
        "story": "Component",
        "rule": "button-name",
        "impact": None,
        "help": "Name it",
        "nodes": [{"html": "<button></button>", "target": "button"}],
    }
    made = assemble(
        "r8",
        "local",
        ValidationRequest(code=GOOD, component_name="Good"),
        answer(security={"findings": [finding]}, a11y={"violations": [violation]}),
        None,
        1,
    )
    page = render_html(made.report, GOOD)
    assert made.report.status == "FAIL" and "imports fs" in page
    assert "&lt;button&gt;&lt;/button&gt;" in page and "Quality report: Good" in page
