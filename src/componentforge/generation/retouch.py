"""The offline visual fix: when the preview does not look like its screenshot, move the tokens
toward what the visual check measured on the screenshot (its surface, text and border colours;
the padding that makes up a difference in box size) and the text by as much as the preview's
stood off the screenshot's, so the next composition is closer.

The graph keeps whichever round looked most like the screenshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from componentforge.generation.draft import Draft
from componentforge.generation.shown import (
    FIXED_HEIGHT,
    FIXED_WIDTH,
    NUDGED,
    Nudge,
)
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport, VisualCheck

COLOUR_DELTA = 5.0  # below this ΔE2000 a colour is left alone
SIZE_SLACK = 2.0  # CSS px
OFFSET_SLACK = 0.75  # CSS px: text this near where the screenshot has it stays
NUDGE_LIMIT = 6.0  # CSS px: the farthest the text is moved from where the tokens put it
# Controls whose box is drawn at its measured size with no padding (a checkbox's box, a
# switch's track, a bar, an avatar): a difference in size is the label's or the reading's,
# and padding on the control would squeeze its tick or knob out of sight.
UNPADDED = {
    "shadcn-checkbox",
    "shadcn-switch",
    "shadcn-radio-group",
    "shadcn-progress",
    "shadcn-slider",
    "shadcn-avatar",
}


@dataclass(frozen=True)
class Retouch:
    """What the next round composes with."""

    tokens: DesignTokens
    nudge: Nudge


def retouched(
    tokens: DesignTokens, visual: VisualCheck, pattern_id: str, nudge: Nudge | None = None
) -> Retouch | None:
    """The tokens and nudge for the next round, or None when the measures suggest no
    change."""
    nudge = nudge or Nudge()
    moved = _moved(visual, pattern_id, nudge)
    tokens_next = _tokens(tokens, visual, pattern_id)
    if tokens_next is None and moved == nudge:
        return None
    return Retouch(tokens_next or tokens, moved)


def _moved(visual: VisualCheck, pattern_id: str, nudge: Nudge) -> Nudge:
    """The nudge that puts the text where the screenshot has it: back by the offset the check
    measured, in half pixels."""
    offset = visual.text_offset
    if offset is None or pattern_id not in NUDGED:
        return nudge

    def step(done: float, off: float) -> float:
        if abs(off) < OFFSET_SLACK:
            return done
        return max(-NUDGE_LIMIT, min(NUDGE_LIMIT, done - round(off * 2) / 2))

    return Nudge(step(nudge.x, offset.x), step(nudge.y, offset.y))


def _tokens(tokens: DesignTokens, visual: VisualCheck, pattern_id: str) -> DesignTokens | None:
    ref, out = visual.measured.get("reference"), visual.measured.get("preview")
    if not ref or not out:
        return None
    colors: dict[str, Any] = {}
    for name, token in (("surface", "background"), ("text", "foreground"), ("border", "border")):
        delta = visual.colours.get(name)
        wanted = getattr(ref, name)
        differs = delta is None or delta >= COLOUR_DELTA
        if isinstance(wanted, str) and differs and getattr(tokens.colors, token) != wanted:
            colors[token] = wanted
    border: dict[str, Any] = {}
    if "border" in colors and not tokens.border.width_px:
        border["width_px"] = 1.0
    if ref.border is None and out.border is not None and tokens.border.width_px:
        border["width_px"] = 0.0
    spacing: dict[str, Any] = {}
    dw, dh = ref.width - out.width, ref.height - out.height
    s = tokens.spacing
    padded = pattern_id not in UNPADDED
    if padded and pattern_id not in FIXED_WIDTH and abs(dw) > SIZE_SLACK:
        spacing["padding_x_px"] = round(max(0.0, (s.padding_x_px or 0.0) + dw / 2), 1)
    if padded and pattern_id not in FIXED_HEIGHT and abs(dh) > SIZE_SLACK:
        spacing["padding_y_px"] = round(max(0.0, (s.padding_y_px or 0.0) + dh / 2), 1)
    if not (colors or border or spacing):
        return None
    return tokens.model_copy(
        update={
            "colors": tokens.colors.model_copy(update=colors),
            "border": tokens.border.model_copy(update=border),
            "spacing": tokens.spacing.model_copy(update=spacing),
        }
    )


@dataclass(frozen=True)
class Round:
    """One validated round of the offline engine."""

    code: str
    stories: str | None
    report: ValidationReport
    draft: Draft
    tokens: DesignTokens
    nudge: Nudge | None = None


def rank(report: ValidationReport) -> tuple[bool, float]:
    """Rounds compared: one that fails no other check first, then the closer look."""
    others = any(c.state == "failed" and c.name != "visual" for c in report.checks)
    return (not others, report.visual.score if report.visual is not None else 0.0)


def kept_round(best: Round | None, last: ValidationReport | None) -> dict[str, Any]:
    """The state to put back when an earlier round beat the last one; nothing otherwise."""
    if best is None or last is None or last.visual is None or rank(best.report) <= rank(last):
        return {}
    return {
        "code": best.code,
        "stories": best.stories,
        "report": best.report,
        "draft": best.draft,
        "tokens": best.tokens,
        "nudge": best.nudge,
    }
