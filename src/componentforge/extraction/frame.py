"""A component's frame: a border of 1-6 px of one colour around its surface."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from componentforge.colours import delta_e_2000
from componentforge.extraction.chroma import CB, CR, LUMA, SIGMA, TO_RGB, fitted_tint
from componentforge.extraction.layout import Box, Colour, colour_distance, unit

OUTSIDE = 3  # page pixels taken beyond a border's outer edge to fit its hue on
LOSSY_RING = 0.15  # a lossy edge's ringing reaches about a tenth of the edge's jump
# In a lossy image, a frame this close to its fill (ΔE2000) is the fill's edge as coding left it
# (0.5-2.3 on the real-framework set's filled badges and buttons at 2x).
LOSSY_SAME = 2.5


def middle(lo: int, hi: int) -> NDArray[np.intp]:
    """Rows (or columns) across the middle fifth of a side, away from its rounded corners."""
    span = hi - lo
    a, b = lo + int(span * 0.4), lo + math.ceil(span * 0.6)
    return np.arange(a, max(a + 1, b))


def inward(
    img: NDArray[np.float64],
    body: Box,
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    outside: int,
    inside: int,
) -> list[NDArray[np.float64]]:
    """Each side's pixels across its middle (`rows` or `cols`), from `outside` px beyond the
    body's edge to `inside` px within, ordered inwards; a side without that much image beyond
    it is left out."""
    h, w = img.shape[:2]
    sides: list[NDArray[np.float64]] = []
    if body.x0 >= outside:
        sides.append(img[rows, body.x0 - outside : body.x0 + inside])
    if body.x1 + outside <= w:
        sides.append(img[rows, body.x1 - inside : body.x1 + outside][:, ::-1])
    if body.y0 >= outside:
        sides.append(img[body.y0 - outside : body.y0 + inside, cols].transpose(1, 0, 2))
    if body.y1 + outside <= h:
        sides.append(img[body.y1 - inside : body.y1 + outside, cols][::-1].transpose(1, 0, 2))
    return sides


def find_border(
    img: NDArray[np.float64],
    page: Colour,
    body: Box,
    surface: Colour,
    lossy: bool = False,
    factor: float = 1.0,
) -> tuple[Colour | None, int]:
    """A frame of 1-6 px of one colour around the surface, the same on every side, and not a
    blend of page and surface (the anti-aliased rim of a circle is no border). One side may
    run on into an inner fill of the border's colour (a selected tab at the end of a bordered
    row): the other three then decide. In a lossy image the edge of any fill comes out off
    that blend by up to a tenth of the jump from page to surface (ringing, chroma blur): a
    border there must stand further off; less so in a retina capture measured at CSS size,
    where the averaging of `factor` coded pixels per pixel smooths the ringing out."""
    least = 12.0 if lossy else 10.0
    jump = float(np.abs(surface - page).max())
    apart = max(12.0, LOSSY_RING * jump / factor) if lossy else 8.0
    rows, cols = middle(body.y0, body.y1), middle(body.x0, body.x1)
    limit = max(1, min(6, min(body.w, body.h) // 4))
    sides = inward(img, body, rows, cols, 0, limit)
    # In a lossy image a thin frame's hue bleeds inwards: where hue finds no frame, brightness
    # (kept at full resolution) may.
    found = _frame(sides, surface, least, limit, by_luma=False, lossy=lossy)
    if lossy:
        # ...and where both find one, brightness gives the width: a 1 px blue line on white
        # has a pale cyan pixel of bled hue inside it, which is no part of the frame.
        by_luma = _frame(sides, surface, least, limit, by_luma=True, lossy=True)
        if by_luma is not None and (found is None or np.median(by_luma[1]) < np.median(found[1])):
            found = by_luma
    if found is None:
        return None, 0
    colours, widths = found
    colour = np.asarray(np.median(colours, axis=0))
    if _off_segment(colour, page, surface) < apart:
        return None, 0
    width = int(np.median(widths))
    if lossy and width <= 2:  # a thin frame's hue is mixed with its neighbours': fitted back
        fitted = border_colour(img, body, rows, cols, width, page, surface, factor)
        colour = colour if fitted is None else fitted
    if lossy and delta_e_2000(unit(colour), unit(surface)) < LOSSY_SAME:
        return None, 0  # the fill's own edge as coding left it, or a frame that does not show
    return colour, width


def _frame(
    sides: list[NDArray[np.float64]],
    surface: Colour,
    least: float,
    limit: int,
    by_luma: bool,
    lossy: bool = False,
) -> tuple[list[Colour], list[int]] | None:
    """Each side's frame colour and width (one side may run on), if they agree. `by_luma`: a
    pixel is the frame's while its brightness is nearer the frame's than the surface's.
    `lossy`: the box may start a pixel early, on the faint halo coding leaves outside a pale
    frame; that pixel is skipped."""
    widths: list[int] = []
    colours: list[Colour] = []
    run_on = 0
    for side in sides:
        line = np.median(side, axis=0)  # along the side's middle: one profile inwards
        if by_luma:
            luma = np.abs(line @ LUMA - surface @ LUMA)
            off = luma > max(least, 0.5 * luma[0])
        else:
            off = colour_distance(line, surface) > least
        if lossy and len(off) > 2 and not off[0] and off[1]:
            line, off = line[1:], off[1:]
        run = int(np.argmin(off)) if not off.all() else limit
        if run == 0 and not lossy:
            return None
        if run >= limit and limit > 1:
            run_on += 1
            continue
        widths.append(run)
        colours.append(line[0] if run <= 1 else line[:run].mean(axis=0))
    if run_on > 1 or not widths:
        return None
    if lossy and len(widths) >= 4 and (max(widths) - min(widths) > 1 or min(widths) == 0):
        # One side without the frame or wider than the other three, which agree: a shadow
        # under the frame, which the lossy image's box took its first rows of.
        usual = int(np.median(widths))
        odd = [i for i, w in enumerate(widths) if abs(w - usual) > 1 or w == 0]
        if len(odd) == 1:
            del widths[odd[0]], colours[odd[0]]
    if min(widths) == 0:
        return None
    # The same on every side; by brightness, the same brightness (a thin line's hue depends on
    # where it falls on the 2x2 blocks lossy coding keeps colour at).
    spread = (
        np.ptp(np.asarray(colours) @ LUMA)
        if by_luma
        else max(colour_distance(np.asarray(colours), colours[0]))
    )
    if spread > 24 or max(widths) - min(widths) > 1:
        return None
    return colours, widths


def _off_segment(colour: Colour, a: Colour, b: Colour) -> float:
    """How far `colour` is from every blend of `a` and `b`."""
    axis = b - a
    norm = float(axis @ axis)
    t = 0.0 if norm == 0 else float(np.clip((colour - a) @ axis / norm, 0, 1))
    return float(np.abs(colour - (a + t * axis)).max())


def border_colour(
    img: NDArray[np.float64],
    body: Box,
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    width: int,
    page: Colour,
    surface: Colour,
    factor: float = 1.0,
) -> Colour | None:
    """A `width`-px frame's colour in a lossy image: its luma as measured, its chroma fitted on
    the profiles across each side (page, then the frame, then the surface), each pixel a
    blurred blend of the three. None where no side has the page beyond it to fit on. The blur
    is lossy coding's, on the coded image (`factor` of its pixels per `img` pixel)."""
    depth = width + 3  # into the surface
    profiles = inward(img, body, rows, cols, OUTSIDE, depth)
    if not profiles:
        return None
    roles = np.zeros((3, OUTSIDE + depth))
    roles[0, :OUTSIDE] = 1  # page
    roles[1, OUTSIDE : OUTSIDE + width] = 1  # the frame
    roles[2, OUTSIDE + width :] = 1  # surface
    page_in, frame_in, surface_in = (
        ndimage.gaussian_filter1d(r, SIGMA / factor, mode="nearest") for r in roles
    )
    to_chroma = np.stack([CB, CR], axis=1)
    known = page_in[:, None] * (page @ to_chroma) + surface_in[:, None] * (surface @ to_chroma)
    lines = [np.median(p, axis=0) for p in profiles]  # along each side: one profile
    seen = np.concatenate(lines)
    luma = float(np.median([line[OUTSIDE : OUTSIDE + width] @ LUMA for line in lines]))
    chroma = fitted_tint(
        seen @ LUMA,
        np.tile(known, (len(lines), 1)),
        np.tile(frame_in, len(lines)),
        seen,
        (luma, np.zeros(2)),
        # One coded pixel is thinner than the colour's blur: most of its tint is spread onto
        # the neighbours, where white clips it. Two or more keep it in their own pixels,
        # where the fit without clipping is unbiased and the clipped one overshoots (on the
        # real-framework set: 2x outline buttons and input frames came out too blue).
        clipped=width * factor <= 1,
    )
    rgb = TO_RGB @ np.array([luma, float(chroma[0]), float(chroma[1])])
    return np.asarray(np.clip(rgb, 0, 255))
