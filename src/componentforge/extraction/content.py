"""The component's text as shown: each run read by the recogniser, styled from its pixels
(size, weight, colour) and given the role it plays in a component of its type."""

from __future__ import annotations

import numpy as np

from componentforge.colours import contrast_ratio, delta_e_2000
from componentforge.extraction.layout import Box, Colour, Layout, Pixels, unit
from componentforge.extraction.measure import CAP_EM, hex_of, weight_of_stems
from componentforge.extraction.ocr import ASCENDERS, OcrLine
from componentforge.extraction.text_lines import RunStyle, style_of
from componentforge.schemas.extraction import Content, Rect, TextRun
from componentforge.schemas.vocabulary import ComponentType

ENGINE = "ocr:rapidocr"
X_HEIGHT_EM = 0.53
ASCENDER_EM = 0.76
LOWER_ASCENDERS = frozenset("bdfhkl")
# Placeholder grey against a typed value: typed text is near black (or white) on its field,
# 12:1 and up; placeholders and muted text sit at 2-7:1.
PLACEHOLDER_CONTRAST = 7.0
FIELDS = {"input", "textarea", "select"}
HEADED = {"card", "alert", "dialog", "table"}
ACTIVE_DELTA = 12.0  # CIEDE2000: a tab in a colour of its own
INK_DELTA = 40.0  # per channel, 0..255: a pixel this far from the page is ink


def rect(box: Box) -> Rect:
    return Rect(x=box.x0, y=box.y0, width=box.w, height=box.h)


def without_glyphs(lines: list[OcrLine], layout: Layout) -> list[OcrLine]:
    """Runs without the one-letter "word" a recogniser reads in an icon, a radio or a switch's
    knob ("O Payment failed"): a first word of one character over a shape that is no letter
    (a mark, or a small control body beside the text)."""
    shapes = [layout.in_image(m) for m in layout.marks]
    if layout.body is not None and layout.body.w <= 64:
        shapes.append(layout.in_image(layout.body))
    out = []
    for line in lines:
        first, _, rest = line.text.partition(" ")
        b = line.box
        under = [
            s
            for s in shapes
            if s.x0 < b.x0 + b.h and s.x1 > b.x0 - 2 and s.y0 < b.y1 and s.y1 > b.y0
        ]
        if len(first) == 1 and rest and under:
            left = min(max(s.x1 for s in under) + 1, b.x1 - 1)
            line = OcrLine(rest, Box(left, b.y0, b.x1, b.y1), line.confidence)
        out.append(line)
    return out


def font_size_of(style: RunStyle, text: str, factor: float) -> float | None:
    """From the capitals' height, or the x-height when the run has no tall letters; measured
    in device pixels, answered in CSS px."""
    line = style.line
    if line is None:
        return None
    # The tallest letters set the measured height: ascenders (b d f h k l) stand a little
    # above capitals in UI fonts (0.74-0.77 em against 0.70-0.73).
    if set(text) & LOWER_ASCENDERS:
        return float(round(line.cap_height / ASCENDER_EM / factor))
    if set(text) & ASCENDERS:
        return float(round(line.cap_height / CAP_EM / factor))
    return float(round(line.x_height / X_HEIGHT_EM / factor))


def weight_of(style: RunStyle, size: float | None, factor: float) -> int | None:
    if style.line is None or not size:
        return None
    return weight_of_stems(style.line.stem_px / factor / size)


def read_content(
    lines: list[OcrLine],
    device: Pixels,
    factor: float,
    layout: Layout,
    kind: ComponentType,
    lossy: bool = False,
) -> Content | None:
    """The runs (boxes in CSS px) in reading order, with roles; each run's style measured on
    the `device` pixels (`factor` of them per CSS px), `lossy` if they are a JPEG's or a
    lossy WebP's."""
    controls = _not_letters(layout, kind)
    lines = [
        beside(line, controls, device, layout.page, factor)
        for line in without_glyphs(lines, layout)
    ]
    if not lines:
        return None
    body = layout.in_image(layout.body) if layout.body is not None else None
    runs: list[TextRun] = []
    styles: list[RunStyle | None] = []
    for line in lines:
        b = line.box
        on_device = b.times(factor)
        shapes = [c.times(factor) for c in controls]
        style = style_of(device, on_device, shapes, lossy)
        size = font_size_of(style, line.text, factor) if style else None
        runs.append(
            TextRun(
                text=line.text,
                role="label",
                box=rect(line.box),
                font_size_px=size,
                font_weight=weight_of(style, size, factor) if style else None,
                color=hex_of(style.colour) if style else None,
                confidence=min(1.0, max(0.0, line.confidence)),
            )
        )
        styles.append(style)
    _assign_roles(runs, styles, lines, layout, body, kind)
    return Content(text=" ".join(run.text for run in runs), runs=runs, engine=ENGINE)


