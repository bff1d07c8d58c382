"""Scoring without Node: what the worker found (or that it could not run) becomes each check's
state and score, the verdict and the findings counted for the metrics."""

from __future__ import annotations

from typing import Any

from componentforge.schemas.validation import ValidationRequest
from componentforge.validation.assemble import WorkerAnswer, assemble

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
    }
    return WorkerAnswer.model_validate({**clean, **parts})


def checks(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["state"] for c in report["checks"]}


def test_a_clean_answer_passes_with_every_check_that_ran() -> None:
    request = ValidationRequest(code=GOOD, tokens=TOKENS)
    made = assemble("r1", "acme", request, answer(), None)
    report = made.report
    assert report["status"] == "PASS" and report["tenant"] == "acme" and report["score"] == 1.0
    assert checks(report) == {
        "typescript": "passed",
        "a11y": "passed",
        "eslint": "passed",
        "security": "passed",
        "contrast": "passed",
        "requirements": "skipped",  # none were asked for
        "visual": "skipped",  # no image to compare with
    }
    assert report["auto_fixes"] == [] and made.findings["typescript"] == 0


def test_a_type_error_fails_and_is_counted() -> None:
    error = {"line": 1, "column": 8, "code": 2322, "message": "no", "severity": "error"}
    made = assemble(
        "r2", "local", ValidationRequest(code=GOOD), answer(typescript={"errors": [error]}), None
    )
    assert made.report["status"] == "FAIL" and checks(made.report)["typescript"] == "failed"
    assert made.findings["typescript"] == 1 and made.report["score"] < 1.0
    assert checks(made.report)["contrast"] == "skipped"  # no colour pairs in the tokens


def test_without_node_the_syntax_is_checked_and_the_verdict_is_unverified() -> None:
    made = assemble("r3", "local", ValidationRequest(code=GOOD), None, "Node.js is not installed")
    assert made.report["status"] == "UNVERIFIED"
    assert checks(made.report)["eslint"] == "skipped"
    reasons = {c["name"]: c["reason"] for c in made.report["checks"]}
    assert reasons["eslint"] == "skipped: Node.js is not installed"
    broken = assemble("r4", "local", ValidationRequest(code="export const = ("), None, "no node")
    assert broken.report["status"] == "FAIL" and broken.report["typescript"]["syntax_only"]


def test_a_starved_render_skips_accessibility_and_is_not_a_pass() -> None:
    render = {"ok": False, "starved": True, "error": "the machine is busy", "stories": []}
    made = assemble("r5", "local", ValidationRequest(code=GOOD), answer(render=render), None)
    assert made.report["status"] == "UNVERIFIED" and checks(made.report)["a11y"] == "skipped"
    assert "a11y" not in made.findings


def test_a_render_that_fails_fails_accessibility() -> None:
    render = {"ok": False, "starved": False, "error": "it threw", "stories": []}
    made = assemble("r6", "local", ValidationRequest(code=GOOD), answer(render=render), None)
    assert made.report["status"] == "FAIL" and checks(made.report)["a11y"] == "failed"
