"""From check results to a score, a verdict and recommendations in plain words.

Weights (renormalised over the checks that ran): TypeScript 0.25, accessibility 0.25,
ESLint 0.15, security 0.15, contrast 0.10, requirements 0.10, and the visual check 0.20 when
there is an image to compare with. FAIL whenever: a type error, an ESLint error, a serious or
critical axe violation, a component that cannot render, a critical or high security finding,
a text colour pair below WCAG AA, or a preview that does not look like its screenshot.
Without Node.js, or when a busy machine starved the render of CPU, the status is UNVERIFIED,
never PASS.
"""

from __future__ import annotations

from componentforge.schemas.report_parts import (
    A11yPart,
    ContrastPart,
    EslintPart,
    PaintedPart,
    RequirementsPart,
    SecurityPart,
    TypeScriptPart,
)
from componentforge.schemas.validation import ValidationReport, VisualCheck

WEIGHTS = {
    "typescript": 0.25,
    "a11y": 0.25,
    "eslint": 0.15,
    "security": 0.15,
    "contrast": 0.10,
    "requirements": 0.10,
    "visual": 0.20,
}
IMPACT = {"critical": 0.5, "serious": 0.35, "moderate": 0.15, "minor": 0.05}
SEVERITY = {"critical": 0.6, "high": 0.35, "medium": 0.15, "low": 0.05}
ADVICE = {
    "button-name": "add an accessible name to the button "
    "(visible text, or aria-label when it only has an icon)",
    "image-alt": 'add alt text to the image (alt="" if it is decorative)',
    "label": "give the form control a label: a <Label htmlFor> or aria-label",
    "link-name": "give the link text (or aria-label) that says where it goes",
    "aria-allowed-attr": "remove ARIA attributes the element's role does not allow",
    "aria-required-attr": "add the ARIA attributes the role requires",
    "aria-valid-attr-value": "fix the ARIA attribute values",
    "select-name": "give the select a label",
    "aria-progressbar-name": "give the progress bar a name (aria-label)",
    "aria-toggle-field-name": "give the switch or checkbox a name (a Label or aria-label)",
    "nested-interactive": "do not put interactive elements inside other interactive elements",
    "list": "lists may only contain <li>, <script> or <template> elements",
    "listitem": "put <li> elements inside a <ul> or <ol>",
}


Part = (
    TypeScriptPart | EslintPart | A11yPart | SecurityPart | ContrastPart | RequirementsPart
) | VisualCheck


def check_score(part: Part, render_failed: bool = False) -> tuple[float, bool]:
    """(score 0..1, whether this check alone fails the component)."""
    match part:
        case TypeScriptPart():
            errors = [e for e in part.errors if e.severity == "error"]
            return (0.0 if errors else 1.0), bool(errors)
        case EslintPart():
            n_errors, n_warnings = len(part.errors), len(part.warnings)
            return max(0.0, 1 - 0.25 * n_errors - 0.05 * n_warnings), n_errors > 0
        case A11yPart():
            if render_failed:
                return 0.0, True
            penalty = sum(IMPACT.get(v.impact or "", 0.1) for v in part.violations)
            serious = any(v.impact in ("serious", "critical") for v in part.violations)
            return max(0.0, 1 - penalty), serious
        case SecurityPart():
            penalty = sum(SEVERITY.get(f.severity, 0.1) for f in part.findings)
            severe = any(f.severity in ("critical", "high") for f in part.findings)
            return max(0.0, 1 - penalty), severe
        case ContrastPart(painted=PaintedPart() as painted):
            # The component as it renders by default fails on unreadable text; a story's
            # variant (a link variant in the primary colour, say) lowers the score and is listed.
            checked, failing = painted.checked, len(painted.violations)
            default = any(v.story == "Component" for v in painted.violations)
            return (max(0.0, 1 - failing / checked) if checked else 1.0), default
        case ContrastPart():
            passed = sum(p.aa for p in part.pairs)
            unreadable = any(p.text and not p.aa for p in part.pairs)
            return (passed / len(part.pairs) if part.pairs else 1.0), unreadable
        case VisualCheck():
            return float(part.score), not part.passed
        case RequirementsPart():
            total = len(part.implemented) + len(part.missing)
            return (len(part.implemented) / total if total else 1.0), False


def found(part: Part) -> int:
    """How many problems a check that ran found (counted in the metrics)."""
    match part:
        case TypeScriptPart():
            return len(part.errors)
        case A11yPart():
            return len(part.violations)
        case EslintPart():
            return len(part.errors) + len(part.warnings)
        case SecurityPart():
            return len(part.findings)
        case ContrastPart(painted=PaintedPart() as painted):
            return len(painted.violations)
        case ContrastPart():
            return sum(not p.aa for p in part.pairs)
        case RequirementsPart():
            return len(part.missing)
        case VisualCheck():
            return len(part.reasons)


def recommendations(report: ValidationReport) -> list[str]:
    tips: list[str] = []
    for e in report.typescript.errors[:5]:
        tips.append(f"fix the type error at line {e.line} ({e.code}): {e.message}")
    for m in report.eslint.errors[:5]:
        tips.append(f"fix {m.rule} at line {m.line}: {m.message}")
    render = report.render
    if render is not None and render.starved:
        tips.append(f"validate again when the server is less busy: {render.error}")
    elif render is not None and not render.ok:
        tips.append(f"make the component render: {render.error}")
    seen = set()
    for v in report.a11y.violations:
        if v.rule not in seen:
            seen.add(v.rule)
            tips.append(ADVICE.get(v.rule, v.help[0].lower() + v.help[1:]))
    painted = report.contrast.painted
    for c in painted.violations if painted is not None else []:
        tips.append(
            f"raise the contrast of {c.target} in {c.story} ({c.foreground} on "
            f"{c.background}, as painted) from {c.ratio}:1 to {c.expected}"
        )
    for p in [] if painted is not None else report.contrast.pairs:
        if not p.aa:
            target = "4.5:1" if p.text else "3:1"
            tips.append(
                f"raise the contrast of {p.description} "
                f"({p.foreground} on {p.background}) from {p.ratio:.1f}:1 to {target}"
            )
    for f in report.security.findings:
        tips.append(f"line {f.line}: {f.message}")
    for reason in report.visual.reasons if report.visual is not None else []:
        tips.append(f"make it look like the screenshot: {reason}")
    for r in report.requirements.missing if report.requirements is not None else []:
        tips.append(f"implement the required {r.category.rstrip('s')} {r.name}")
    return tips
