"""Component type from layout features: a score per type from rules a designer would name
(a small square beside a label is a checkbox; a pill track with a knob is a switch), turned
into a confidence and the runners-up."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from componentforge.colours import lightness_chroma
from componentforge.extraction.cues import TextCues
from componentforge.extraction.features import Features, features
from componentforge.extraction.layout import Layout, unit
from componentforge.schemas.vocabulary import ComponentType

# How sharply rule scores turn into a confidence (a softmax's inverse temperature): at 1,
# answers given with 0.9 or more were right 36 of 36 on the real-framework dev set (at 2,
# when it was measured, 147 of 171), see docs/benchmarks.md.
SHARPNESS = 1.0


@dataclass(frozen=True)
class Classification:
    component_type: ComponentType
    confidence: float
    alternatives: list[tuple[ComponentType, float]]
    features: Features | None


def classify(
    layout: Layout, hint: ComponentType | None = None, cues: TextCues | None = None
) -> Classification:
    f = features(layout)
    if f is None:
        return Classification("card", 0.05, [], None)
    if cues is not None and f.lines == 0 and cues.rows and cues.inside:
        f = with_read_text(f, cues)
    scores: dict[ComponentType, float] = {kind: rule(f) for kind, rule in RULES.items()}
    if cues is not None:
        for kind, weight in from_text(f, cues, layout).items():
            scores[kind] += weight
    if hint is not None:
        scores[hint] = scores.get(hint, 0.0) + 3.0
    # Softmax over rule scores: a clear winner gets a high confidence, a close call a low one.
    peak = max(scores.values())
    weights = {k: math.exp(SHARPNESS * (v - peak)) for k, v in scores.items()}
    total = sum(weights.values())
    ranked = sorted(((k, w / total) for k, w in weights.items()), key=lambda kv: -kv[1])
    best, confidence = ranked[0]
    return Classification(
        best,
        round(confidence, 3),
        [(k, round(p, 3)) for k, p in ranked[1:4]],
        f,
    )


def with_read_text(f: Features, cues: TextCues) -> Features:
    """The layout found no lines of text (thin text on a fill in a lossy image) where the
    recogniser read some: the text's place comes from what it read. A recogniser's box is
    about half again as tall as the capitals, a little above and below them."""
    cap = max(4.0, 0.5 * (f.height - 2 * cues.top_gap))
    return dataclasses.replace(
        f,
        lines=cues.rows,
        line_sizes=(cap,) * cues.rows,
        text_inside=True,
        text_left=cues.left_share,
        text_centred=cues.centred,
        pad_y_ratio=(cues.top_gap + 0.25 * cap) / cap,
        text_columns=cues.most_in_row,
        # What looked like a region inside the body was the letters.
        inner_share_w=0.0,
        inner_share_h=0.0,
    )


def from_text(f: Features, cues: TextCues, layout: Layout) -> dict[ComponentType, float]:
    """What the text read and the glyphs beside it add to each type's score."""
    add: dict[ComponentType, float] = dict.fromkeys(RULES, 0.0)
    field = f.bordered or f.filled
    if cues.end_glyph and field and f.height <= 64:
        add["select"] += 3.0
        add["input"] -= 1.0
    if cues.choosing and field:  # words alone only tip a close call: inputs say it too
        add["select"] += 0.75
    if cues.corner_glyph and field and f.height >= 40:
        add["textarea"] += 3.0
    titled = cues.title_over_body or (
        len(f.line_sizes) >= 2 and f.line_sizes[0] > max(f.line_sizes[1:]) + 0.5
    )
    tall_field = (
        field
        and f.height >= 56
        and cues.rows <= 2
        and not titled
        and not f.icon_left
        and f.inner_share_w == 0
    )
    if tall_field and cues.first_top < 0.4 and not cues.end_glyph:
        add["textarea"] += 2.0
        add["card"] -= 1.0
    if cues.row_over_rule or (cues.rows == 1 and cues.most_in_row >= 2 and f.height <= 64):
        add["tabs"] += 5.0 if cues.row_over_rule else 2.0
        add["progress"] -= 2.0
        add["slider"] -= 2.0
    if cues.rows == 0 and f.lines == 0:
        # No text at all: a field with no placeholder is rarer than a bar or a control.
        fields: tuple[ComponentType, ...] = ("input", "textarea", "select")
        for kind in fields:
            add[kind] -= 1.0
    knob = (
        f.inner_round
        and f.inner_share_h >= 0.6
        and f.inner_share_w <= 0.6
        and (f.inner_at_left or f.inner_at_right)
    )
    if cues.rows == 0 and knob and 1.4 <= f.aspect <= 3.2:
        # Nothing to read, and a square fill nearly the track's height at one end: a switch's
        # knob, whatever the corners (a badge or a button shows its text there).
        add["switch"] += 2.0
        for kind in ("badge", "button", "avatar"):
            add[kind] -= 1.0
    if cues.count and f.height <= 96:
        # A number in a small shape is a count (a badge); an avatar shows initials, and a
        # button with a number alone (a page of a pagination) is rarely round.
        add["badge"] += 1.5
        add["avatar"] -= 1.5
        if f.round:
            add["button"] -= 1.0
    if cues.words >= 5:  # a sentence: a message, not a control's label
        for kind in ("button", "badge", "input", "select", "tabs"):
            add[kind] -= 1.5
    # A message: a sentence or a title over a line, on a tinted box, wide and short, with no
    # button in it (a tinted card is taller, or has its action).
    message = cues.words >= 5 or titled
    wide = f.aspect >= 2.5
    if message and _tinted(layout) and wide and cues.rows <= 3 and f.inner_share_w == 0:
        add["alert"] += 3.0
        add["card"] -= 1.0  # cards sit on the page's neutral surface far more often
    return add


