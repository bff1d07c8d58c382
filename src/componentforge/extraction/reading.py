"""A screenshot read once, in CSS pixels: the device scale factor decided, the layout
measured on the image at 1x, and the text read by the recogniser on the device pixels (more
pixels per letter read better), its boxes brought to CSS px."""

from __future__ import annotations

from dataclasses import dataclass, field

from componentforge.extraction import scale as scales
from componentforge.extraction.layout import Box, Layout, Pixels
from componentforge.extraction.measure import font_size, main_line
from componentforge.extraction.ocr import OcrLine, TextReader
from componentforge.extraction.pixels import analyse

OCR_MARGIN = 8  # CSS px of page read around the component (labels sit just outside)


@dataclass
class Reading:
    layout: Layout
    pixels: Pixels  # the image at one pixel per CSS pixel
    device: Pixels  # the image as sent (text is measured here: more pixels per letter)
    scale: scales.Scale
    lines: list[OcrLine] = field(default_factory=list)  # boxes in CSS px
    warnings: list[str] = field(default_factory=list)
    text_read: bool = False  # the recogniser ran (and found `lines`, maybe none)


def read(
    pixels: Pixels, *, dpi: float | None, given: float | None, reader: TextReader | None
) -> Reading:
    decided = _given(given) or scales.from_dpi(dpi)
    if decided is not None:
        css = scales.to_css(pixels, decided.factor)
        layout = analyse(css)
    else:
        layout = analyse(pixels)
        decided = scales.from_geometry(layout, _body_font(layout))
        css = pixels
        if decided.factor > 1:
            css = scales.to_css(pixels, decided.factor)
            layout = analyse(css)
    reading = Reading(layout, css, pixels, decided)
    if reader is not None and layout.everything is not None:
        try:
            reading.lines = _text(pixels, layout, decided.factor, reader)
            reading.text_read = True
        except Exception as exc:  # a recogniser failure costs the text, not the answer
            reading.warnings.append(f"the text could not be read: {type(exc).__name__}: {exc}")
    return reading


def _given(factor: float | None) -> scales.Scale | None:
    if factor is None:
        return None
    return scales.Scale(factor, "form", f"the caller's scale={factor:g}")


def _body_font(layout: Layout) -> float | None:
    line = main_line(layout.text.lines) if layout.text else None
    return None if line is None else font_size(line) * layout.scale


def _text(pixels: Pixels, layout: Layout, factor: float, reader: TextReader) -> list[OcrLine]:
    """The recogniser on the device pixels around the component, boxes back in CSS px."""
    assert layout.everything is not None
    area = layout.in_image(layout.everything)
    h, w, _ = pixels.shape
    x0 = max(0, int((area.x0 - OCR_MARGIN) * factor))
    y0 = max(0, int((area.y0 - OCR_MARGIN) * factor))
    x1 = min(w, int((area.x1 + OCR_MARGIN) * factor) + 1)
    y1 = min(h, int((area.y1 + OCR_MARGIN) * factor) + 1)
    lines = reader.read(pixels[y0:y1, x0:x1])
    css_h, css_w = round(h / factor), round(w / factor)
    out = []
    for line in lines:
        b = line.box
        box = Box(
            max(0, int((x0 + b.x0) / factor)),
            max(0, int((y0 + b.y0) / factor)),
            min(css_w, round((x0 + b.x1) / factor)),
            min(css_h, round((y0 + b.y1) / factor)),
        )
        out.append(OcrLine(line.text, box, line.confidence))
    return out
