"""Colour as lossy coding leaves it, and how to get a thin mark's colour back.

JPEG and lossy WebP keep brightness (luma) at full resolution but colour (chroma) at half,
smoothed: a mark one or two pixels thin (a letter's stroke, a border) shows its own brightness
but a hue mixed with its neighbours'. Where the neighbours' colours are known (the page, the
surface), the mark's hue is what, blurred the same way, explains the chroma measured.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

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
