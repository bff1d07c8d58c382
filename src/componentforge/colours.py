"""Colour primitives shared by extraction, validation, generation and the token exports:
CSS Color 4 parsing (every form a designer or a design-token file writes: `#rgb`,
`#rrggbbaa`, named colours, `rgb()`/`hsl()` with numbers or percentages, `oklch()`, `color()`;
alpha kept), WCAG contrast, CIEDE2000, and the notations shadcn/ui themes use. Built on
ColorAide (a maintained CSS Color 4 implementation); shadcn's bare HSL triplet
("222.2 47.4% 11.2%") is read here, as CSS has no such form."""

from __future__ import annotations

import colorsys
import re

from coloraide import Color

RGB = tuple[float, float, float]
RGBA = tuple[float, float, float, float]
_TRIPLET = re.compile(r"([\d.]+)(?:deg)?[ ,]+([\d.]+)%[ ,]+([\d.]+)%(?:\s*/\s*([\d.]+)(%?))?")
_MAX_CHARS = 200


def parse_rgba(value: str) -> RGBA | None:
    """Any CSS colour → sRGB 0..1 and alpha (out-of-gamut colours mapped into sRGB)."""
    text = value.strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    if m := _TRIPLET.fullmatch(text):
        h, s, light = (float(x) for x in m.groups()[:3])
        alpha = 1.0 if m.group(4) is None else float(m.group(4)) / (100 if m.group(5) else 1)
        r, g, b = colorsys.hls_to_rgb((h % 360) / 360, min(light, 100) / 100, min(s, 100) / 100)
        return r, g, b, min(1.0, alpha)
    try:
        colour = Color(text)
    except ValueError:
        return None
    srgb = colour.convert("srgb").fit("srgb")
    r, g, b = (min(1.0, max(0.0, float(c))) for c in srgb.coords(nans=False))
    return r, g, b, float(srgb.alpha(nans=False))


def parse_colour(value: str) -> RGB | None:
    """Any CSS colour → opaque sRGB 0..1 (alpha left out: see `parse_rgba`)."""
    rgba = parse_rgba(value)
    return None if rgba is None else rgba[:3]


def over(top: RGBA, below: RGB) -> RGB:
    """`top` composited over an opaque `below` (source-over, in sRGB as browsers paint)."""
    r, g, b, a = top
    return (r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a))


def _srgb(rgb: RGB, alpha: float = 1.0) -> Color:
    return Color("srgb", list(rgb), alpha)


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance."""
    return float(_srgb(rgb).luminance())


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2.1 contrast ratio, 1..21."""
    return float(_srgb(a).contrast(_srgb(b), method="wcag21"))


def lightness_chroma(rgb: RGB) -> tuple[float, float]:
    """CIELAB lightness L* (0-100) and chroma C*: C* is 0 for greys, about 4-8 for the
    palest tints (#fef2f2, #f0fdf4), 60+ for saturated colours."""
    lab = _srgb(rgb).convert("lab")
    return float(lab["lightness"]), float((lab["a"] ** 2 + lab["b"] ** 2) ** 0.5)


def delta_e_2000(a: RGB, b: RGB) -> float:
    """CIEDE2000 colour difference."""
    return float(_srgb(a).delta_e(_srgb(b), method="2000"))


def to_hex(rgb: RGB, alpha: float = 1.0) -> str:
    """`#rrggbb`, or `#rrggbbaa` when the colour is not opaque."""
    channels = (*rgb, alpha) if alpha < 1 else rgb
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in channels)


def hsl_triplet(rgb: RGB) -> str:
    """shadcn's bare HSL, as in `--primary: 221.2 83.2% 53.3%`."""
    h, light, s = colorsys.rgb_to_hls(*rgb)
    return f"{_num(h * 360)} {_num(s * 100)}% {_num(light * 100)}%"


def _num(x: float) -> str:
    return f"{round(x, 1):g}"


def oklch(rgb: RGB, alpha: float = 1.0) -> str:
    """CSS `oklch(L C H)` (`/ alpha` when not opaque), as shadcn/ui's current themes write."""
    lightness, chroma, hue = (float(c) for c in _srgb(rgb).convert("oklch").coords(nans=False))
    hue = hue % 360 if chroma > 1e-4 else 0.0
    opacity = f" / {round(alpha, 3):g}" if alpha < 1 else ""
    return f"oklch({round(lightness, 4):g} {round(chroma, 4):g} {round(hue, 2):g}{opacity})"


def from_oklch(lightness: float, chroma: float, hue: float) -> RGB:
    srgb = Color("oklch", [lightness, chroma, hue]).convert("srgb").fit("srgb")
    r, g, b = (min(1.0, max(0.0, float(c))) for c in srgb.coords(nans=False))
    return r, g, b
