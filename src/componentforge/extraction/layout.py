"""What a screenshot is read into: boxes, text lines and the layout of a component, and the
colour statistics every reader of the pixels uses.

Colours are float RGB arrays in 0..255. "D" is the largest per-channel difference between two
colours, the cheap distance used for masks; CIEDE2000 is for reporting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

Pixels = NDArray[np.uint8]
Colour = NDArray[np.float64]  # shape (3,), 0..255

T = TypeVar("T")
FOREGROUND_D = 8.0  # a pixel this far from the page is part of something
EDGE_BAND = 16  # how far inside the blob's box its real edge is looked for (shadows, blur)


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int  # exclusive

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    def shrink(self, by: int) -> Box:
        by = max(0, min(by, (self.w - 1) // 2, (self.h - 1) // 2))
        return Box(self.x0 + by, self.y0 + by, self.x1 - by, self.y1 - by)

    def starts_at_left_of(self, outer: Box) -> bool:
        """This box begins at `outer`'s left end (a bar's indicator in its track)."""
        return self.x0 - outer.x0 <= max(3, outer.w // 20)

    @staticmethod
    def around(boxes: Iterable[Box]) -> Box:
        """The smallest box holding all of `boxes` (at least one)."""
        boxes = list(boxes)
        return Box(
            min(b.x0 for b in boxes),
            min(b.y0 for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
        )

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def contains(self, other: Box) -> bool:
        return (
            self.x0 <= other.x0
            and self.y0 <= other.y0
            and other.x1 <= self.x1
            and other.y1 <= self.y1
        )

    def centred_in(self, outer: Box) -> bool:
        """This box's centre lies in `outer`."""
        cx, cy = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        return outer.x0 <= cx < outer.x1 and outer.y0 <= cy < outer.y1

    def times(self, factor: float) -> Box:
        """This box `factor` times as large (CSS px to device px)."""
        return Box(
            int(self.x0 * factor),
            int(self.y0 * factor),
            int(self.x1 * factor),
            int(self.y1 * factor),
        )


@dataclass
class TextLine:
    box: Box
    baseline: int  # the last row of the body of the letters (descenders hang below)
    cap_height: float  # tall letters' height above the baseline (caps, ascenders)
    x_height: float
    stem_px: float  # typical thickness of vertical strokes
    glyphs: int
    segments: list[Box]  # runs of glyphs split at gaps wider than a word space

    @property
    def cap_top(self) -> float:
        """The first row of the capitals' ink."""
        return self.baseline - self.cap_height + 1


@dataclass
class Text:
    colour: Colour
    background: Colour
    lines: list[TextLine]
    ink: Box
    inside_body: bool
    coverage: float  # share of the text pixels that reach the text colour (confidence)
    glyphs: list[Box]


@dataclass
class Layout:
    width: int
    height: int
    page: Colour
    everything: Box | None  # all foreground, the label beside a checkbox included
    body: Box | None  # the component's own box (a checkbox's box, a switch's track)
    surface: Colour | None  # the body's dominant colour
    border: Colour | None
    border_width: int
    radius: float | None  # 9999 when fully rounded
    shadow_px: int  # rows of shadow below the body
    text: Text | None
    marks: list[Box] = field(default_factory=list)  # other shapes: check boxes, radios, icons
    fills: list[tuple[Colour, int]] = field(default_factory=list)  # colour bins by pixel count
    inner_fill: Box | None = None  # the largest region inside the body in another colour
    inner_colour: Colour | None = None
    inner_ink: Box | None = None  # text on the inner fill (an active tab's label)
    marked: float = 0.0  # share of the body's middle off its surface (a tick, a radio's dot)
    column_heights: NDArray[np.int64] | None = None  # the body shape's height per column
    round_marks: int = 0
    rules: int = 0  # lines across the body's width (a table's row separators)
    # Image pixels per measured pixel: above ANALYSIS_MAX_PIXELS the component is measured on
    # a reduced copy, and lengths read off this layout are multiplied back by it.
    scale: int = 1
    # Where the measured neighbourhood starts in the image (image pixels): a box here is at
    # origin + box * scale in the image.
    origin: tuple[int, int] = (0, 0)

    def in_image(self, box: Box) -> Box:
        """A box of this layout in the image's pixels."""
        k, (ox, oy) = self.scale, self.origin
        return Box(ox + box.x0 * k, oy + box.y0 * k, ox + box.x1 * k, oy + box.y1 * k)


