"""The component's anatomy: its box, its text runs, and the shapes that play a part in a
component of its type (a checkbox's box, a select's chevron, a progress bar's indicator, an
alert's icon, a card's button, the active tab), each with its box in CSS px."""

from __future__ import annotations

from componentforge.extraction.content import rect
from componentforge.extraction.layout import Box, Layout
from componentforge.schemas.extraction import Content, Part, Rect
from componentforge.schemas.vocabulary import ComponentType

CONTROLS = {"checkbox", "switch", "radio-group"}
BARS = {"progress", "slider"}
TICKED = 0.06  # of a control's middle off its surface: a tick or a dot is drawn on it


def anatomy(layout: Layout, kind: ComponentType, content: Content | None) -> list[Part]:
    body = layout.body
    if body is None:
        return []
    box = layout.in_image(body)
    runs = content.runs if content else []
    parts: list[Part] = []
    fill = layout.in_image(layout.inner_fill) if layout.inner_fill is not None else None
    if kind in CONTROLS:
        # On: filled, or (a box or a radio; a switch's knob is always inside) a tick or a dot
        # drawn on its surface.
        ticked = kind != "switch" and layout.marked >= TICKED
        on = fill is not None or _filled(layout) or ticked
        parts.append(Part(role="control", box=rect(box), active=on))
        if kind == "switch" and fill is not None and box.contains(fill):  # its knob
            parts.append(Part(role="indicator", box=rect(fill)))
    elif kind in BARS:
        parts.append(Part(role="track", box=rect(box)))
        if fill is not None:
            parts.append(Part(role="indicator", box=rect(_indicator(box, fill))))
    else:
        if kind == "tabs":  # an underline style's body is the rule under the labels
            box = _union(box, [r.box for r in runs])
        parts.append(Part(role="component", box=rect(box)))
        if fill is not None and kind == "tabs":  # the active tab's highlight
            parts.append(Part(role="indicator", box=rect(fill)))
        if fill is not None and kind in ("card", "dialog") and not _covers(fill, box):
            label = next((r for r in runs if _centre_in(r.box, rect(fill))), None)
            parts.append(
                Part(
                    role="action",
                    box=rect(fill),
                    text=label.text if label else None,
                    text_role=label.role if label else None,
                )
            )
    for run in runs:
        role = "tab" if run.role == "tab" else "text"
        parts.append(
            Part(role=role, box=run.box, text=run.text, text_role=run.role, active=run.active)
        )
    text_boxes = [r.box for r in runs]
    for mark in layout.marks:
        m = layout.in_image(mark)
        if kind in CONTROLS and _same(m, box):
            continue
        if any(_centre_in(rect(m), t) for t in text_boxes):
            continue  # a glyph the recogniser read
        at_right = m.x0 >= box.x0 + 0.7 * box.w
        role = "chevron" if kind == "select" and at_right else "icon"
        parts.append(Part(role=role, box=rect(m)))
    if kind == "select" and not any(p.role == "chevron" for p in parts):
        chevron = _chevron(layout)
        if chevron is not None:
            parts.append(Part(role="chevron", box=rect(chevron)))
    return parts


def _union(box: Box, rects: list[Rect]) -> Box:
    """`box` grown to hold `rects` (CSS px boxes, rounded out to whole pixels)."""
    rounded = (
        Box(int(r.x), int(r.y), int(r.x + r.width + 0.999), int(r.y + r.height + 0.999))
        for r in rects
    )
    return Box.around([box, *rounded])


def _indicator(track: Box, inner: Box) -> Box:
    """The bar's filled part, from the left end: the inner region when it starts there, else
    the surface before it (the indicator is the larger share, so it read as the surface)."""
    if inner.starts_at_left_of(track):
        return inner
    return Box(track.x0, track.y0, inner.x0, track.y1)


def _chevron(layout: Layout) -> Box | None:
    """The last segment of the first text line, when it is small and at the right end."""
    text, body = layout.text, layout.body
    if text is None or body is None or not text.lines:
        return None
    last = text.lines[0].segments[-1]
    if len(text.lines[0].segments) >= 2 and last.w <= 16 and last.x0 > body.x0 + 0.75 * body.w:
        return layout.in_image(last)
    return None


def _filled(layout: Layout) -> bool:
    """A control drawn filled (a checked box, a switch that is on): its surface stands out
    from the page in a saturated or dark colour."""
    surface = layout.surface
    if surface is None:
        return False
    return float(abs(surface - layout.page).max()) > 60


def _covers(inner: Box, outer: Box) -> bool:
    return inner.w * inner.h >= 0.8 * outer.w * outer.h


def _same(a: Box, b: Box) -> bool:
    return abs(a.x0 - b.x0) <= 2 and abs(a.y0 - b.y0) <= 2 and abs(a.w - b.w) <= 3


def _centre_in(inner: Rect, outer: Rect) -> bool:
    cx, cy = inner.x + inner.width / 2, inner.y + inner.height / 2
    return outer.x <= cx < outer.x + outer.width and outer.y <= cy < outer.y + outer.height
