"""A screenshot read once, in CSS pixels: the device scale factor decided, the layout
measured on the image at 1x, and the text read by the recogniser on the device pixels (more
pixels per letter read better), its boxes brought to CSS px."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from componentforge.extraction import scale as scales
from componentforge.extraction.content import font_size_of
from componentforge.extraction.gradient import gradient_of
from componentforge.extraction.layout import Box, Layout, Pixels
from componentforge.extraction.measure import font_size, main_line
from componentforge.extraction.ocr import OcrLine, TextReader
from componentforge.extraction.pixels import analyse
from componentforge.extraction.text_lines import style_of
from componentforge.schemas.extraction import Gradient

OCR_MARGIN = 8  # CSS px of page read around the component (labels sit just outside)


@dataclass
class Reading:
    layout: Layout
    pixels: Pixels  # the image at one pixel per CSS pixel
    device: Pixels  # the image as sent (text is measured here: more pixels per letter)
    scale: scales.Scale
    lines: list[OcrLine] = field(default_factory=list)  # boxes in CSS px
    warnings: list[str] = field(default_factory=list)
    lossy: bool = False  # a JPEG or lossy WebP
    # The body's surface when it is a gradient, and the gradient's average colour.
    gradient: tuple[Gradient, NDArray[np.float64]] | None = None


def read(
    pixels: Pixels,
    *,
    dpi: float | None,
    given: float | None,
    reader: TextReader | None,
    lossy: bool = False,
) -> Reading:
    warnings: list[str] = []
    device_lines: list[OcrLine] | None = None  # read before the factor was known
    decided = _given(given) or scales.from_dpi(dpi)
    if decided is not None:
        css = scales.to_css(pixels, decided.factor)
        layout = analyse(css, lossy, decided.factor)
    else:
        layout = analyse(pixels, lossy)
        font = None
        if reader is not None and layout.everything is not None:
            # The text read, each run measured on its own: the smallest run's size. Every
            # run of a 2x capture is 22 px or more; a 1x component with a large title still
            # has its body text at 11-20.
            device_lines = _read(pixels, layout, 1.0, reader, warnings)
            font = _smallest_font(pixels, device_lines or [])
        if font is None and not device_lines:
            # Nothing read (or no recogniser): the layout's own measure of its main line.
            # Text read that was too short to measure says nothing, and neither does this.
            font = _body_font(layout)
        decided = scales.from_geometry(layout, font)
        css = pixels
        if decided.factor > 1:
            css = scales.to_css(pixels, decided.factor)
            layout = analyse(css, lossy, decided.factor)
    reading = Reading(layout, css, pixels, decided, warnings=warnings, lossy=lossy)
    reading.gradient = gradient_of(css, layout)
    if device_lines is not None:
        reading.lines = [_to_css(line, decided.factor, pixels) for line in device_lines]
    elif reader is not None and layout.everything is not None:
        found = _read(pixels, layout, decided.factor, reader, warnings)
        if found is not None:
            reading.lines = [_to_css(line, decided.factor, pixels) for line in found]
    return reading


def _read(
    pixels: Pixels, layout: Layout, factor: float, reader: TextReader, warnings: list[str]
) -> list[OcrLine] | None:
    """The runs in device pixels, or None (and a warning) when the recogniser failed."""
    try:
        return _text(pixels, layout, factor, reader)
    except Exception as exc:  # a recogniser failure costs the text, not the answer
        warnings.append(f"the text could not be read: {type(exc).__name__}: {exc}")
        return None


def _smallest_font(pixels: Pixels, lines: list[OcrLine]) -> float | None:
    """The smallest font size in device px among the runs of three letters or more, each
    measured on its own pixels and kept only where it fits the detector's box. One or two
    letters (an icon read as a letter, an avatar's large initials, a count) say nothing of
    the scale: a 1x avatar's "JD" is as large as a 2x label."""
    sizes = []
    for line in lines:
        if sum(ch.isalnum() for ch in line.text) < 3:
            continue
        b = line.box
        patch = pixels[b.y0 : b.y1, b.x0 : b.x1].astype(np.float64)
        style = style_of(patch, Box(0, 0, b.w, b.h))
        size = None if style is None else font_size_of(style, line.text, 1.0)
        # The detector's box is about a line tall (1-1.7 em): a "font" well taller than the
        # box is a shape behind the letters (an active tab's fill), not their size.
        if size and size <= 1.25 * b.h:
            sizes.append(size)
    return min(sizes) if sizes else None


def _given(factor: float | None) -> scales.Scale | None:
    if factor is None:
        return None
    return scales.Scale(factor, "form", f"the caller's scale={factor:g}")


def _body_font(layout: Layout) -> float | None:
    line = main_line(layout.text.lines) if layout.text else None
    return None if line is None else font_size(line) * layout.scale


def _text(pixels: Pixels, layout: Layout, factor: float, reader: TextReader) -> list[OcrLine]:
    """The recogniser on the device pixels around the component (`layout` is measured at
    `factor` device px per px), boxes in device px."""
    assert layout.everything is not None
    area = layout.in_image(layout.everything)
    h, w, _ = pixels.shape
    x0 = max(0, int((area.x0 - OCR_MARGIN) * factor))
    y0 = max(0, int((area.y0 - OCR_MARGIN) * factor))
    x1 = min(w, int((area.x1 + OCR_MARGIN) * factor) + 1)
    y1 = min(h, int((area.y1 + OCR_MARGIN) * factor) + 1)
    lines = reader.read(pixels[y0:y1, x0:x1])
    return [
        OcrLine(
            line.text,
            Box(x0 + line.box.x0, y0 + line.box.y0, x0 + line.box.x1, y0 + line.box.y1),
            line.confidence,
        )
        for line in lines
    ]


def _to_css(line: OcrLine, factor: float, pixels: Pixels) -> OcrLine:
    h, w, _ = pixels.shape
    b = line.box
    box = Box(
        max(0, int(b.x0 / factor)),
        max(0, int(b.y0 / factor)),
        min(round(w / factor), round(b.x1 / factor)),
        min(round(h / factor), round(b.y1 / factor)),
    )
    return OcrLine(line.text, box, line.confidence)