def _tinted(layout: Layout) -> bool:
    """A surface in a colour (a message's yellow, green, blue or red), not white or grey."""
    surface = layout.surface
    if surface is None:
        return False
    high, low = float(surface.max()), float(surface.min())
    if high - low >= 10:  # near-white greys differ by 0-6 in RGB, most tints by 10+
        return True
    # The palest tints (#fcfff5, #fff9f2) differ by as little as 10 or less: on a light
    # surface, CIELAB chroma tells them (4-6) from greys and slates (0-2.6).
    lightness, chroma = lightness_chroma(unit(surface))
    return lightness >= 90 and chroma >= 3.5


def _between(x: float, lo: float, hi: float) -> float:
    return 1.0 if lo <= x <= hi else 0.0


def _button(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 24, 56)
        + _between(f.aspect, 1.3, 8)
        + (1.0 if f.lines == 1 and f.text_centred else -1.0)
        + (0.5 if f.filled else 0.0)
        + (0.5 if f.pad_y_ratio >= 0.9 else -0.5)
        - (1.0 if f.label_outside else 0.0)
        - (1.0 if f.inner_share_w > 0.15 else 0.0)
    )


def _badge(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 14, 32)
        + _between(f.width, 20, 120)
        + (1.0 if f.lines == 1 and f.text_centred else -1.0)
        + (1.0 if f.pad_y_ratio < 0.9 else -1.0)
        + (0.5 if f.round or f.radius >= 6 else 0.0)
        - (1.0 if f.label_outside else 0.0)
    )


def _input(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 26, 52)
        + _between(f.aspect, 3.5, 30)
        + (1.0 if f.lines <= 1 and not f.text_centred else -1.0)
        + (0.5 if f.bordered or f.filled else -0.5)
        - (1.5 if f.chevron else 0.0)
        - (1.0 if f.label_outside else 0.0)
        - (1.0 if f.inner_share_w > 0.15 else 0.0)
    )


def _select(f: Features) -> float:
    return _input(f) + (3.0 if f.chevron else -1.0)


def _textarea(f: Features) -> float:
    uniform = len(set(f.line_sizes)) <= 1 or (max(f.line_sizes) - min(f.line_sizes) <= 1)
    return (
        1.0
        + _between(f.height, 56, 400)
        + (1.0 if f.bordered else 0.0)
        + (1.0 if uniform else -1.0)
        + (0.5 if f.text_left < 0.12 else -1.0)
        + (0.5 if f.pad_y_ratio < 1.6 else -0.5)
        - (1.0 if f.icon_left else 0.0)
        - (1.0 if f.inner_share_w > 0.15 else 0.0)
        - (1.5 if f.rules >= 2 or f.text_columns >= 2 else 0.0)
    )


