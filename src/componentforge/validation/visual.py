"""Does the component look like its screenshot? The preview (rendered in Chromium at the
screenshot's scale) against the input, both cut to the component's box: box size, surface,
text and border colour (CIEDE2000), the visible text (exact and character similarity), a
structural similarity (SSIM, greyscale, same size) and a colour histogram; a score, a verdict,
and the three images a person compares (input, preview, difference).

Measured the same way on both images, so a systematic error of the measure cancels out.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage

from componentforge.colours import delta_e_2000

RGB = tuple[float, float, float]

# The verdict's limits: what still looks like the screenshot to a person comparing the two
# (the benchmark reports the stricter figures: ΔE2000 < 5, 10% of the size).
SIZE_TOLERANCE = 0.15  # the box within 15% each way
COLOUR_DELTA = 10.0  # CIEDE2000
TEXT_SIMILARITY = 0.85
SSIM_PASS = 0.5
FILL_PX = 9  # CSS px: a region this thick is a fill, not a letter's stroke
GLYPH_PIXELS = 24  # CSS px² of strokes at least, for there to be text
SHIFT_PX = 6  # CSS px: how far the text's offset is looked for
WEIGHTS = {"ssim": 0.3, "text": 0.25, "size": 0.15, "surface": 0.1, "text_colour": 0.1}
WEIGHTS["histogram"] = 1 - sum(WEIGHTS.values())


@dataclass(frozen=True)
class Reference:
    """The input a component should look like: the image, its device scale factor, where the
    component is in it (CSS px; None: the whole image) and the text read from it."""

    image: bytes
    scale: float = 1.0
    box: tuple[float, float, float, float] | None = None  # x, y, width, height
    text: str | None = None


@dataclass(frozen=True)
class Rendered:
    """One story's preview: the PNG, where the component is in it (CSS px), its text."""

    png: bytes
    box: tuple[float, float, float, float]
    text: str | None
    scale: float


@dataclass
class Visual:
    score: float
    passed: bool
    size: dict[str, float]  # the preview's width and height over the input's
    colours: dict[str, float | None]  # ΔE2000 of surface, text and border
    text: dict[str, object]
    ssim: float
    histogram: float
    reasons: list[str] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # reference, preview, difference
    # What was measured on each image: box (CSS px) and the surface, text and border colours.
    measured: dict[str, dict[str, object]] = field(default_factory=dict)
    text_offset: tuple[float, float] | None = None  # the preview's text against the input's

    def summary(self) -> dict[str, object]:
        return {
            "score": self.score,
            "passed": self.passed,
            "size": self.size,
            "colours": self.colours,
            "text": self.text,
            "ssim": self.ssim,
            "histogram": self.histogram,
            "reasons": self.reasons,
            "measured": self.measured,
            "text_offset": (
                None
                if self.text_offset is None
                else {"x": self.text_offset[0], "y": self.text_offset[1]}
            ),
        }


def _crop(
    img: NDArray[np.float64], box: tuple[float, float, float, float] | None, scale: float
) -> NDArray[np.float64]:
    if box is None:
        return img
    x, y, w, h = (round(v * scale) for v in box)
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(img.shape[1], x + max(1, w)), min(img.shape[0], y + max(1, h))
    return img[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else img


def _decode(data: bytes) -> NDArray[np.float64]:
    with Image.open(io.BytesIO(data)) as im:
        rgba = im.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)  # transparency over white, as a page shows it
    return np.asarray(flat.convert("RGB"), dtype=np.float64)


