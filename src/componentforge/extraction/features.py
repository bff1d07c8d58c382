"""The layout features a component's type is told from: its size and shape, its text lines
and where they sit, the marks beside them (a checkbox's box, a radio's circle, a chevron), an
inner fill (a switch's thumb, a bar's indicator, a card's button) and rules across it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from componentforge.extraction.layout import Box, Layout, colour_distance

NEAR_ROUND = 0.4  # a corner radius over the shorter side from which a shape reads as round


@dataclass(frozen=True)
class Features:
    width: int
    height: int
    aspect: float
    round: bool  # fully rounded (pill or circle)
    radius: float
    filled: bool  # the body's surface stands out from the page
    bordered: bool
    lines: int
    line_sizes: tuple[float, ...]  # cap heights, top to bottom
    text_inside: bool
    label_outside: bool
    text_left: float  # where the text starts, as a share of the body's width
    text_centred: bool
    pad_y_ratio: float  # vertical padding over cap height
    round_marks: int  # small round shapes (radios)
    stacked_marks: int  # marks of one size in one column (a radio group's circles)
    chevron: bool  # a small mark at the right end, apart from the text
    icon_left: bool  # a mark before the first line of text
    inner_share_w: float  # the inner fill's width over the body's (0 without one)
    inner_share_h: float
    inner_at_left: bool
    inner_at_right: bool
    inner_round: bool
    thumb: bool  # the shape is much taller in a few columns than elsewhere
    rules: int  # full-width lines inside the body (table rows)
    text_columns: int  # groups of text separated by wide gaps on one line


def features(layout: Layout) -> Features | None:
    body = layout.body
    if body is None or layout.surface is None:
        return None
    text = layout.text
    lines = text.lines if text else []
    filled = float(colour_distance(layout.surface[None, :], layout.page)[0]) > 14
    first = lines[0] if lines else None
    segments = list(first.segments) if first else []
    chevron = bool(
        text
        and text.inside_body
        and len(segments) >= 2
        and segments[-1].w <= 16
        and segments[-1].x0 > body.x0 + 0.75 * body.w
    )
    words = segments[:-1] if chevron else segments
    text_left = (words[0].x0 - body.x0) / body.w if words else 0.0
    centred = bool(
        words
        and text
        and text.inside_body
        and abs((words[0].x0 - body.x0) - (body.x1 - words[-1].x1)) <= max(4, 0.08 * body.w)
    )
    pad_y = (
        (first.box.y0 - body.y0 - layout.border_width) if first and text and text.inside_body else 0
    )
    pad_ratio = pad_y / first.cap_height if first else 0.0
    marks = layout.marks
    round_marks = layout.round_marks
    icon_left = bool(
        first
        and text
        and text.inside_body
        and any(
            m.x0 - body.x0 < 40 and m.y0 < first.box.y1 + 4 and body.contains(m) and m != body
            for m in layout.marks
        )
    )
    inner = layout.inner_fill
    heights = layout.column_heights
    thumb = False
    if heights is not None and len(heights) > 8:
        median = float(np.median(heights))
        thumb = bool(
            median > 0 and heights.max() >= 1.6 * median and (heights > 1.3 * median).mean() < 0.2
        )
    return Features(
        width=body.w,
        height=body.h,
        aspect=body.w / max(1, body.h),
        # A corner nearly half the shorter side looks as round (lossy coding's ringing fills
        # a circle's corners in a little: a 20 px circle in a JPEG measures 9 px).
        round=layout.radius == 9999 or (layout.radius or 0.0) >= NEAR_ROUND * min(body.w, body.h),
        radius=layout.radius or 0.0,
        filled=filled,
        bordered=layout.border is not None,
        lines=len(lines),
        line_sizes=tuple(line.cap_height for line in lines),
        text_inside=bool(text and text.inside_body),
        label_outside=bool(text and not text.inside_body),
        text_left=text_left,
        text_centred=centred,
        pad_y_ratio=pad_ratio,
        round_marks=round_marks,
        stacked_marks=_stacked(marks),
        chevron=chevron,
        icon_left=icon_left,
        inner_share_w=inner.w / body.w if inner else 0.0,
        inner_share_h=inner.h / body.h if inner else 0.0,
        inner_at_left=bool(inner and inner.x0 - body.x0 <= 0.1 * body.w + layout.border_width + 6),
        inner_at_right=bool(inner and body.x1 - inner.x1 <= 0.1 * body.w + layout.border_width + 6),
        inner_round=bool(inner and abs(inner.w - inner.h) <= 3),
        thumb=thumb,
        rules=layout.rules,
        text_columns=len(words),
    )


def _stacked(marks: list[Box]) -> int:
    best = 0
    for mark in marks:
        same = [m for m in marks if abs(m.x0 - mark.x0) <= 3 and abs(m.w - mark.w) <= 2]
        best = max(best, len(same))
    return best if best >= 2 else 0
