"""Layout measured from pixels: the page colour, the component's box, its edges, corners,
shadow and text. Everything here is geometry on the original pixels; `measure.py` turns it
into design tokens and `classify.py` into a component type.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage

from componentforge.extraction.frame import LOSSY_RING, find_border, middle
from componentforge.extraction.layout import (
    EDGE_BAND,
    FOREGROUND_D,
    Box,
    Colour,
    Layout,
    Pixels,
    boxes_of,
    colour_bins,
    colour_distance,
    dominant,
    page_colour,
)
from componentforge.extraction.text_lines import find_marks, find_text

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
SPECK = 6  # px: a shape this small is noise
SOLID = 0.75  # of its box a shape fills at least to be a box, a track or a circle (0.785)
NOISE_PEAK = 3 * FOREGROUND_D  # a shape no pixel of which is further from the page is noise
LOSSY_HALO_D = 3 * FOREGROUND_D  # a lossy image's halo round strong edges stays under this
LOSSY_ARC = 0.4  # of a frame's contrast: a lossy arc's pixels still covered
MARK_DELTA = 60.0  # a pixel this far from the surface is drawn on it (a tick, a dot)
# Of an inner fill's pixels, the share within 24 of its colour: on the real-framework set,
# fills (a knob, an indicator, an active tab, a card's button) 0.66 and more, what survives of
# white letters on a fill in a JPEG or WebP (strokes thickened by ringing) 0.47 and less.
FILL_UNIFORM = 0.55


def analyse(pixels: Pixels, lossy: bool = False, factor: float = 1.0) -> Layout:
    """Measure the one component on the page. Boxes are relative to the component's
    neighbourhood (the image cropped to it), which is all the tokens need. `factor`: the
    image's pixels per `pixels` pixel, where lossy coding blurred the colour (a 2x capture
    measured at CSS size: 2)."""
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
        by = math.ceil(math.sqrt(area / ANALYSIS_MAX_PIXELS))
        crop = pixels[y0:y1, x0:x1]
        reduced = np.asarray(Image.fromarray(crop).reduce(by), dtype=np.uint8)
        scaled = analyse(reduced, lossy, factor * by)
        scaled.width, scaled.height, scaled.scale = w, h, by
        ox, oy = scaled.origin
        scaled.origin = (x0 + ox * by, y0 + oy * by)
        return scaled
    img = pixels[y0:y1, x0:x1].astype(np.float64)
    layout.origin = (x0, y0)
    fg, blobs, shape_labels, shapes = _segments(img, page, FOREGROUND_D)
    layout.everything = Box.around(b for b, _ in blobs)
    body_index = _body_of(shapes)
    if lossy and _letters(*shapes[body_index]):
        # Coding's faint halo can join a control to its label's letters in one shape: above
        # the halo's contrast they come apart, and the control is the solid one.
        strict = _segments(img, page, LOSSY_HALO_D)
        index = _body_of(strict[3]) if strict[3] else None
        if index is not None and not _letters(*strict[3][index]):
            fg, blobs, shape_labels, shapes = strict
            body_index = index
    shape_count = len(shapes)
    body_blob, body_area = shapes[body_index]
    if body_area < 24:
        return layout
    body = refine_box(img, page, body_blob, lossy)
    layout.body = body
    shape = shape_labels == body_index + 1
    interior = body.shrink(max(2, min(body.w, body.h) // 8))
    inner_shape = shape[interior.y0 : interior.y1, interior.x0 : interior.x1]
    inside_pixels = img[interior.y0 : interior.y1, interior.x0 : interior.x1][inner_shape]
    if not len(inside_pixels):
        # A shape with nothing inside its middle (a soft shadow's ring, an outline): its
        # own pixels, else the whole box, give the surface.
        inside_pixels = img[body.y0 : body.y1, body.x0 : body.x1][
            shape[body.y0 : body.y1, body.x0 : body.x1]
        ]
        if not len(inside_pixels):
            inside_pixels = img[body.y0 : body.y1, body.x0 : body.x1]
    surface, _ = dominant(inside_pixels)
    layout.surface = surface
    middle = img[interior.y0 : interior.y1, interior.x0 : interior.x1]
    if middle.size:
        layout.marked = float((colour_distance(middle, surface) > MARK_DELTA).mean())
    layout.border, layout.border_width = find_border(img, page, body, surface, lossy, factor)
    edge = layout.border if layout.border is not None else edge_colour(img, body)
    # A lossy frame round a surface the page's colour (a field, an outline button): its arc
    # is measured as coding left it (see corner_radius).
    hollow = bool(
        lossy
        and layout.border is not None
        and float(colour_distance(surface[None, :], page)[0]) < FOREGROUND_D
    )
    layout.radius = corner_radius(img, page, body, edge, hollow)
    layout.shadow_px = shadow_rows(img, page, body)

    inside = [(b, a) for b, a in blobs if body.contains(b) and (b.w, b.h) != (body.w, body.h)]
    # Faint shapes are compression noise (JPEG's and WebP's specks and ringing round a
    # component), not a label beside it: a letter's core stands well off the page.
    peaks = ndimage.maximum(
        colour_distance(img, page), shape_labels, index=np.arange(1, shape_count + 1)
    )
    outside = [
        (b, a)
        for i, (b, a) in enumerate(shapes)
        if i != body_index and a >= SPECK and peaks[i] >= NOISE_PEAK
    ]
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
    layout.text = find_text(img, page, body, shape, layout, inside, outside, lossy)
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
    boxes = boxes_of(labels, solid, count)
    best = max(range(len(boxes)), key=lambda i: boxes[i][1])
    box, area = boxes[best]
    if area < 0.03 * inner.w * inner.h and area < 200:
        return None, None
    if area < 0.7 * box.w * box.h:
        # Not a solid region but what survived of letters (JPEG ringing thickens strokes
        # enough to outlast the opening): a fill, a knob or an indicator covers its box.
        return None, None
    region = patch[labels == best + 1]
    colour, _ = dominant(region)
    if float((colour_distance(region, colour) <= 24).mean()) < FILL_UNIFORM:
        # Letters and their ringing again: a spread of colours, where a fill is one colour.
        return None, None
    return Box(inner.x0 + box.x0, inner.y0 + box.y0, inner.x0 + box.x1, inner.y0 + box.y1), colour


def refine_box(img: NDArray[np.float64], page: Colour, blob: Box, lossy: bool = False) -> Box:
    """The blob's box without its shadow or blur: on each side, the first sharp step in the
    middle rows (or columns) going inwards. Shadows fade over several pixels; edges jump. In
    a lossy image, coding's ringing stands up to a block (8 px) before the edge, at a
    fraction of its jump: a step that low beside a far larger one, and not held by the
    pixels after it as a pale fill's edge is, is not the edge."""
    h, w, _ = img.shape

    def first_step(profile: NDArray[np.float64]) -> int:
        # The first jump that makes up at least half of the pixel's difference from the page
        # and half of the next pixels' (a lossy image's ringing halo is a small jump just
        # before the real one).
        steps = np.abs(np.diff(profile, axis=0)).max(axis=-1)
        reach = colour_distance(profile[1:], page)
        ahead = ndimage.maximum_filter1d(reach, size=3, origin=-1, mode="nearest")
        edge = (
            (steps >= 6) & (steps >= 0.5 * reach) & (reach > FOREGROUND_D) & (reach >= 0.5 * ahead)
        )
        if lossy:
            block = ndimage.maximum_filter1d(reach, size=8, origin=-4, mode="nearest")
            # A fill's own edge holds its contrast in the next pixels; ringing falls back.
            after = np.pad(reach, (0, 3), mode="edge")
            held = np.median(np.stack([after[1:-2], after[2:-1], after[3:]]), axis=0)
            edge &= (reach >= LOSSY_RING * block) | (held >= 0.8 * reach)
        sharp = np.flatnonzero(edge)
        return int(sharp[0]) + 1 if len(sharp) else 0

    found: list[bool] = []

    def side(lines: NDArray[np.float64]) -> int:
        steps = [first_step(line) for line in lines]
        found.append(sum(1 for step in steps if step) * 2 > len(steps))
        return int(np.median(steps))

    band = min(EDGE_BAND, max(2, min(blob.w, blob.h) // 2))
    rows = middle(blob.y0, blob.y1)
    cols = middle(blob.x0, blob.x1)
    lo_x, lo_y = max(0, blob.x0 - 1), max(0, blob.y0 - 1)
    hi_x, hi_y = min(w, blob.x1 + 1), min(h, blob.y1 + 1)
    left = lo_x + side(img[rows, lo_x : blob.x0 + band])
    right = hi_x - side(img[rows, blob.x1 - band : hi_x][:, ::-1])
    top = lo_y + side(img[lo_y : blob.y0 + band, cols].transpose(1, 0, 2))
    bottom = hi_y - side(img[blob.y1 - band : hi_y, cols][::-1].transpose(1, 0, 2))
    if right - left < 2 or bottom - top < 2:
        return blob
    # Drop shadows fall below: there the edge can drown in the shadow's gradient. The bottom
    # edge is the last row, going down the middle, that still has the top edge's colour
    # (within a lossy fill's own noise, which alone is up to 15 a channel).
    centre = (top + bottom) // 2
    lasts = []
    for col in cols:
        reference = img[top, col]
        column = img[centre:hi_y, col]
        same = np.flatnonzero(np.abs(column - reference).max(axis=-1) < (24 if lossy else 12))
        if len(same):
            lasts.append(centre + int(same[-1]) + 1)
    if lasts:
        by_colour = int(np.median(lasts))
        # Where a sharp bottom edge was found, the colour only corrects it by a row or two
        # (a dark, tight shadow's first row looks like an edge).
        if not found[-1] or 0 <= bottom - by_colour <= 2:
            bottom = min(bottom, by_colour)
    return Box(left, top, right, bottom)


def _segments(
    img: NDArray[np.float64], page: Colour, threshold: float
) -> tuple[NDArray[np.bool_], list[tuple[Box, int]], NDArray[np.int32], list[tuple[Box, int]]]:
    """What stands `threshold` off the page; its blobs; and its shapes (the blobs with their
    holes filled, so a bordered box is one solid shape holding its text), labelled."""
    fg = colour_distance(img, page) > threshold
    eight = np.ones((3, 3))
    labels, count = ndimage.label(fg, structure=eight)
    filled = ndimage.binary_fill_holes(fg)
    shape_labels, shape_count = ndimage.label(filled, structure=eight)
    shapes = boxes_of(shape_labels, filled, shape_count)
    return fg, boxes_of(labels, fg, count), shape_labels, shapes


def _solid(box: Box, area: int) -> bool:
    """A shape filling most of its box: a box, a track or a circle (0.785)."""
    return area >= SOLID * box.w * box.h


def _letters(box: Box, area: int) -> bool:
    """A shape filling well under its box, and no rule: a run of letters."""
    return not _solid(box, area) and box.w < 10 * box.h


def _body_of(shapes: list[tuple[Box, int]]) -> int:
    """The component's own shape: the largest, unless that is a run of letters (strokes
    filling well under its box) and a solid or framed shape a third its size or more stands
    apart from it: a checkbox's box beside its label, whose letters a retina capture's
    reduced copy blurs into one blob per word; or a rule across all of it."""
    largest = max(range(len(shapes)), key=lambda i: shapes[i][1])
    box, area = shapes[largest]
    if _solid(box, area):
        return largest
    solid = [i for i, (b, a) in enumerate(shapes) if _solid(b, a) and 3 * a >= area]
    if solid:
        return max(solid, key=lambda i: shapes[i][1])
    # A rule under (or over) a row of words, as wide as everything: a tab strip's line, which
    # a lossy image's letters, merged by its noise into one shape a word, can outweigh.
    x0, x1 = min(b.x0 for b, _ in shapes), max(b.x1 for b, _ in shapes)
    rules = [i for i, (b, _) in enumerate(shapes) if b.w >= 0.9 * (x1 - x0) and b.w >= 10 * b.h]
    return max(rules, key=lambda i: shapes[i][1]) if rules else largest


def edge_colour(img: NDArray[np.float64], body: Box) -> Colour:
    rows, cols = middle(body.y0, body.y1), middle(body.x0, body.x1)
    samples = np.concatenate(
        [img[rows, body.x0], img[rows, body.x1 - 1], img[body.y0, cols], img[body.y1 - 1, cols]]
    )
    return np.asarray(np.median(samples, axis=0))


def corner_radius(
    img: NDArray[np.float64], page: Colour, body: Box, edge: Colour, hollow: bool = False
) -> float:
    """From the area each corner leaves uncovered: a quarter-circle corner of radius r leaves
    r²(1 - π/4). Covered means at least halfway from the page to the edge colour, or enclosed
    by the edge (a surface the colour of the page). The median of the four corners. Each
    corner takes the colour of its own two sides where they stand off the page (a bar whose
    indicator fills its left end: blue corners on the left, grey on the right)."""
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
        here = contrast
        # The long side's edge just past the corner, on this corner's half of the body.
        if body.w > body.h:
            side = img[body.y1 - 1 if flip_y else body.y0, _past(body.x0, body.x1, s, flip_x)]
        else:
            side = img[_past(body.y0, body.y1, s, flip_y), body.x1 - 1 if flip_x else body.x0]
        if len(side) >= 2:
            local = float(colour_distance(np.median(side, axis=0)[None, :], page)[0])
            here = local if local >= 4 else contrast
        # `hollow`: lossy coding smears a frame's arc over two pixels at under half of its
        # contrast, and its noise opens gaps in it, through which a surface the page's
        # colour would count as corner: a lower bar, and the gaps closed.
        uncovered = colour_distance(square, page) < (LOSSY_ARC if hollow else 0.5) * here
        if hollow:
            covered = np.pad(~uncovered, 1, mode="edge")
            uncovered = ~ndimage.binary_closing(covered, structure=np.ones((3, 3)))[1:-1, 1:-1]
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


def _past(lo: int, hi: int, s: int, from_end: bool) -> slice:
    """A side's stretch just past a corner's square of `s`, on that corner's half."""
    reach = min(2 * s, (hi - lo) // 2)
    return slice(hi - reach, hi - s) if from_end else slice(lo + s, lo + reach)


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
