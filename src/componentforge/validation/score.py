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

from typing import Any

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


def check_score(name: str, result: dict[str, Any]) -> tuple[float, bool]:
    """(score 0..1, whether this check alone fails the component)."""
    if name == "typescript":
        errors = [e for e in result["errors"] if e.get("severity", "error") == "error"]
        return (0.0 if errors else 1.0), bool(errors)
    if name == "eslint":
        n_errors, n_warnings = len(result["errors"]), len(result.get("warnings", []))
        return max(0.0, 1 - 0.25 * n_errors - 0.05 * n_warnings), n_errors > 0
    if name == "a11y":
        if result.get("render_failed"):
            return 0.0, True
        hits = result["violations"]
        penalty = sum(IMPACT.get(v["impact"], 0.1) for v in hits)
        return max(0.0, 1 - penalty), any(v["impact"] in ("serious", "critical") for v in hits)
    if name == "security":
        findings = result["findings"]
        penalty = sum(SEVERITY.get(f["severity"], 0.1) for f in findings)
        return max(0.0, 1 - penalty), any(f["severity"] in ("critical", "high") for f in findings)
    if name == "contrast" and "painted" in result:
        # The component as it renders by default fails on unreadable text; a story's variant
        # (a link variant in the primary colour, say) lowers the score and is listed.
        violations = result["painted"]["violations"]
        checked, failing = result["painted"]["checked"], len(violations)
        default = any(v["story"] == "Component" for v in violations)
        return (max(0.0, 1 - failing / checked) if checked else 1.0), default
    if name == "contrast":
        pairs = result["pairs"]
        passed = sum(p["aa"] for p in pairs)
        return passed / len(pairs), any(p["text"] and not p["aa"] for p in pairs)
    if name == "visual":
        return float(result["score"]), not result["passed"]
    if name == "requirements":
        total = len(result["implemented"]) + len(result["missing"])
        return (len(result["implemented"]) / total if total else 1.0), False
    raise ValueError(name)


def recommendations(report: dict[str, Any]) -> list[str]:
    tips: list[str] = []
    for e in report["typescript"].get("errors", [])[:5]:
        tips.append(f"fix the type error at line {e['line']} ({e['code']}): {e['message']}")
    for e in report["eslint"].get("errors", [])[:5]:
        tips.append(f"fix {e['rule']} at line {e['line']}: {e['message']}")
    render = report.get("render") or {}
    if render and render.get("starved"):
        tips.append(f"validate again when the server is less busy: {render.get('error')}")
    elif render and not render.get("ok", True):
        tips.append(f"make the component render: {render.get('error')}")
    seen = set()
    for v in report["a11y"].get("violations", []):
        if v["rule"] not in seen:
            seen.add(v["rule"])
            tips.append(ADVICE.get(v["rule"], v["help"][0].lower() + v["help"][1:]))
    painted = report["contrast"].get("painted")
    for v in (painted or {}).get("violations", []):
        tips.append(
            f"raise the contrast of {v['target']} in {v['story']} ({v['foreground']} on "
            f"{v['background']}, as painted) from {v['ratio']}:1 to {v['expected']}"
        )
    for p in [] if painted is not None else report["contrast"].get("pairs", []):
        if not p["aa"]:
            target = "4.5:1" if p["text"] else "3:1"
            tips.append(
                f"raise the contrast of {p['description']} "
                f"({p['foreground']} on {p['background']}) from {p['ratio']:.1f}:1 to {target}"
            )
    for f in report["security"].get("findings", []):
        tips.append(f"line {f['line']}: {f['message']}")
    for reason in (report.get("visual") or {}).get("reasons", []):
        tips.append(f"make it look like the screenshot: {reason}")
    for m in (report.get("requirements") or {}).get("missing", []):
        tips.append(f"implement the required {m['category'].rstrip('s')} {m['name']}")
    return tips
