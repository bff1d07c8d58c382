"""Text and marks inside a component's layout: the main text's colour, lines and glyphs, and
the small square shapes (a checkbox's box, a radio, an icon) that stand apart from letters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from componentforge.extraction.chroma import CB, CR, LUMA, TO_RGB, chroma_blur, fitted_tint
from componentforge.extraction.layout import (
    Box,
    Colour,
    Layout,
    Text,
    TextLine,
    boxes_of,
    colour_distance,
    dominant,
)

RIM = 4  # px around the letters whose colour lossy coding's blur moved: fitted with them
STEMS = 0.4  # the thickest stroke letters have, over their cap height
LOSSY_STEMS = 0.7  # the same, thickened by lossy coding's ringing


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
    lossy: bool = False,
) -> Text | None:
    """The main text: inside the body, or a label beside a small body (checkbox, switch).
    `lossy`: a JPEG's or lossy WebP's pixels, whose ringing thickens the strokes."""
    small_body = body.w <= 64 and body.h <= 36
    texty_outside = [b for b, _ in outside if b.h <= 64]
    use_outside = bool(texty_outside) and (small_body or not inside)
    if use_outside:
        region = Box.around(texty_outside)
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
    # The text colour: the cores of the strokes, the pixels farthest from the background (a
    # whole body mixes other shapes' colours in: no blend is fitted here, see ink_colour).
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
    lines = [line for line in _lines(coverage_map, region) if _glyph_like(line, lossy)]
    if not lines:
        return None
    share = float((coverage_map[strong] >= 0.9).mean())
    labels, count = ndimage.label(ink_mask, structure=np.ones((3, 3)))
    glyphs = [
        Box(region.x0 + b.x0, region.y0 + b.y0, region.x0 + b.x1, region.y0 + b.y1)
        for b, _ in boxes_of(labels, ink_mask, count)
    ]
    return Text(colour, background, lines, ink, not use_outside, share, glyphs)


def ink_colour(
    patch: NDArray[np.float64],
    background: Colour,
    strong: NDArray[np.bool_],
    dist: NDArray[np.float64],
    around: Around | None = None,
) -> Colour:
    """The text's colour. Its brightness is that of the strokes' cores (the pixels farthest
    from the background). Its hue comes from fitting every pixel as a blend of background
    and text by how much ink covers it: sharply, as a PNG keeps colour, or blurred over a
    few pixels, as JPEG and lossy WebP keep it (chroma at half resolution), whichever fits
    better. Thin white text on a blue button is white, not the light blue its pixels show.
    `around`: the patch with a rim of its surroundings, in a lossy image: the hue is then
    fitted there with the decoder's clipping modelled (`_fitted_chroma`)."""
    cutoff = np.percentile(dist[strong], 90)
    cores = np.asarray(np.median(patch[strong & (dist >= cutoff)], axis=0))
    y_bg, y_ink = float(background @ LUMA), float(cores @ LUMA)
    if abs(y_ink - y_bg) < 24 or patch.shape[0] < 3 or patch.shape[1] < 3:
        return cores  # text told apart by hue alone: its cores are all there is
    luma = patch @ LUMA
    sharp = np.clip((luma - y_bg) / (y_ink - y_bg), 0.0, 1.0)
    chroma = np.stack([patch @ CB, patch @ CR], axis=-1) - np.array(
        [background @ CB, background @ CR]
    )
    near = ndimage.binary_dilation(strong, iterations=2)  # the letters and their rims only
    fits: list[tuple[float, NDArray[np.float64]]] = []
    # In a lossy image with its surroundings given, their fit stands in for the blurred one.
    for share in (sharp,) if around is not None else (sharp, chroma_blur(sharp)):
        a, c = share[near], chroma[near]
        weight = float((a * a).sum())
        if weight <= 0:
            return cores
        shift = (a[:, None] * c).sum(axis=0) / weight
        fits.append((float(((c - a[:, None] * shift) ** 2).sum()), shift))
    base = np.array([background @ CB, background @ CR])
    if around is not None:
        blurred_c = base + _fitted_chroma(around, background, strong, y_bg, y_ink)
    elif fits[1][0] > 0.7 * fits[0][0]:
        # The blurred model only when it explains the colour clearly better (a lossy image).
        return cores
    else:
        blurred_c = base + fits[1][1]
    sharp_c = base + fits[0][1]
    # The two fits bracket the text's hue; where the bracket holds no colour at all (its
    # ends on either side of grey: white text on orange reads a little orange sharply and a
    # little blue blurred), the text is grey.
    chroma_ink = np.where(sharp_c * blurred_c <= 0, 0.0, blurred_c)
    rgb = TO_RGB @ np.array([y_ink, float(chroma_ink[0]), float(chroma_ink[1])])
    return np.asarray(np.clip(rgb, 0, 255))


