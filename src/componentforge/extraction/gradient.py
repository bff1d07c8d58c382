"""A gradient fill: the colour of the body's surface along its width and height, read from
the median of each column and row (text and icons are a minority of any column), and told
apart from a flat fill by how far its ends differ and how steadily it changes."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from componentforge.extraction.layout import Layout, Pixels
from componentforge.extraction.measure import hex_of
from componentforge.schemas.extraction import Gradient, GradientStop

LEAST_SPREAD = 16.0  # levels between the ends: less is a flat fill (noise, a faint sheen)
STEADY = 0.8  # the share of the change that must go one way (a gradient does not wobble)
MOST_AT_ONCE = 0.5  # a share of the change that 4 neighbouring pixels must not make


def gradient_of(pixels: Pixels, layout: Layout) -> tuple[Gradient, NDArray[np.float64]] | None:
    """The gradient and the fill's average colour, or None for a flat fill."""
    if layout.body is None or layout.surface is None:
        return None
    body = layout.in_image(layout.body)
    inset = layout.border_width + max(2, min(body.w, body.h) // 8)
    inner = body.shrink(inset)
    if inner.w < 8 or inner.h < 4:
        return None
    patch = pixels[inner.y0 : inner.y1, inner.x0 : inner.x1].astype(np.float64)
    columns = np.median(patch, axis=0)  # w x 3
    rows = np.median(patch, axis=1)  # h x 3
    dx, dy = _change(columns), _change(rows)
    if max(dx, dy) < LEAST_SPREAD or not (_steady(columns) or _steady(rows)):
        return None
    # Along the axis that changes more, in CSS terms: 90deg runs left to right, 180deg top
    # to bottom (a diagonal one is reported along its larger axis).
    angle = 90.0 if dx >= dy else 180.0
    along = columns if dx >= dy else rows
    n = len(along)
    ends = max(1, n // 10)
    start, end = along[:ends].mean(axis=0), along[-ends:].mean(axis=0)
    middle = along[n // 2 - ends // 2 : n // 2 + ends // 2 + 1].mean(axis=0)
    stops = [GradientStop(color=hex_of(start) or "#000000", position=0.0)]
    # A middle stop where the ramp is not straight (a three-colour gradient).
    if float(np.abs(middle - (start + end) / 2).max()) > LEAST_SPREAD / 2:
        stops.append(GradientStop(color=hex_of(middle) or "#000000", position=0.5))
    stops.append(GradientStop(color=hex_of(end) or "#000000", position=1.0))
    average = np.asarray(along.mean(axis=0))
    return Gradient(angle_deg=float(angle), stops=stops), average


def _change(profile: NDArray[np.float64]) -> float:
    """Levels between the first and last tenth of a profile (the largest channel)."""
    n = len(profile)
    ends = max(1, n // 10)
    return float(np.abs(profile[:ends].mean(axis=0) - profile[-ends:].mean(axis=0)).max())


def _steady(profile: NDArray[np.float64]) -> bool:
    """Most of the profile's movement goes one way, in its most changing channel, over
    eight stretches (each averaged: compression noise does not count as movement), and
    no few neighbouring pixels make most of it (that is an edge between two fills)."""
    if len(profile) < 8:
        return False
    channel = int(np.argmax(np.abs(profile[-1] - profile[0])))
    line = profile[:, channel]
    jump = np.abs(line[4:] - line[:-4]).max(initial=0.0)  # the most over 4 pixels
    if jump > MOST_AT_ONCE * abs(float(line[-1] - line[0])):
        return False
    means = [part.mean() for part in np.array_split(line, 8)]
    steps = np.diff(means)
    total = float(np.abs(steps).sum())
    return total > 0 and abs(float(steps.sum())) >= STEADY * total
