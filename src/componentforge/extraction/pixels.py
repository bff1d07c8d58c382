"""Layout measured from pixels: the page colour, the component's box, its edges, corners,
shadow and text. Everything here is geometry on the original pixels; `measure.py` turns it
into design tokens and `classify.py` into a component type.

Colours are float RGB arrays in 0..255. "D" is the largest per-channel difference between two
colours, the cheap distance used for masks; CIEDE2000 is for reporting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage

Pixels = NDArray[np.uint8]
Colour = NDArray[np.float64]  # shape (3,), 0..255

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

    def contains(self, other: Box) -> bool:
        return (
            self.x0 <= other.x0
            and self.y0 <= other.y0
            and other.x1 <= self.x1
            and other.y1 <= self.y1
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
    column_heights: NDArray[np.int64] | None = None  # the body shape's height per column
    round_marks: int = 0
    rules: int = 0  # lines across the body's width (a table's row separators)
    # Image pixels per measured pixel: above ANALYSIS_MAX_PIXELS the component is measured on
    # a reduced copy, and lengths read off this layout are multiplied back by it.
    scale: int = 1


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


ANALYSIS_MAX_PIXELS = 2_000_000  # a component larger than this is measured on a reduced copy
ROWS_AT_ONCE = 256  # the first pass reads the image in bands: memory ~ a band, not the image


def foreground_extent(pixels: Pixels, page: Colour) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1) around every pixel that differs from the page, or None when fewer
    than four do."""
    reference = page.round().astype(np.int16)
    rows: list[int] = []
    found = 0
    x0, x1 = pixels.shape[1], -1
    for top in range(0, pixels.shape[0], ROWS_AT_ONCE):
        band = np.abs(pixels[top : top + ROWS_AT_ONCE].astype(np.int16) - reference).max(axis=-1)
        ys, xs = np.nonzero(band > FOREGROUND_D)
        found += len(ys)
        if len(ys):
            rows += [top + int(ys.min()), top + int(ys.max())]
            x0, x1 = min(x0, int(xs.min())), max(x1, int(xs.max()))
    if found < 4:
        return None
    return min(rows), max(rows), x0, x1


CROP_MARGIN = 32  # page kept around the component: room for its shadow


