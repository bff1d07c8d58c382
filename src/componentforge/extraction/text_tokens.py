"""What the text read says about the tokens: the main run's size, weight and colour where the
layout could not measure them (or a lossy image blurred them), its line pitch, and the
padding to the first run read inside the box."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from componentforge.colours import lightness_chroma, parse_colour
from componentforge.extraction.layout import Box, Layout, Pixels
from componentforge.extraction.measure import PADDED, inset
from componentforge.extraction.text_lines import style_of
from componentforge.schemas.extraction import Content, Rect, TextRun
from componentforge.schemas.tokens import Colors, DesignTokens
from componentforge.schemas.vocabulary import ComponentType


def with_text_style(
    tokens: DesignTokens,
    content: Content,
    factor: float,
    lossy: bool = False,
    in_face: bool = False,
) -> DesignTokens:
    """The main text's typography (the run with the most letters, as the layout's measure
    takes the line with the most glyphs) measured on the device pixels, where the layout had
    only a copy reduced to 1x or found no line, or the runs were sized in their own face
    (`in_face`); at 1x with a line found, the layout's. `lossy`: a JPEG or lossy WebP, whose
    text colour the main run gives."""
    sized = [run for run in content.runs if run.font_size_px]
    if not sized:
        # No run could be sized (too few letters, or its pixels too noisy to measure): its
        # colour still stands in for the layout's in a lossy image.
        if not lossy:
            return tokens
        coloured = [run for run in content.runs if run.color is not None]
        longest = max(coloured, key=lambda run: len(run.text.replace(" ", "")), default=None)
        colors = _text_colour(tokens.colors, longest, True, lossy)
        return tokens.model_copy(update={"colors": colors})
    main = max(sized, key=lambda run: (len(run.text.replace(" ", "")), -(run.font_size_px or 0)))
    # A row of tabs: its main text is the selected tab's label (often the only one in the
    # accent colour or bold), not the longest label.
    selected = next((run for run in sized if run.role == "tab" and run.active), None)
    main = selected or main
    size = main.font_size_px
    assert size is not None
    colors = tokens.colors
    headed = any(run.role == "title" for run in content.runs)
    # The layout found no text colour it trusts, or the image is lossy (its colour is blurred
    # across the text's rims), or the layout's strongest ink is a title's while the main text
    # is the body under it, or the main text is one tab of several: the main run's colour,
    # fitted on its own box.
    replace = colors.foreground is None or lossy or headed or selected is not None
    colors = _text_colour(colors, main, replace, lossy)
    pitch = line_pitch(content.runs, main)
    if factor <= 1 and tokens.typography.font_size_px is not None and not in_face:
        typography = tokens.typography
        if selected is not None and selected.font_weight is not None:
            typography = typography.model_copy(update={"font_weight": selected.font_weight})
        if pitch is not None:
            typography = typography.model_copy(update={"line_height_px": pitch})
        return tokens.model_copy(update={"colors": colors, "typography": typography})
    typography = tokens.typography.model_copy(
        update={
            "font_size_px": size,
            "font_weight": main.font_weight or tokens.typography.font_weight,
            "line_height_px": pitch or round(size * 1.15 * 2) / 2,
        }
    )
    return tokens.model_copy(update={"typography": typography, "colors": colors})


def _text_colour(colors: Colors, run: TextRun | None, replace: bool, lossy: bool) -> Colors:
    """The run's colour as the text colour where `replace` says so; and in a lossy image,
    near-white text is white."""
    if run is not None and run.color is not None and replace:
        colors = _with_foreground(colors, run.color)
    if lossy and _lossy_white(colors.foreground):
        colors = _with_foreground(colors, "#ffffff")
    return colors


def _with_foreground(colors: Colors, colour: str | None) -> Colors:
    """The text colour replaced, and the fill's text colour with it where it was the same
    measure (a filled button's label)."""
    update = {"foreground": colour}
    if colors.primary_foreground is not None and colors.primary_foreground == colors.foreground:
        update["primary_foreground"] = colour
    return colors.model_copy(update=update)


def line_pitch(runs: list[TextRun], main: TextRun) -> float | None:
    """The main text's line height where it wraps: the median distance from one line to the
    next among runs of its role and size set one under the other (starting within an em of
    each other, an em to two apart). A single line says nothing."""
    size = main.font_size_px
    if size is None:
        return None
    same = sorted(
        (
            run
            for run in runs
            if run.role == main.role
            and run.font_size_px is not None
            and abs(run.font_size_px - size) <= 1
        ),
        key=lambda run: run.box.y,
    )
    pitches = [
        b.box.y - a.box.y
        for a, b in pairwise(same)
        if abs(b.box.x - a.box.x) <= size and size <= b.box.y - a.box.y <= 2 * size
    ]
    return round(float(np.median(pitches)) * 2) / 2 if pitches else None


def with_run_padding(
    tokens: DesignTokens,
    content: Content,
    layout: Layout,
    device: Pixels,
    factor: float,
    kind: ComponentType,
) -> DesignTokens:
    """Where the layout measured no padding, or measured it from ink that is not the first
    text read (its strongest ink inside the box was no text: a dark chevron beside a grey
    placeholder; thin text lost on a fill in a lossy image), the first run read inside the
    box gives it, measured as the layout measures its own: the ink's offset less the glyph's
    side bearing, the capitals' top less the space above them."""
    spacing = tokens.spacing
    if kind not in PADDED or layout.body is None:
        return tokens
    body = layout.in_image(layout.body)
    inside = [
        run
        for run in content.runs
        if run.font_size_px and _box_of(run.box).centred_in(body) and run.role != "tab"
    ]
    if not inside:
        return tokens
    first = min(inside, key=lambda run: (run.box.y, run.box.x))
    measured = layout.text.lines[0].box if layout.text and layout.text.lines else None
    agrees = measured is not None and layout.in_image(measured).overlaps(_box_of(first.box))
    if spacing.padding_x_px is not None and agrees:
        return tokens
    on_device = _box_of(first.box).times(factor)
    patch = device[on_device.y0 : on_device.y1, on_device.x0 : on_device.x1]
    style = style_of(patch.astype(np.float64), Box(0, 0, patch.shape[1], patch.shape[0]))
    if style is None or style.line is None or first.font_size_px is None:
        return tokens
    line = style.line
    left = (on_device.x0 + line.box.x0) / factor
    top = (on_device.y0 + line.cap_top) / factor
    frame = layout.border_width * layout.scale
    inner_x, inner_y = body.x0 + frame, body.y0 + frame
    pad_x, pad_y = (round(v) for v in inset(left, top, inner_x, inner_y, first.font_size_px))
    if pad_x < 0 or pad_y < 0:
        return tokens  # the run is not where the box's text would start
    padded = spacing.model_copy(update={"padding_x_px": float(pad_x), "padding_y_px": float(pad_y)})
    confidence = {**tokens.confidence, "spacing.padding_x_px": 0.6, "spacing.padding_y_px": 0.6}
    return tokens.model_copy(update={"spacing": padded, "confidence": confidence})


def _box_of(r: Rect) -> Box:
    return Box(int(r.x), int(r.y), int(r.x + r.width), int(r.y + r.height))


def _lossy_white(colour: str | None) -> bool:
    """Text this light and this pale in a JPEG or WebP is white: the fill's colour, blurred into
    thin light strokes, tints them by up to about C* 15 and dims them by up to 8 L* (white
    13 px text on a red fill reads #eaeaea, on a violet one #ffe6ff). The palest tints
    (#fce7f3) as text colours are read as white too."""
    rgb = parse_colour(colour) if colour else None
    if rgb is None:
        return False
    lightness, chroma = lightness_chroma(rgb)
    return lightness >= 92 and chroma <= 16
