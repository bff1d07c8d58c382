"""Colour primitives shared by extraction, validation and the token exports: parsing CSS colour
notations, WCAG luminance and contrast, and the HSL triplets shadcn/ui themes use."""

from __future__ import annotations

import colorsys
import re

RGB = tuple[float, float, float]


def parse_colour(value: str) -> RGB | None:
    """#rgb, #rrggbb, rgb(r g b), hsl(h s% l%) or shadcn's bare "222.2 47.4% 11.2%" → 0..1 RGB."""
    v = value.strip().lower()
    if m := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", v):
        h = m.group(1)
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    if m := re.fullmatch(r"rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+).*\)", v):
        return tuple(min(255.0, float(x)) / 255 for x in m.groups())  # type: ignore[return-value]
    if m := re.fullmatch(r"(?:hsla?\()?\s*([\d.]+)(?:deg)?[ ,]+([\d.]+)%[ ,]+([\d.]+)%.*?\)?", v):
        h, s, light = (float(x) for x in m.groups())
        return colorsys.hls_to_rgb((h % 360) / 360, min(light, 100) / 100, min(s, 100) / 100)
    return None


def luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def hsl_triplet(rgb: RGB) -> str:
    """shadcn's bare HSL, as in `--primary: 221.2 83.2% 53.3%`."""
    h, light, s = colorsys.rgb_to_hls(*rgb)
    return f"{_num(h * 360)} {_num(s * 100)}% {_num(light * 100)}%"


def _num(x: float) -> str:
    return f"{round(x, 1):g}"