def _surface(patch: NDArray[np.float64]) -> NDArray[np.float64]:
    """The colour most of the component's inside shows."""
    h, w = patch.shape[:2]
    inset = max(1, min(h, w) // 8)
    inner = (
        patch[inset : h - inset, inset : w - inset] if h > 2 * inset and w > 2 * inset else patch
    )
    pixels = inner.reshape(-1, 3)
    bins = (pixels // 8).astype(np.int64)
    keys = bins[:, 0] * 1024 + bins[:, 1] * 32 + bins[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    top = values[int(np.argmax(counts))]
    return np.asarray(pixels[keys == top].mean(axis=0))


def _glyphs(
    patch: NDArray[np.float64], surface: NDArray[np.float64], scale: float
) -> tuple[NDArray[np.float64], NDArray[np.bool_]] | None:
    """The pixels of text: of those that stand out from the surface, the ones in short thin
    strokes (glyphs), not in fills (an active tab's highlight, a checked box) or bars; with
    each pixel's distance from the surface. None without enough of them to be text."""
    distance = np.linalg.norm(patch - surface, axis=2)
    far = distance > 60
    size = max(3, round(FILL_PX * scale))
    fills = ndimage.binary_opening(far, structure=np.ones((size, size), dtype=bool))
    # and a bar: longer than any letter's stroke, however thin (a progress bar, a rule)
    bars = ndimage.binary_opening(far, structure=np.ones((1, 4 * size), dtype=bool))
    fills |= bars
    glyphs = far & ~fills
    if glyphs.sum() < GLYPH_PIXELS * scale * scale:  # an edge's remnants, no text
        return None
    return distance, glyphs


def _ink(
    patch: NDArray[np.float64], surface: NDArray[np.float64], scale: float
) -> NDArray[np.float64] | None:
    """The text's colour: of the glyphs' pixels, the farthest from the surface (the cores of
    the stems)."""
    found = _glyphs(patch, surface, scale)
    if found is None:
        return None
    distance, glyphs = found
    # Anti-aliasing blends every edge pixel with the surface: the text's own colour is at the
    # far end (full-coverage pixels of the stems), where rasterisers agree.
    cut = np.percentile(distance[glyphs], 85)
    return np.asarray(np.median(patch[glyphs & (distance >= cut)], axis=0))


def text_offset(
    ref: NDArray[np.float64],
    same: NDArray[np.float64],
    surfaces: tuple[NDArray[np.float64], NDArray[np.float64]],
    scale: float,
) -> tuple[float, float] | None:
    """Where the preview's text stands against the input's (CSS px, x right and y down), two
    images of one size: the shift of the preview's glyphs that best covers the input's, at
    most SHIFT_PX each way. None when either shows no text, or when no shift that near lines
    them up (different lines, not the same ones moved)."""
    ours, theirs = _glyphs(ref, surfaces[0], scale), _glyphs(same, surfaces[1], scale)
    if ours is None or theirs is None:
        return None
    a, b = np.where(ours[1], ours[0], 0.0), np.where(theirs[1], theirs[0], 0.0)
    reach = min(round(SHIFT_PX * scale), a.shape[0] - 1, a.shape[1] - 1)
    if reach < 1:  # too small a picture to shift
        return None
    # b's pixel (y + oy, x + ox) over a's (y, x): the correlation's centre is no shift. The
    # full cross-correlation, by FFT (scipy.signal's would cost 0.7 s of import per process).
    size = (b.shape[0] + a.shape[0] - 1, b.shape[1] + a.shape[1] - 1)
    full = np.fft.irfft2(np.fft.rfft2(b, size) * np.fft.rfft2(a[::-1, ::-1], size), size)
    cy, cx = a.shape[0] - 1, a.shape[1] - 1
    window = full[cy - reach : cy + reach + 1, cx - reach : cx + reach + 1]
    oy, ox = np.unravel_index(int(np.argmax(window)), window.shape)
    if reach in (abs(int(oy) - reach), abs(int(ox) - reach)):  # the best is farther: no shift
        return None
    if window[oy, ox] < 1.02 * window[reach, reach]:  # no better than as it is
        return (0.0, 0.0)
    return (round((int(ox) - reach) / scale, 2), round((int(oy) - reach) / scale, 2))


def _border(patch: NDArray[np.float64], surface: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """The colour along the middle of the box's edges, when it is not the surface's."""
    h, w = patch.shape[:2]
    if h < 8 or w < 8:
        return None
    a, b = w // 5, h // 5
    edge = np.concatenate(
        [patch[0, a : w - a], patch[h - 1, a : w - a], patch[b : h - b, 0], patch[b : h - b, w - 1]]
    )
    colour = np.asarray(np.median(edge, axis=0))
    return colour if np.linalg.norm(colour - surface) > 12 else None


def _delta(a: NDArray[np.float64] | None, b: NDArray[np.float64] | None) -> float | None:
    if a is None and b is None:
        return 0.0
    if a is None or b is None:
        return None  # one has it and the other not
    return round(delta_e_2000(_unit(a), _unit(b)), 2)


def _unit(c: NDArray[np.float64]) -> RGB:
    return (float(c[0]) / 255, float(c[1]) / 255, float(c[2]) / 255)


def ssim(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Structural similarity of two greyscale images of one size (Wang et al. 2004, with a
    Gaussian window of sigma 1.5)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = ndimage.gaussian_filter(a, 1.5), ndimage.gaussian_filter(b, 1.5)
    var_a = ndimage.gaussian_filter(a * a, 1.5) - mu_a**2
    var_b = ndimage.gaussian_filter(b * b, 1.5) - mu_b**2
    cov = ndimage.gaussian_filter(a * b, 1.5) - mu_a * mu_b
    index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    )
    return float(np.clip(index.mean(), -1, 1))


def _grey(img: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(img @ np.array([0.299, 0.587, 0.114]))


def _histogram(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    def hist(img: NDArray[np.float64]) -> NDArray[np.float64]:
        q = (img // 64).astype(np.int64).reshape(-1, 3)
        counts = np.bincount(q[:, 0] * 16 + q[:, 1] * 4 + q[:, 2], minlength=64)
        return np.asarray(counts / max(1, counts.sum()), dtype=np.float64)

    return float(np.minimum(hist(a), hist(b)).sum())


def normalised(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").casefold()).strip()


def _png(img: NDArray[np.float64]) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def compare(reference: Reference, rendered: Rendered) -> Visual:
    """The preview against the input, at the input's scale."""
    ref = _crop(_decode(reference.image), reference.box, reference.scale)
    out = _crop(_decode(rendered.png), rendered.box, rendered.scale)
    ref_w, ref_h = ref.shape[1] / reference.scale, ref.shape[0] / reference.scale
    out_w, out_h = out.shape[1] / rendered.scale, out.shape[0] / rendered.scale
    size = {"width": round(out_w / ref_w, 3), "height": round(out_h / ref_h, 3)}
    same = np.asarray(
        Image.fromarray(out.astype(np.uint8)).resize(
            (ref.shape[1], ref.shape[0]), Image.Resampling.BILINEAR
        ),
        dtype=np.float64,
    )
    # Colours are measured on each image as it is: resampled to the other's size, thin
    # strokes blur towards the surface and read lighter than they are painted.
    s_ref, s_out = _surface(ref), _surface(out)
    # Neither shows text (a bar, a bare control): no text colour to compare, whatever marks
    # the strokes' measure finds at their edges.
    worded = bool(normalised(reference.text) or normalised(rendered.text))
    ink_ref = _ink(ref, s_ref, reference.scale) if worded else None
    ink_out = _ink(out, s_out, rendered.scale) if worded else None
    seen = {
        "reference": (s_ref, ink_ref, _border(ref, s_ref), ref_w, ref_h),
        "preview": (s_out, ink_out, _border(out, s_out), out_w, out_h),
    }
    colours = {
        name: _delta(seen["reference"][i], seen["preview"][i])
        for i, name in enumerate(("surface", "text", "border"))
    }
    measured: dict[str, dict[str, object]] = {
        side: {
            "width": round(w, 1),
            "height": round(h, 1),
            **{n: _hex(c) for n, c in zip(("surface", "text", "border"), (a, b, c), strict=True)},
        }
        for side, (a, b, c, w, h) in seen.items()
    }
    structural = round(ssim(_grey(ref), _grey(same)), 3)
    histogram = round(_histogram(ref, same), 3)
    want, got = normalised(reference.text), normalised(rendered.text)
    similarity = difflib.SequenceMatcher(None, want, got).ratio() if want or got else 1.0
    text: dict[str, object] = {
        "expected": reference.text,
        "rendered": rendered.text,
        "exact": want == got,
        "similarity": round(similarity, 3),
    }
    reasons = []
    size_ok = all(abs(v - 1) <= SIZE_TOLERANCE for v in size.values())
    if not size_ok:
        reasons.append(
            f"the box is {out_w:.0f}x{out_h:.0f} px; the screenshot's is {ref_w:.0f}x{ref_h:.0f}"
        )
    for name, delta in colours.items():
        if delta is None:
            reasons.append(f"the {name} colour is in one image and not the other")
        elif delta >= COLOUR_DELTA:
            reasons.append(f"the {name} colour differs (ΔE2000 {delta:.1f})")
    if reference.text is not None and similarity < TEXT_SIMILARITY:
        reasons.append(f"the text reads {rendered.text!r}; the screenshot shows {reference.text!r}")
    if structural < SSIM_PASS:
        reasons.append(f"the layout differs (SSIM {structural:.2f})")
    parts = {
        "ssim": max(0.0, structural),
        "text": similarity if reference.text is not None else 1.0,
        "size": max(0.0, 1 - sum(abs(v - 1) for v in size.values())),
        "surface": _colour_score(colours["surface"]),
        "text_colour": _colour_score(colours["text"]),
        "histogram": histogram,
    }
    score = round(sum(WEIGHTS[k] * v for k, v in parts.items()), 3)
    difference = np.abs(ref - same)
    return Visual(
        score=score,
        passed=not reasons,
        size=size,
        colours=colours,
        text=text,
        ssim=structural,
        histogram=histogram,
        reasons=reasons,
        measured=measured,
        text_offset=text_offset(ref, same, (s_ref, _surface(same)), reference.scale)
        if worded and same.shape == ref.shape
        else None,
        images={
            "reference": _png(ref),
            "preview": _png(same),
            "difference": _png(255 - difference),
        },
    )


def _hex(colour: NDArray[np.float64] | None) -> str | None:
    if colour is None:
        return None
    return "#" + "".join(f"{round(float(min(255, max(0, c)))):02x}" for c in colour)


def _colour_score(delta: float | None) -> float:
    return 0.0 if delta is None else max(0.0, 1 - delta / 20)