def rows_of(items: list[T], box: Callable[[T], Box]) -> list[list[T]]:
    """Items grouped in rows, top to bottom: an item joins the first row whose first item's
    box overlaps its own by half the shorter height."""
    rows: list[list[T]] = []
    for item in sorted(items, key=lambda i: (box(i).y0 + box(i).y1) / 2):
        b = box(item)
        for row in rows:
            other = box(row[0])
            if min(b.y1, other.y1) - max(b.y0, other.y0) >= 0.5 * min(b.h, other.h):
                row.append(item)
                break
        else:
            rows.append([item])
    return rows


def unit(colour: Colour) -> tuple[float, float, float]:
    """A 0..255 colour as the 0..1 RGB the colour functions take."""
    return (float(colour[0]) / 255, float(colour[1]) / 255, float(colour[2]) / 255)


def colour_distance(pixels: NDArray[np.float64], colour: Colour) -> NDArray[np.float64]:
    distance: NDArray[np.float64] = np.abs(pixels - colour).max(axis=-1)
    return distance


def _bin_keys(flat: NDArray[np.float64], bits: int) -> NDArray[np.int64]:
    """One integer per pixel naming its colour bin (`bits` per channel)."""
    q = flat.astype(np.int64) >> (8 - bits)
    keys: NDArray[np.int64] = (q[:, 0] << (2 * bits)) | (q[:, 1] << bits) | q[:, 2]
    return keys


def dominant(pixels: NDArray[np.float64], bits: int = 4) -> tuple[Colour, float]:
    """The most common colour (binned to `bits` per channel, then averaged exactly), and the
    share of pixels in that bin. Binning keeps JPEG noise and anti-aliasing from splitting it."""
    flat = pixels.reshape(-1, 3)
    if not len(flat):
        raise ValueError("dominant() of no pixels: the caller has no region to read")
    keys = _bin_keys(flat, bits)
    values, counts = np.unique(keys, return_counts=True)
    chosen = flat[keys == values[counts.argmax()]]
    return chosen.mean(axis=0), float(counts.max()) / len(flat)


def colour_bins(pixels: NDArray[np.float64], bits: int = 4) -> list[tuple[Colour, int]]:
    """Every colour bin with its exact mean colour and pixel count, largest first."""
    flat = pixels.reshape(-1, 3)
    if not len(flat):
        return []
    keys = _bin_keys(flat, bits)
    order = np.argsort(keys, kind="stable")
    keys_sorted = keys[order]
    starts = np.flatnonzero(np.r_[True, keys_sorted[1:] != keys_sorted[:-1]])
    sums = np.add.reduceat(flat[order], starts, axis=0)
    counts = np.diff(np.r_[starts, len(keys_sorted)])
    bins = [(sums[i] / counts[i], int(counts[i])) for i in range(len(starts))]
    return sorted(bins, key=lambda item: -item[1])


def page_colour(img: NDArray[Any]) -> Colour:
    """The colour of the image's outer frame: the page around the component."""
    h, w, _ = img.shape
    k = max(1, min(3, h // 8, w // 8))
    frame = np.concatenate(
        [
            img[:k].reshape(-1, 3),
            img[-k:].reshape(-1, 3),
            img[:, :k].reshape(-1, 3),
            img[:, -k:].reshape(-1, 3),
        ]
    )
    colour, _ = dominant(frame.astype(np.float64), bits=5)
    return colour


def boxes_of(
    labels: NDArray[np.int32], mask: NDArray[np.bool_], count: int
) -> list[tuple[Box, int]]:
    slices = ndimage.find_objects(labels)
    areas = ndimage.sum_labels(mask, labels, index=np.arange(1, count + 1))
    return [
        (Box(s[1].start, s[0].start, s[1].stop, s[0].stop), int(a))
        for s, a in zip(slices, areas, strict=True)
        if s is not None
    ]