def _card(f: Features) -> float:
    title = len(f.line_sizes) >= 2 and f.line_sizes[0] > max(f.line_sizes[1:]) + 0.5
    return (
        1.0
        + _between(f.height, 64, 1200)
        + _between(f.width, 160, 1600)
        + (1.0 if f.lines >= 2 else -0.5)
        + (1.0 if title else -0.5)
        + (0.5 if f.pad_y_ratio >= 1.4 else 0.0)
        - (1.0 if f.icon_left else 0.0)
        - (1.0 if f.aspect > 6 else 0.0)
    )


def _alert(f: Features) -> float:
    return (
        1.0
        + _between(f.aspect, 2.5, 16)
        + _between(f.height, 40, 160)
        + (2.0 if f.icon_left else -1.0)
        + (0.5 if f.lines >= 1 else -1.0)
    )


def _checkbox(f: Features) -> float:
    return (
        1.0
        + _between(f.width, 10, 30)
        + (1.0 if abs(f.width - f.height) <= 3 else -1.0)
        + (1.0 if not f.round else -1.5)
        + (1.0 if f.label_outside or f.lines == 0 else 0.0)
    )


def _radio(f: Features) -> float:
    return (
        1.0
        + (4.0 if f.stacked_marks >= 2 and f.round_marks >= 2 else 0.0)
        + _between(f.width, 10, 30)
        + (1.0 if abs(f.width - f.height) <= 3 else -1.0)
        + (1.0 if f.round else -1.5)
        + (1.0 if f.label_outside else -1.0)
    )


def _switch(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 12, 40)
        + _between(f.aspect, 1.4, 2.8)
        + (1.0 if f.round else -1.0)
        + (1.0 if f.inner_round or f.label_outside else 0.0)
        - (1.0 if f.text_inside else 0.0)
    )


def _avatar(f: Features) -> float:
    return (
        1.0
        + _between(f.width, 20, 160)
        + (1.5 if abs(f.width - f.height) <= 2 else -1.5)
        + (1.0 if f.round else -0.5)
        + (0.5 if not f.label_outside else -1.0)
    )


def _progress(f: Features) -> float:
    return (
        1.0
        # A bar with no text at all may be a retina capture nothing could scale.
        + max(_between(f.height, 2, 20), 0.5 * _between(f.height, 2, 48) * (f.lines == 0))
        + (1.5 if f.aspect >= 8 else -2.0)
        + (0.5 if f.lines == 0 else -1.0)
        + (1.0 if f.inner_share_w == 0 or _split_bar(f) else 0.0)
        - (2.0 if f.thumb else 0.0)
    )


def _split_bar(f: Features) -> bool:
    """The track in two fills side by side, each its full height: the indicator and the rest.
    Either may be the larger, so the one at the far end may be the body's surface and the
    indicator the 'inner' fill, or the other way round."""
    return (f.inner_at_left or f.inner_at_right) and f.inner_share_h >= 0.6


def _slider(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 8, 32)
        + (1.0 if f.aspect >= 6 else -2.0)
        + (2.5 if f.thumb else -1.0)
        + (0.5 if f.lines == 0 else -1.0)
    )


def _tabs(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 28, 64)
        + (1.5 if f.text_columns >= 2 else -1.0)
        + (1.5 if 0.1 <= f.inner_share_w <= 0.7 and f.inner_share_h >= 0.5 else -0.5)
        + (0.5 if f.lines == 1 else -0.5)
    )


def _table(f: Features) -> float:
    return (
        1.0
        + _between(f.height, 60, 2000)
        + (3.0 if f.rules >= 2 else -1.0)
        + (1.0 if f.text_columns >= 2 and f.lines >= 3 else -0.5)
    )


def _dialog(f: Features) -> float:
    return (
        1.0
        + _between(f.width, 240, 900)
        + _between(f.height, 120, 900)
        + (1.5 if f.inner_share_w > 0 and not f.inner_at_left and f.lines >= 2 else -1.0)
        + (0.5 if f.lines >= 2 else -1.0)
    )


RULES: dict[ComponentType, Callable[[Features], float]] = {
    "button": _button,
    "badge": _badge,
    "input": _input,
    "select": _select,
    "textarea": _textarea,
    "card": _card,
    "alert": _alert,
    "checkbox": _checkbox,
    "radio-group": _radio,
    "switch": _switch,
    "avatar": _avatar,
    "progress": _progress,
    "slider": _slider,
    "tabs": _tabs,
    "table": _table,
    "dialog": _dialog,
}
