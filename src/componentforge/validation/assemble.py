"""A validation report from what the Node worker found (or could not: no Node.js, a busy
machine) and the tokens' contrast: each check's state and score, the verdict, the advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from componentforge.schemas.validation import CheckSummary, ValidationRequest
from componentforge.validation.contrast import check_contrast
from componentforge.validation.score import WEIGHTS, check_score, recommendations
from componentforge.validation.syntax import syntax_errors


class WorkerAnswer(BaseModel):
    """What `validator/src/worker.mjs` answers for one component (each part as the report
    shows it)."""

    typescript: dict[str, Any]
    eslint: dict[str, Any]
    a11y: dict[str, Any]
    security: dict[str, Any]
    requirements: dict[str, Any] | None = None
    render: dict[str, Any]
    auto_fixes: list[dict[str, Any]] | None = None
    fixed_code: str | None = None
    formatted: dict[str, Any] | None = None
    preview: dict[str, Any] | None = None

    @property
    def starved(self) -> bool:
        """A render starved of CPU by a busy machine says nothing about the component."""
        return bool(self.render.get("starved"))


@dataclass(frozen=True)
class Assembled:
    report: dict[str, Any]  # the ValidationReport's fields, less latency and its URL
    findings: dict[str, int]  # how many problems each check that ran found


def assemble(
    report_id: str,
    tenant: str,
    request: ValidationRequest,
    answer: WorkerAnswer | None,
    skipped_reason: str | None,
    visual: dict[str, Any] | None = None,
    painted: dict[str, Any] | None = None,
) -> Assembled:
    colours = (request.tokens or {}).get("colors", request.tokens or {})
    pairs, unreadable = check_contrast(colours if isinstance(colours, dict) else {})
    contrast: dict[str, Any] = {"pairs": [p.__dict__ for p in pairs], "unreadable": unreadable}
    if painted is not None:  # the browser measured what is painted: the token pairs inform only
        contrast["painted"] = painted
    starved = answer is not None and answer.starved
    if answer is not None:
        render: dict[str, Any] | None = answer.render
        results: dict[str, Any] = {
            "typescript": answer.typescript,
            "eslint": answer.eslint,
            "a11y": None if starved else {**answer.a11y, "render_failed": not answer.render["ok"]},
            "security": answer.security,
            "requirements": answer.requirements,
            "visual": visual,
        }
    else:
        render = None
        results = {
            "typescript": {"errors": syntax_errors(request.code), "syntax_only": True},
            "eslint": {"errors": [], "warnings": []},
            "a11y": {"violations": []},
            "security": {"findings": []},
            "requirements": None,
            "visual": None,
        }
    checks: list[CheckSummary] = []
    findings: dict[str, int] = {}
    failed = False
    for name, weight in WEIGHTS.items():
        result = contrast if name == "contrast" else results.get(name)
        ran = result is not None and (answer is not None or name == "contrast")
        reason: str | None = None if ran else f"skipped: {skipped_reason}"
        if name == "contrast" and not pairs and painted is None:
            ran, reason = False, "no colour pairs in the tokens"
        if name == "contrast" and painted is not None:
            reason = "as painted in the preview (axe-core in Chromium)"
        if name == "typescript" and answer is None and results["typescript"]["errors"]:
            ran, reason = True, "syntax only (tree-sitter): Node.js checks skipped"
        if name == "a11y" and starved:
            assert render is not None
            ran, reason = False, f"skipped: {render['error']}"
        if name == "requirements" and result is None and answer is not None:
            ran, reason = False, "no requirements given"
        if name == "visual" and result is None and answer is not None:
            ran, reason = False, "no image to compare with"
        if not ran:
            checks.append(
                CheckSummary(name=name, state="skipped", score=None, weight=weight, reason=reason)
            )
            continue
        assert result is not None
        score, fails = check_score(name, result)
        failed |= fails
        findings[name] = _count(name, result)
        checks.append(
            CheckSummary(
                name=name,
                state="failed" if fails else "passed",
                score=round(score, 3),
                weight=weight,
                reason=reason,
            )
        )
    measured = [c for c in checks if c.score is not None]
    total = sum(c.weight for c in measured)
    score = (
        round(sum(c.score * c.weight for c in measured if c.score is not None) / total, 3)
        if total
        else 0.0
    )
    status = "FAIL" if failed else ("PASS" if answer is not None and not starved else "UNVERIFIED")
    report: dict[str, Any] = {
        "report_id": report_id,
        "tenant": tenant,
        "status": status,
        "score": score,
        "component_name": request.component_name,
        "checks": [c.model_dump() for c in checks],
        "typescript": results["typescript"],
        "eslint": results["eslint"],
        "a11y": {
            k: v for k, v in (results["a11y"] or {"violations": []}).items() if k != "render_failed"
        },
        "contrast": contrast,
        "requirements": results["requirements"],
        "security": results["security"],
        "auto_fixes": (answer.auto_fixes if answer is not None else None) or [],
        "fixed_code": answer.fixed_code if answer is not None else None,
        "formatted": answer.formatted if answer is not None else None,
        "render": render,
        "visual": visual,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report["recommendations"] = recommendations(report)
    return Assembled(report, findings)


def _count(name: str, result: dict[str, Any]) -> int:
    return {
        "typescript": lambda r: len(r["errors"]),
        "eslint": lambda r: len(r["errors"]) + len(r.get("warnings", [])),
        "a11y": lambda r: len(r["violations"]),
        "security": lambda r: len(r["findings"]),
        "contrast": lambda r: (
            len(r["painted"]["violations"])
            if "painted" in r
            else sum(not p["aa"] for p in r["pairs"])
        ),
        "requirements": lambda r: len(r["missing"]),
        "visual": lambda r: len(r["reasons"]),
    }[name](result)