@dataclass(frozen=True)
class Around:
    """A run's patch with a rim of what surrounds it: `pixels`, and where the patch starts."""

    pixels: NDArray[np.float64]
    top: int
    left: int


def _fitted_chroma(
    around: Around, background: Colour, strong: NDArray[np.bool_], y_bg: float, y_ink: float
) -> NDArray[np.float64]:
    """The text's chroma (off the background's), fitted to the letters and a rim around them
    as lossy coding leaves them: luma sharp, chroma blurred (chroma_blur), and every pixel
    then clipped to what RGB can show. Near white, the clipping cuts the tint the blur spread
    out: fitted without it, thin violet text reads half as colourful as it is."""
    pixels = around.pixels
    letters = np.zeros(pixels.shape[:2], dtype=bool)
    h, w = strong.shape
    letters[around.top : around.top + h, around.left : around.left + w] = strong
    luma = pixels @ LUMA
    share = chroma_blur(np.clip((luma - y_bg) / (y_ink - y_bg), 0.0, 1.0))
    # Around the letters, only what is background or ink: not another mark's edge.
    rim = ndimage.binary_dilation(letters, iterations=RIM)
    keep = rim & (ndimage.binary_dilation(letters, iterations=2) | (np.abs(luma - y_bg) < 8))
    base = np.array([background @ CB, background @ CR])
    known = np.tile(base, (int(keep.sum()), 1))
    return fitted_tint(luma[keep], known, share[keep], pixels[keep], (y_ink, base))


def _glyph_like(line: TextLine, lossy: bool = False) -> bool:
    """Letters are 5-80 px tall and thin-stroked; a progress indicator is neither. Ringing
    thickens a lossy image's strokes: 12 px bold capitals at quality 80 measure stems of 0.6
    of their height, where a bar or a knob is as wide as it is tall, or wider."""
    stems = LOSSY_STEMS if lossy else STEMS
    return 4 <= line.cap_height <= 80 and 0 < line.stem_px <= stems * line.cap_height


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


@dataclass(frozen=True)
class RunStyle:
    """How one run of text is set, measured from its pixels."""

    colour: Colour
    background: Colour
    line: TextLine | None  # its glyph geometry (cap height, x-height, stems)


def style_of(
    img: NDArray[np.float64] | NDArray[np.uint8],
    box: Box,
    shapes: list[Box] | None = None,
    lossy: bool = False,
) -> RunStyle | None:
    """The colour and glyph geometry of the text in `box` (a recogniser's box around one
    run), leaving out `shapes` in it that are no letters (a checkbox's box beside its
    label), which count as background. In a `lossy` image the text's hue is read from the
    box and a rim around it (see ink_colour)."""
    patch = np.asarray(img[box.y0 : box.y1, box.x0 : box.x1], dtype=np.float64)
    if patch.shape[0] < 3 or patch.shape[1] < 3:
        return None
    # The colour most of the box shows: a recogniser's box may stick out of a small badge
    # onto the page, so its frame is not the text's background.
    background, _ = dominant(patch)
    if shapes:
        patch = patch.copy()
        for s in shapes:
            x0, y0 = max(0, s.x0 - box.x0), max(0, s.y0 - box.y0)
            x1, y1 = min(patch.shape[1], s.x1 - box.x0), min(patch.shape[0], s.y1 - box.y0)
            if x1 > x0 and y1 > y0:
                patch[y0:y1, x0:x1] = background
    dist = colour_distance(patch, background)
    strong = dist > max(24.0, 0.25 * float(dist.max()))
    if strong.sum() < 4:
        return None
    around = _around(img, box, shapes or [], background) if lossy else None
    colour = ink_colour(patch, background, strong, dist, around)
    coverage = _coverage(patch, background, colour)
    lines = [line for line in _lines(coverage, box) if _glyph_like(line)]
    line = max(lines, key=lambda item: item.glyphs) if lines else None
    return RunStyle(colour, background, line)


def _around(
    img: NDArray[np.float64] | NDArray[np.uint8], box: Box, shapes: list[Box], background: Colour
) -> Around:
    """`box` and a rim of RIM px around it (where the image has them), `shapes` blanked."""
    y0, x0 = max(0, box.y0 - RIM), max(0, box.x0 - RIM)
    pixels = np.array(img[y0 : box.y1 + RIM, x0 : box.x1 + RIM], dtype=np.float64)
    for s in shapes:
        pixels[max(0, s.y0 - y0) : max(0, s.y1 - y0), max(0, s.x0 - x0) : max(0, s.x1 - x0)] = (
            background
        )
    return Around(pixels, box.y0 - y0, box.x0 - x0)