def analyse(pixels: Pixels) -> Layout:
    """Measure the one component on the page. Boxes are relative to the component's
    neighbourhood (the image cropped to it), which is all the tokens need."""
    h, w, _ = pixels.shape
    page = page_colour(pixels)
    # A cheap first pass on the whole image finds where the component is...
    extent = foreground_extent(pixels, page)
    layout = Layout(w, h, page, None, None, None, None, 0, None, 0, None)
    if extent is None:
        return layout
    # ...and everything after looks only there.
    top, bottom, left, right = extent
    y0, y1 = max(0, top - CROP_MARGIN), min(h, bottom + CROP_MARGIN + 1)
    x0, x1 = max(0, left - CROP_MARGIN), min(w, right + CROP_MARGIN + 1)
    area = (y1 - y0) * (x1 - x0)
    if area > ANALYSIS_MAX_PIXELS:
        # Memory per image stays bounded: an enormous component is measured on a box-filtered
        # copy (a whole factor, so lengths scale back exactly enough for tokens).
        factor = math.ceil(math.sqrt(area / ANALYSIS_MAX_PIXELS))
        crop = pixels[y0:y1, x0:x1]
        reduced = np.asarray(Image.fromarray(crop).reduce(factor), dtype=np.uint8)
        scaled = analyse(reduced)
        scaled.width, scaled.height, scaled.scale = w, h, factor
        return scaled
    img = pixels[y0:y1, x0:x1].astype(np.float64)
    fg = colour_distance(img, page) > FOREGROUND_D

    eight = np.ones((3, 3))
    labels, count = ndimage.label(fg, structure=eight)
    blobs = _boxes(labels, fg, count)
    layout.everything = Box(
        min(b.x0 for b, _ in blobs),
        min(b.y0 for b, _ in blobs),
        max(b.x1 for b, _ in blobs),
        max(b.y1 for b, _ in blobs),
    )
    # Shapes: blobs with their holes filled, so a bordered box is one solid shape holding its
    # text. The body is the largest: the box, a checkbox's box beside its label, a track.
    filled = ndimage.binary_fill_holes(fg)
    shape_labels, shape_count = ndimage.label(filled, structure=eight)
    shapes = _boxes(shape_labels, filled, shape_count)
    body_index = max(range(len(shapes)), key=lambda i: shapes[i][1])
    body_blob, body_area = shapes[body_index]
    if body_area < 24:
        return layout
    body = refine_box(img, page, body_blob)
    layout.body = body
    shape = shape_labels == body_index + 1
    interior = body.shrink(max(2, min(body.w, body.h) // 8))
    inner_shape = shape[interior.y0 : interior.y1, interior.x0 : interior.x1]
    surface, _ = dominant(img[interior.y0 : interior.y1, interior.x0 : interior.x1][inner_shape])
    layout.surface = surface
    layout.border, layout.border_width = find_border(img, page, body, surface)
    edge = layout.border if layout.border is not None else edge_colour(img, body)
    layout.radius = corner_radius(img, page, body, edge)
    layout.shadow_px = shadow_rows(img, page, body)

    inside = [(b, a) for b, a in blobs if body.contains(b) and (b.w, b.h) != (body.w, body.h)]
    outside = [(b, a) for i, (b, a) in enumerate(shapes) if i != body_index]
    layout.fills = colour_bins(img[fg])
    layout.inner_fill, layout.inner_colour = inner_fill(img, body, shape, surface, layout)
    if layout.inner_fill is not None and layout.inner_colour is not None:
        f = layout.inner_fill
        patch = colour_distance(img[f.y0 : f.y1, f.x0 : f.x1], layout.inner_colour)
        ys, xs = np.nonzero(patch > max(40.0, 0.5 * float(patch.max())))
        if len(ys):
            layout.inner_ink = Box(
                f.x0 + int(xs.min()),
                f.y0 + int(ys.min()),
                f.x0 + int(xs.max()) + 1,
                f.y0 + int(ys.max()) + 1,
            )
    layout.text = find_text(img, page, body, shape, layout, inside, outside)
    glyphs = layout.text.glyphs if layout.text else []
    layout.marks = find_marks([b for b, _ in inside + outside] + glyphs)
    layout.column_heights = shape[:, body.x0 : body.x1].sum(axis=0)
    layout.round_marks = sum(
        1 for m in layout.marks if corner_radius(img, page, m, edge_colour(img, m)) == 9999
    )
    layout.rules = count_rules(img, body.shrink(layout.border_width + 1), surface)
    return layout


def count_rules(img: NDArray[np.float64], inner: Box, surface: Colour) -> int:
    """Rows (runs of adjacent rows count once) where a line of one colour spans the width."""
    if inner.w < 40 or inner.h < 20:
        return 0
    off = colour_distance(img[inner.y0 : inner.y1, inner.x0 : inner.x1], surface) > 8
    full = off.mean(axis=1) >= 0.9
    return int(np.count_nonzero(np.diff(np.r_[0, full.astype(np.int8)]) == 1))


def inner_fill(
    img: NDArray[np.float64], body: Box, shape: NDArray[np.bool_], surface: Colour, layout: Layout
) -> tuple[Box | None, Colour | None]:
    """The largest solid region inside the body that is not its surface: an active tab, a
    progress indicator, a switch's knob, a dialog's button. Text strokes are too thin to count."""
    inner = body.shrink(layout.border_width)
    patch = img[inner.y0 : inner.y1, inner.x0 : inner.x1]
    own = shape[inner.y0 : inner.y1, inner.x0 : inner.x1]
    other = (colour_distance(patch, surface) > 12) & own
    solid = ndimage.binary_opening(other, structure=np.ones((5, 5)))
    if not solid.any():
        return None, None
    labels, count = ndimage.label(solid)
    boxes = _boxes(labels, solid, count)
    best = max(range(len(boxes)), key=lambda i: boxes[i][1])
    box, area = boxes[best]
    if area < 0.03 * inner.w * inner.h and area < 200:
        return None, None
    colour, _ = dominant(patch[labels == best + 1])
    return Box(inner.x0 + box.x0, inner.y0 + box.y0, inner.x0 + box.x1, inner.y0 + box.y1), colour


def _boxes(labels: NDArray[np.int32], mask: NDArray[np.bool_], count: int) -> list[tuple[Box, int]]:
    slices = ndimage.find_objects(labels)
    areas = ndimage.sum_labels(mask, labels, index=np.arange(1, count + 1))
    return [
        (Box(s[1].start, s[0].start, s[1].stop, s[0].stop), int(a))
        for s, a in zip(slices, areas, strict=True)
        if s is not None
    ]


def refine_box(img: NDArray[np.float64], page: Colour, blob: Box) -> Box:
    """The blob's box without its shadow or blur: on each side, the first sharp step in the
    middle rows (or columns) going inwards. Shadows fade over several pixels; edges jump."""
    h, w, _ = img.shape

    def first_step(profile: NDArray[np.float64]) -> int:
        # The first jump that makes up at least half of the pixel's difference from the page.
        steps = np.abs(np.diff(profile, axis=0)).max(axis=-1)
        reach = colour_distance(profile[1:], page)
        sharp = np.flatnonzero((steps >= 6) & (steps >= 0.5 * reach) & (reach > FOREGROUND_D))
        return int(sharp[0]) + 1 if len(sharp) else 0

    found: list[bool] = []

    def side(lines: NDArray[np.float64]) -> int:
        steps = [first_step(line) for line in lines]
        found.append(sum(1 for step in steps if step) * 2 > len(steps))
        return int(np.median(steps))

    band = min(EDGE_BAND, max(2, min(blob.w, blob.h) // 2))
    rows = _middle(blob.y0, blob.y1)
    cols = _middle(blob.x0, blob.x1)
    lo_x, lo_y = max(0, blob.x0 - 1), max(0, blob.y0 - 1)
    hi_x, hi_y = min(w, blob.x1 + 1), min(h, blob.y1 + 1)
    left = lo_x + side(img[rows, lo_x : blob.x0 + band])
    right = hi_x - side(img[rows, blob.x1 - band : hi_x][:, ::-1])
    top = lo_y + side(img[lo_y : blob.y0 + band, cols].transpose(1, 0, 2))
    bottom = hi_y - side(img[blob.y1 - band : hi_y, cols][::-1].transpose(1, 0, 2))
    if right - left < 2 or bottom - top < 2:
        return blob
    # Drop shadows fall below: there the edge can drown in the shadow's gradient. The bottom
    # edge is the last row, going down the middle, that still has the top edge's colour.
    centre = (top + bottom) // 2
    lasts = []
    for col in cols:
        reference = img[top, col]
        column = img[centre:hi_y, col]
        same = np.flatnonzero(np.abs(column - reference).max(axis=-1) < 12)
        if len(same):
            lasts.append(centre + int(same[-1]) + 1)
    if lasts:
        by_colour = int(np.median(lasts))
        # Where a sharp bottom edge was found, the colour only corrects it by a row or two
        # (a dark, tight shadow's first row looks like an edge).
        if not found[-1] or 0 <= bottom - by_colour <= 2:
            bottom = min(bottom, by_colour)
    return Box(left, top, right, bottom)


def _middle(lo: int, hi: int) -> NDArray[np.intp]:
    """Rows (or columns) across the middle fifth of a side, away from its rounded corners."""
    span = hi - lo
    a, b = lo + int(span * 0.4), lo + math.ceil(span * 0.6)
    return np.arange(a, max(a + 1, b))


def edge_colour(img: NDArray[np.float64], body: Box) -> Colour:
    rows, cols = _middle(body.y0, body.y1), _middle(body.x0, body.x1)
    samples = np.concatenate(
        [img[rows, body.x0], img[rows, body.x1 - 1], img[body.y0, cols], img[body.y1 - 1, cols]]
    )
    return np.asarray(np.median(samples, axis=0))


def find_border(
    img: NDArray[np.float64], page: Colour, body: Box, surface: Colour
) -> tuple[Colour | None, int]:
    """A frame of 1-6 px of one colour around the surface, the same on all four sides, and
    not a blend of page and surface (the anti-aliased rim of a circle is no border)."""
    rows, cols = _middle(body.y0, body.y1), _middle(body.x0, body.x1)
    limit = max(1, min(6, min(body.w, body.h) // 4))
    sides = [
        img[rows, body.x0 : body.x0 + limit],
        img[rows, body.x1 - limit : body.x1][:, ::-1],
        img[body.y0 : body.y0 + limit, cols].transpose(1, 0, 2),
        img[body.y1 - limit : body.y1, cols][::-1].transpose(1, 0, 2),
    ]
    widths: list[int] = []
    colours: list[Colour] = []
    for side in sides:
        line = np.median(side, axis=0)  # along the side's middle: one profile inwards
        off = colour_distance(line, surface) > 10
        run = int(np.argmin(off)) if not off.all() else limit
        if run == 0 or (run >= limit and limit > 1):
            return None, 0
        widths.append(run)
        colours.append(line[0] if run == 1 else line[:run].mean(axis=0))
    spread = max(colour_distance(np.asarray(colours), colours[0]))
    if spread > 24 or max(widths) - min(widths) > 1:
        return None, 0
    colour = np.asarray(np.median(colours, axis=0))
    if _off_segment(colour, page, surface) < 8:
        return None, 0
    return colour, int(np.median(widths))


def _off_segment(colour: Colour, a: Colour, b: Colour) -> float:
    """How far `colour` is from every blend of `a` and `b`."""
    axis = b - a
    norm = float(axis @ axis)
    t = 0.0 if norm == 0 else float(np.clip((colour - a) @ axis / norm, 0, 1))
    return float(np.abs(colour - (a + t * axis)).max())


def corner_radius(img: NDArray[np.float64], page: Colour, body: Box, edge: Colour) -> float:
    """From the area each corner leaves uncovered: a quarter-circle corner of radius r leaves
    r²(1 - π/4). Covered means at least halfway from the page to the edge colour, or enclosed
    by the edge (a surface the colour of the page). The median of the four corners."""
    contrast = float(colour_distance(edge[None, :], page)[0])
    if contrast < 4:
        return 0.0
    s = max(1, min(body.w, body.h) // 2)
    radii = []
    for flip_y, flip_x in ((False, False), (False, True), (True, False), (True, True)):
        y0 = body.y1 - s if flip_y else body.y0
        x0 = body.x1 - s if flip_x else body.x0
        square = img[y0 : y0 + s, x0 : x0 + s]
        if flip_y:
            square = square[::-1]
        if flip_x:
            square = square[:, ::-1]
        uncovered = colour_distance(square, page) < 0.5 * contrast
        labels, _ = ndimage.label(uncovered)
        outer = set(np.unique(labels[0, :])) | set(np.unique(labels[:, 0]))
        outer.discard(0)
        missing = int(np.isin(labels, list(outer)).sum()) if outer else 0
        radii.append(math.sqrt(missing / (1 - math.pi / 4)))
    radius = float(np.median(radii))
    shorter = min(body.w, body.h)
    if shorter >= 6 and radius >= (0.48 if shorter > 16 else 0.34) * shorter:
        return 9999.0
    return radius


def shadow_rows(img: NDArray[np.float64], page: Colour, body: Box) -> int:
    """How many rows below the body are darker than the page (a drop shadow's reach)."""
    h = img.shape[0]
    cols = np.arange(body.x0 + body.w // 4, max(body.x0 + body.w // 4 + 1, body.x1 - body.w // 4))
    page_level = float(page.mean())
    rows = 0
    for y in range(body.y1, min(h, body.y1 + 32)):
        darker = page_level - img[y, cols].mean()
        if darker < 0.8:
            break
        rows += 1
    return rows


def find_marks(boxes: list[Box]) -> list[Box]:
    """Square shapes of 10-32 px standing apart from their neighbours: a checkbox's box, a
    radio, an icon. Letters are as square, but close to the next letter."""
    unique = list(dict.fromkeys(boxes))
    marks = []
    for box in unique:
        if not (10 <= box.w <= 32 and 10 <= box.h <= 32 and abs(box.w - box.h) <= 2):
            continue
        near = any(
            other != box
            and other.y0 < box.y1
            and other.y1 > box.y0
            and max(other.x0 - box.x1, box.x0 - other.x1) < 5
            and not box.contains(other)
            and not other.contains(box)
            for other in unique
        )
        if not near:
            marks.append(box)
    return marks


def find_text(
    img: NDArray[np.float64],
    page: Colour,
    body: Box,
    shape: NDArray[np.bool_],
    layout: Layout,
    inside: list[tuple[Box, int]],
    outside: list[tuple[Box, int]],
) -> Text | None:
    """The main text: inside the body, or a label beside a small body (checkbox, switch)."""
    small_body = body.w <= 64 and body.h <= 36
    texty_outside = [b for b, _ in outside if b.h <= 64]
    use_outside = bool(texty_outside) and (small_body or not inside)
    if use_outside:
        region = Box(
            min(b.x0 for b in texty_outside),
            min(b.y0 for b in texty_outside),
            max(b.x1 for b in texty_outside),
            max(b.y1 for b in texty_outside),
        )
        background = page
        allowed = ~shape[region.y0 : region.y1, region.x0 : region.x1]
    else:
        if layout.surface is None:
            return None
        region = body.shrink(layout.border_width + 1)
        background = layout.surface
        # Only pixels within the body's own shape: a circle's corners are page, not text.
        inner = ndimage.binary_erosion(shape, iterations=layout.border_width + 2)
        fill = layout.inner_fill
        if fill is not None and fill.w * fill.h >= 0.15 * body.w * body.h:
            inner[fill.y0 : fill.y1, fill.x0 : fill.x1] = False  # an active tab's own colours
        allowed = inner[region.y0 : region.y1, region.x0 : region.x1]
    patch = img[region.y0 : region.y1, region.x0 : region.x1]
    if patch.size == 0:
        return None
    dist = np.where(allowed, colour_distance(patch, background), 0.0)
    strong = dist > max(24.0, 0.25 * float(dist.max()))
    if strong.sum() < 6:
        return None
    # The text colour: the cores of the strokes, the pixels farthest from the background.
    cutoff = np.percentile(dist[strong], 90)
    colour = np.asarray(np.median(patch[strong & (dist >= cutoff)], axis=0))
    if float(colour_distance(colour[None, :], background)[0]) < 20:
        return None
    coverage_map = np.where(allowed, _coverage(patch, background, colour), 0.0)
    ink_mask = coverage_map >= 0.5
    ys, xs = np.nonzero(ink_mask)
    if not len(ys):
        return None
    ink = Box(
        region.x0 + int(xs.min()),
        region.y0 + int(ys.min()),
        region.x0 + int(xs.max()) + 1,
        region.y0 + int(ys.max()) + 1,
    )
    lines = [line for line in _lines(coverage_map, region) if _glyph_like(line)]
    if not lines:
        return None
    share = float((coverage_map[strong] >= 0.9).mean())
    labels, count = ndimage.label(ink_mask, structure=np.ones((3, 3)))
    glyphs = [
        Box(region.x0 + b.x0, region.y0 + b.y0, region.x0 + b.x1, region.y0 + b.y1)
        for b, _ in _boxes(labels, ink_mask, count)
    ]
    return Text(colour, background, lines, ink, not use_outside, share, glyphs)


def _glyph_like(line: TextLine) -> bool:
    """Letters are 5-80 px tall and thin-stroked; a progress indicator is neither."""
    return 4 <= line.cap_height <= 80 and 0 < line.stem_px <= 0.4 * line.cap_height


def _coverage(
    patch: NDArray[np.float64], background: Colour, colour: Colour
) -> NDArray[np.float64]:
    """How much of each pixel the text covers: its position between background and text colour."""
    axis = colour - background
    norm = float(axis @ axis)
    if norm == 0:
        return np.zeros(patch.shape[:2])
    return np.clip(((patch - background) @ axis) / norm, 0.0, 1.0)


def _lines(coverage: NDArray[np.float64], region: Box) -> list[TextLine]:
    ink = coverage >= 0.5
    rows = ink.sum(axis=1)
    lines: list[TextLine] = []
    y = 0
    n = len(rows)
    runs: list[tuple[int, int]] = []
    while y < n:
        if rows[y] == 0:
            y += 1
            continue
        start = y
        while y < n and rows[y] > 0:
            y += 1
        runs.append((start, y))
    # An i's dot or an accent above a line is part of the line below it.
    merged: list[tuple[int, int]] = []
    for start, stop in runs:
        if (
            merged
            and start - merged[-1][1] <= 2
            and (merged[-1][1] - merged[-1][0]) * 3 < stop - start
        ):
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    for start, stop in merged:
        if stop - start < 3:
            continue
        band = ink[start:stop]
        labels, _count = ndimage.label(band, structure=np.ones((3, 3)))
        boxes = [s for s in ndimage.find_objects(labels) if s is not None]
        counts = band.sum(axis=1)
        body_rows = np.flatnonzero(counts >= 0.35 * counts.max())
        baseline = start + int(body_rows.max())
        tops = np.array([baseline - (start + s[0].start) + 1 for s in boxes], dtype=np.float64)
        tops = tops[tops > 0]
        if not len(tops):
            continue
        median = float(np.median(tops))
        cap = float(tops[tops <= 1.45 * median + 1].max())
        x_height = float(np.percentile(tops, 35))
        # Stems across the middle of the x-height band, away from serifs and bowls' ends.
        lo = baseline - start - int(x_height * 0.75)
        hi = baseline - start - int(x_height * 0.25)
        stem = _stem_width(coverage[start:stop][max(0, lo) : max(lo + 1, hi + 1)])
        cols = np.flatnonzero(band.any(axis=0))
        gap = max(12.0, 1.2 * cap)
        cuts = np.flatnonzero(np.diff(cols) > gap)
        segments = [
            Box(
                region.x0 + int(seg[0]),
                region.y0 + start,
                region.x0 + int(seg[-1]) + 1,
                region.y0 + stop,
            )
            for seg in np.split(cols, cuts + 1)
        ]
        lines.append(
            TextLine(
                Box(
                    region.x0 + int(cols.min()),
                    region.y0 + start,
                    region.x0 + int(cols.max()) + 1,
                    region.y0 + stop,
                ),
                region.y0 + baseline,
                cap,
                x_height,
                stem,
                len(boxes),
                segments,
            )
        )
    return lines


def _stem_width(coverage: NDArray[np.float64]) -> float:
    """The median horizontal thickness of strokes (coverage summed over each run of ink)."""
    widths: list[float] = []
    for row in coverage:
        on = row > 0.15
        if not on.any():
            continue
        edges = np.flatnonzero(np.diff(np.r_[0, on.astype(np.int8), 0]))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            widths.append(float(row[a:b].sum()))
    return float(np.median(widths)) if widths else 0.0
