"""A validation report from what the Node worker found (or could not: no Node.js, a busy
machine) and the tokens' contrast: each check's state and score, the verdict, the advice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from componentforge.schemas.report_parts import (
    A11yPart,
    ContrastPart,
    EslintPart,
    PaintedPart,
    RequirementsPart,
    SecurityPart,
    TypeScriptPart,
)
from componentforge.schemas.validation import (
    CheckSummary,
    Preview,
    ValidationReport,
    ValidationRequest,
    VisualCheck,
)
from componentforge.validation.answer import WorkerAnswer
from componentforge.validation.contrast import check_contrast
from componentforge.validation.score import WEIGHTS, Part, check_score, found, recommendations
from componentforge.validation.syntax import syntax_errors


@dataclass(frozen=True)
class Assembled:
    report: ValidationReport  # without its URL: that comes when it is stored
    findings: dict[str, int]  # how many problems each check that ran found


@dataclass
class _Parts:
    """Each check's part as the report shows it, and why the checks that did not run did not."""

    typescript: TypeScriptPart
    eslint: EslintPart | None
    a11y: A11yPart | None
    security: SecurityPart | None
    requirements: RequirementsPart | None
    visual: VisualCheck | None
    contrast: ContrastPart
    render_failed: bool = False
    skipped: dict[str, str] = field(default_factory=dict)  # check → why it did not run
    notes: dict[str, str] = field(default_factory=dict)  # check that ran → how


def assemble(
    report_id: str,
    tenant: str,
    request: ValidationRequest,
    answer: WorkerAnswer | None,
    skipped_reason: str | None,
    latency_ms: float,
    visual: VisualCheck | None = None,
    preview: Preview | None = None,
) -> Assembled:
    parts = _parts(request, answer, skipped_reason, visual, preview)
    checks: list[CheckSummary] = []
    findings: dict[str, int] = {}
    failed = False
    for name, weight in WEIGHTS.items():
        part: Part | None = getattr(parts, name)
        if name in parts.skipped or part is None:
            reason = parts.skipped.get(name)
            checks.append(
                CheckSummary(name=name, state="skipped", score=None, weight=weight, reason=reason)
            )
            continue
        score, fails = check_score(part, render_failed=parts.render_failed)
        failed |= fails
        findings[name] = found(part)
        checks.append(
            CheckSummary(
                name=name,
                state="failed" if fails else "passed",
                score=round(score, 3),
                weight=weight,
                reason=parts.notes.get(name),
            )
        )
    measured = [(c.score, c.weight) for c in checks if c.score is not None]
    total = sum(weight for _, weight in measured)
    score = round(sum(s * w for s, w in measured) / total, 3) if total else 0.0
    starved = answer is not None and answer.render.starved
    status = "FAIL" if failed else ("PASS" if answer is not None and not starved else "UNVERIFIED")
    report = ValidationReport(
        report_id=report_id,
        tenant=tenant,
        status=status,
        score=score,
        component_name=request.component_name,
        checks=checks,
        typescript=parts.typescript,
        eslint=parts.eslint or EslintPart(),
        a11y=parts.a11y or A11yPart(),
        contrast=parts.contrast,
        requirements=parts.requirements,
        security=parts.security or SecurityPart(),
        auto_fixes=(answer.auto_fixes if answer is not None else None) or [],
        fixed_code=answer.fixed_code if answer is not None else None,
        formatted=answer.formatted if answer is not None else None,
        recommendations=[],
        render=answer.render if answer is not None else None,
        preview=preview,
        visual=visual,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        latency_ms=latency_ms,
    )
    report.recommendations = recommendations(report)
    return Assembled(report, findings)


def _parts(
    request: ValidationRequest,
    answer: WorkerAnswer | None,
    skipped_reason: str | None,
    visual: VisualCheck | None,
    preview: Preview | None,
) -> _Parts:
    colours = (request.tokens or {}).get("colors", request.tokens or {})
    pairs, unreadable = check_contrast(colours if isinstance(colours, dict) else {})
    painted = _painted(preview)
    contrast = ContrastPart(pairs=pairs, unreadable=unreadable, painted=painted)
    if answer is None:
        errors = syntax_errors(request.code)
        parts = _Parts(
            typescript=TypeScriptPart(errors=errors, syntax_only=True),
            eslint=None,
            a11y=None,
            security=None,
            requirements=None,
            visual=None,
            contrast=contrast,
        )
        parts.skipped = {n: f"skipped: {skipped_reason}" for n in WEIGHTS if n != "contrast"}
        if errors:
            del parts.skipped["typescript"]
            parts.notes["typescript"] = "syntax only (tree-sitter): Node.js checks skipped"
    else:
        starved = answer.render.starved
        parts = _Parts(
            typescript=answer.typescript,
            eslint=answer.eslint,
            a11y=None if starved else answer.a11y,
            security=answer.security,
            requirements=answer.requirements,
            visual=visual,
            contrast=contrast,
            render_failed=not answer.render.ok,
        )
        if starved:
            parts.skipped["a11y"] = f"skipped: {answer.render.error}"
        if answer.requirements is None:
            parts.skipped["requirements"] = "no requirements given"
        if visual is None:
            parts.skipped["visual"] = "no image to compare with"
    if painted is not None:  # the browser measured what is painted: the token pairs inform only
        parts.notes["contrast"] = "as painted in the preview (axe-core in Chromium)"
    elif not pairs:
        parts.skipped["contrast"] = "no colour pairs in the tokens"
    return parts


def _painted(preview: Preview | None) -> PaintedPart | None:
    """The contrast as the browser painted it; None when it was not audited."""
    if preview is None or preview.contrast_checked is None:
        return None
    return PaintedPart(checked=preview.contrast_checked, violations=preview.contrast_violations)
