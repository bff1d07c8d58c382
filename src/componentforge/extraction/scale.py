"""Device pixels to CSS pixels: how many image pixels make one CSS pixel (the device scale
factor a screenshot was taken at), and the image reduced to CSS pixels for measuring.

The factor comes, in this order, from the caller; from the resolution the file declares (a
macOS retina screenshot says 144 dpi in its PNG pHYs chunk or EXIF, i.e. 2 x 72); from the
geometry of the text (body text in interfaces is 11-20 CSS px, so body text measured at 28
device px is 14 CSS px at a factor of 2); else 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from componentforge.extraction.layout import Layout, Pixels

ScaleSource = Literal["form", "metadata", "geometry", "default"]
MAX_SCALE = 4.0
BASE_DPI = 72.0  # what macOS writes for 1 point; 144 is a retina capture
# The largest body text (in the main line's font size) still read as CSS px at a factor of 1,
# and at 2; above it the next factor. Interfaces set body text at 11-20 px, so 2x text is
# 22-40 device px and 3x 33-60: where they overlap, 2x (far the commoner screen) is read.
BODY_TEXT_MAX = {1: 21.0, 2: 40.0}


@dataclass(frozen=True)
class Scale:
    factor: float  # image pixels per CSS pixel
    source: ScaleSource
    detail: str  # how it was decided, in words


def from_dpi(dpi: float | None) -> Scale | None:
    """The factor a declared resolution says, when it says more than 1x (96 dpi, the CSS
    reference, and 72 are both 1x; editors write 300 for print, which says nothing of
    screens)."""
    if dpi is None or not 100 <= dpi <= 4 * BASE_DPI + 1:
        return None
    factor = round(dpi / BASE_DPI * 2) / 2  # whole or half steps: 1.5, 2, 2.5, 3
    if factor <= 1:
        return None
    return Scale(min(factor, MAX_SCALE), "metadata", f"the file declares {dpi:.0f} dpi")


def from_geometry(layout: Layout, body_font_px: float | None) -> Scale:
    """From the size of the main text (device px) and the border width: a 1-px border is
    drawn only at a factor of 1; text past BODY_TEXT_MAX is in device pixels."""
    if body_font_px is None:
        return Scale(1.0, "default", "no text to measure: read as 1x")
    if layout.border is not None and layout.border_width == 1 and body_font_px <= 26:
        # (Larger text outweighs a 1 px "border": JPEG ringing draws one round any fill.)
        return Scale(1.0, "geometry", "a 1 px border: 1x")
    factor = 1
    while factor < 3 and body_font_px > BODY_TEXT_MAX[factor]:
        factor += 1
    if factor == 1:
        return Scale(1.0, "geometry", f"body text of {body_font_px:.0f} px: 1x")
    return Scale(
        float(factor),
        "geometry",
        f"body text of {body_font_px:.0f} device px reads as {body_font_px / factor:.0f} "
        f"CSS px at {factor}x",
    )


def to_css(pixels: Pixels, factor: float) -> Pixels:
    """The image at one pixel per CSS pixel: a box filter, as the browser would have drawn
    it at 1x (anti-aliased edges, not a sharpened copy)."""
    if factor <= 1:
        return pixels
    h, w, _ = pixels.shape
    size = (max(1, round(w / factor)), max(1, round(h / factor)))
    image = Image.fromarray(pixels)
    if factor == int(factor):
        reduced = image.reduce(int(factor))
    else:
        reduced = image.resize(size, Image.Resampling.BOX)
    return np.asarray(reduced, dtype=np.uint8)