def beside(
    line: OcrLine, controls: list[Box], device: Pixels, page: Colour, factor: float
) -> OcrLine:
    """A label's own box beside its control: from its first ink to its last, never over the
    control (a recogniser boxes a line with blank margins, and sometimes with the checkbox
    it reads as part of it), so the space between the two is the screenshot's."""
    b = line.box
    for c in controls:
        if not (b.y0 < c.y1 and b.y1 > c.y0):
            continue
        if b.x1 - c.x1 >= b.h:  # the label follows the control
            x0, x1 = _ink_span(device, Box(c.x1 + 1, b.y0, b.x1, b.y1), page, factor)
            b = Box(x0, b.y0, max(x0 + 1, x1), b.y1)
        elif c.x0 - b.x0 >= b.h:  # the label comes first
            x0, x1 = _ink_span(device, Box(b.x0, b.y0, c.x0 - 1, b.y1), page, factor)
            b = Box(x0, b.y0, max(x0 + 1, x1), b.y1)
    return line if b == line.box else OcrLine(line.text, b, line.confidence)


def _ink_span(device: Pixels, box: Box, page: Colour, factor: float) -> tuple[int, int]:
    """The first and last CSS px columns of `box` holding anything but the page; the box's
    own edges where it holds nothing."""
    d = box.times(factor)
    patch = device[d.y0 : d.y1, d.x0 : d.x1, :3].astype(np.float64)
    if patch.size == 0:
        return box.x0, box.x1
    inked = np.flatnonzero((np.abs(patch - page).max(axis=2) > INK_DELTA).any(axis=0))
    if inked.size == 0:
        return box.x0, box.x1
    return box.x0 + int(inked[0] // factor), box.x0 + int(-(-(inked[-1] + 1) // factor))


def _not_letters(layout: Layout, kind: ComponentType) -> list[Box]:
    """Shapes a run's box may take in that are no letters: a checkbox's, switch's or
    radio's own box beside its label (in CSS px)."""
    if kind in ("checkbox", "switch", "radio-group") and layout.body is not None:
        return [layout.in_image(layout.body)]
    return []


def _assign_roles(
    runs: list[TextRun],
    styles: list[RunStyle | None],
    lines: list[OcrLine],
    layout: Layout,
    body: Box | None,
    kind: ComponentType,
) -> None:
    inside = [body is not None and line.box.centred_in(body) for line in lines]
    if kind == "tabs":
        active = layout.in_image(layout.inner_fill) if layout.inner_fill is not None else None
        for run, line in zip(runs, lines, strict=True):
            run.role = "tab"
            run.active = active is not None and line.box.centred_in(active)
        if not any(run.active for run in runs) and runs:
            _mark_emphasised(runs, styles)
        return
    if kind == "badge":
        for run in runs:
            run.role = "badge"
        return
    if kind == "radio-group":
        for run in runs:
            run.role = "option"
        return
    if kind in FIELDS:
        for run, style, is_in in zip(runs, styles, inside, strict=True):
            if not is_in:
                run.role = "label"
            elif style is not None and _contrast(style) < PLACEHOLDER_CONTRAST:
                run.role = "placeholder"
            else:
                run.role = "value"
        return
    if kind in HEADED:
        fill = layout.in_image(layout.inner_fill) if layout.inner_fill is not None else None
        titled = False
        for run, line in zip(runs, lines, strict=True):
            if fill is not None and kind != "alert" and line.box.centred_in(fill):
                run.role = "label"  # a nested button's label: the card's action
            elif not titled:
                run.role, titled = "title", True
            else:
                run.role = "description"
        return
    for run in runs:  # buttons, avatars, checkboxes, switches, progress: what they say
        run.role = "label"


def _mark_emphasised(runs: list[TextRun], styles: list[RunStyle | None]) -> None:
    """With no highlighted trigger, the tab in a colour of its own (the others sharing one)
    is the active one; else the one set in the strongest contrast (an underline style greys
    the others)."""
    known = [unit(s.colour) for s in styles if s is not None]
    if len(runs) >= 3 and len(known) == len(runs):
        apart = [
            i
            for i, c in enumerate(known)
            if all(delta_e_2000(c, o) > ACTIVE_DELTA for j, o in enumerate(known) if j != i)
        ]
        rest = [c for i, c in enumerate(known) if i not in apart]
        alike = all(delta_e_2000(a, b) < ACTIVE_DELTA / 2 for a in rest for b in rest)
        if len(apart) == 1 and alike:
            runs[apart[0]].active = True
            return
    contrasts = [(_contrast(s) if s is not None else 0.0) for s in styles]
    best = max(range(len(runs)), key=lambda i: contrasts[i])
    if sorted(contrasts)[-1] - (sorted(contrasts)[-2] if len(contrasts) > 1 else 0) > 1.5:
        runs[best].active = True


def _contrast(style: RunStyle) -> float:
    return contrast_ratio(unit(style.colour), unit(style.background))
