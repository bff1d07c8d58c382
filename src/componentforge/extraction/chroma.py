"""Colour as lossy coding leaves it, and how to get a thin mark's colour back.

JPEG and lossy WebP keep brightness (luma) at full resolution but colour (chroma) at half,
smoothed: a mark one or two pixels thin (a letter's stroke, a border) shows its own brightness
but a hue mixed with its neighbours'. Where the neighbours' colours are known (the page, the
surface), the mark's hue is what, blurred the same way, explains the chroma measured.
Near white the decoder then clips: the tint a blur spread onto white is cut off, so the fit
models the clipping too (without it, thin violet text on white reads half as colourful).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage, optimize

LUMA = np.array([0.299, 0.587, 0.114])
CB = np.array([-0.168736, -0.331264, 0.5])
CR = np.array([0.5, -0.418688, -0.081312])
TO_RGB = np.linalg.inv(np.stack([LUMA, CB, CR]))
SIGMA = 1.0  # on the real-framework set, 1-1.3 fitted best, 0.8 and 1.6 worse


def chroma_blur(share: NDArray[np.float64]) -> NDArray[np.float64]:
    """What lossy coding does to colour: 4:2:0 subsampling averages it over 2x2 blocks, the
    decoder interpolates it back, and quantisation smooths it further; about a Gaussian of
    one pixel."""
    blurred: NDArray[np.float64] = ndimage.gaussian_filter(share, SIGMA, mode="nearest")
    return blurred


def fitted_tint(
    luma: NDArray[np.float64],
    known: NDArray[np.float64],
    share: NDArray[np.float64],
    seen: NDArray[np.float64],
    mark: tuple[float, NDArray[np.float64]],
    clipped: bool = True,
) -> NDArray[np.float64]:
    """The mark's chroma (Cb, Cr) off its neighbours' that best explains the `seen` RGB pixels
    as a decoder gives them: each pixel's luma as measured, its chroma the neighbours' (`known`,
    one row per pixel) plus `share` (the mark's blurred coverage) of the mark's, then clipped
    to what RGB can show. Least squares, from the fit that ignores the clipping. `mark`: the
    mark's luma and the chroma its shift is added to; the colour they make must be one RGB
    can show (clipped pixels alone would let the fit push a tint past any real colour).
    `clipped=False`: the fit that ignores the clipping."""
    weight = float((share * share).sum())
    if weight <= 0:
        return np.zeros(2)
    measured = np.stack([seen @ CB, seen @ CR], axis=-1) - known
    start = (share[:, None] * measured).sum(axis=0) / weight
    if not clipped:
        return np.asarray(start)
    mark_luma, mark_base = mark
    stiff = float(np.sqrt(len(seen))) * 4.0

    def residual(shift: NDArray[np.float64]) -> NDArray[np.float64]:
        ycc = np.column_stack([luma, known + share[:, None] * shift])
        fit = np.clip(ycc @ TO_RGB.T, 0, 255) - seen
        colour = TO_RGB @ np.array([mark_luma, *(mark_base + shift)])
        beyond = np.maximum(colour - 255, 0) + np.maximum(-colour, 0)
        return np.concatenate([fit.ravel(), stiff * beyond])

    return np.asarray(optimize.least_squares(residual, start, method="lm").x)
