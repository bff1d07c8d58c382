"""What the text and the shapes around it say about the component's type: a row of separate
labels (tabs), a sentence (an alert, not a button), a title over a description, text at the
top of a tall field (a textarea), a small glyph at a field's right end that is no letter (a
select's chevron; at the bottom corner, a textarea's resize grip), "Select..." as the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from componentforge.extraction.layout import Box, Layout, Pixels, colour_distance, rows_of
from componentforge.extraction.ocr import OcrLine

CHOOSING = ("select", "choose", "pick")
COUNT = re.compile(r"\d{1,4}\+?")


@dataclass(frozen=True)
class TextCues:
    rows: int  # rows of text (runs side by side count once)
    most_in_row: int  # the most runs on one row (separate labels: tabs, a segmented control)
    words: int
    first_top: float  # where the first row's middle sits in the body, 0 top .. 1 bottom
    title_over_body: bool  # the first row is set larger or bolder than the rest
    choosing: bool  # the text begins "Select", "Choose" or "Pick" (a select's placeholder)
    end_glyph: bool  # a small mark, no letter, at the right end, centred (a chevron)
    corner_glyph: bool  # a small mark in the bottom right corner (a resize grip)
    row_over_rule: bool  # a row of labels standing on a thin line (underlined tabs)
    count: bool = False  # the text is a number ("3", "99+"): a badge's count, not initials
    inside: bool = False  # the first row of text sits inside the body
    centred: bool = False  # ... centred across it
    left_share: float = 0.0  # where it starts, as a share of the body's width
    top_gap: float = 0.0  # CSS px from the body's top to the first row's box


def text_cues(lines: list[OcrLine], layout: Layout, pixels: Pixels) -> TextCues | None:
    if layout.body is None:
        return None
    body = layout.in_image(layout.body)
    rows = rows_of(lines, lambda line: line.box)
    words = sum(len(line.text.split()) for line in lines)
    first_top = 0.5
    if rows and body.h > 0:
        top_row = rows[0]
        middle = (min(r.box.y0 for r in top_row) + max(r.box.y1 for r in top_row)) / 2
        first_top = (middle - body.y0) / body.h
    heights = [max(r.box.h for r in row) for row in rows]
    title = len(rows) >= 2 and heights[0] >= 1.1 * max(heights[1:])
    text = " ".join(line.text for line in lines).strip().lower()
    end, corner = _glyphs(lines, layout, body, pixels)
    # A tab strip's line: up to 4 px, or 6 where lossy coding's ringing thickened it (and no
    # second fill splits it, as a thin progress bar's indicator does).
    over_rule = bool(
        (body.h <= 4 or (body.h <= 6 and layout.inner_fill is None))
        and rows
        and len(rows[-1]) >= 2
        and -6 <= body.y0 - max(r.box.y1 for r in rows[-1]) <= 24
    )
    inside = centred = False
    left_share = top_gap = 0.0
    if rows:
        first = rows[0]
        x0, x1 = min(r.box.x0 for r in first), max(r.box.x1 for r in first)
        y0, y1 = min(r.box.y0 for r in first), max(r.box.y1 for r in first)
        inside = body.x0 <= (x0 + x1) / 2 < body.x1 and body.y0 <= (y0 + y1) / 2 < body.y1
        centred = inside and abs((x0 - body.x0) - (body.x1 - x1)) <= max(6, 0.1 * body.w)
        left_share = max(0.0, (x0 - body.x0) / max(1, body.w))
        top_gap = float(max(0, y0 - body.y0))
    return TextCues(
        inside=inside,
        centred=centred,
        left_share=left_share,
        top_gap=top_gap,
        rows=len(rows),
        most_in_row=max((len(row) for row in rows), default=0),
        words=words,
        first_top=first_top,
        title_over_body=title,
        choosing=text.startswith(CHOOSING),
        end_glyph=end,
        corner_glyph=corner,
        row_over_rule=over_rule,
        count=bool(COUNT.fullmatch(text)),
    )


def _glyphs(lines: list[OcrLine], layout: Layout, body: Box, pixels: Pixels) -> tuple[bool, bool]:
    """Ink in the body's right quarter that no run of text covers: where it sits says chevron
    (vertically centred) or resize grip (in the bottom corner)."""
    if layout.surface is None or body.w < 60 or body.h < 16:
        return False, False
    inset = layout.border_width + 1
    x0, x1 = body.x0 + int(0.75 * body.w), body.x1 - inset
    y0, y1 = body.y0 + inset, body.y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False, False
    patch = pixels[y0:y1, x0:x1].astype(np.float64)
    # Far from the surface and from the page: a rounded corner's page-coloured pixels and
    # lossy ringing around the text are neither.
    ink = (colour_distance(patch, layout.surface) > 40) & (colour_distance(patch, layout.page) > 40)
    for line in lines:
        b = line.box
        ink[
            max(0, b.y0 - 2 - y0) : max(0, b.y1 + 2 - y0),
            max(0, b.x0 - 2 - x0) : max(0, b.x1 + 2 - x0),
        ] = False
    # Ink that runs into the body's right edge is the edge itself (a pill's rounded end, a
    # corner's curve), not a mark standing inside it.
    labels, _ = ndimage.label(ink, structure=np.ones((3, 3)))
    edge = np.unique(labels[:, -1])
    ink &= ~np.isin(labels, edge[edge != 0])
    ys, xs = np.nonzero(ink)
    if len(ys) < 4:
        return False, False
    w, h = int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    if w > 24 or h > 24:
        return False, False
    middle = (y0 + (ys.min() + ys.max()) / 2 - body.y0) / body.h
    centred = 0.3 <= middle <= 0.7
    corner = middle > 0.7 and (x0 + xs.max()) >= body.x1 - inset - 12
    return centred, bool(corner)
