"""WCAG 2.x contrast of the design tokens' colour pairs."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

# (foreground token, background token, what it is, text?) — shadcn's pairing of theme colours.
PAIRS = [
    ("foreground", "background", "body text on the background", True),
    ("primary_foreground", "primary", "text on primary buttons and badges", True),
    ("secondary_foreground", "secondary", "text on secondary surfaces", True),
    ("muted_foreground", "background", "muted text on the background", True),
    ("muted_foreground", "muted", "muted text on muted surfaces", True),
    ("accent_foreground", "accent", "text on accent surfaces", True),
    ("destructive_foreground", "destructive", "text on destructive buttons", True),
    ("card_foreground", "card", "text on cards", True),
    ("popover_foreground", "popover", "text in popovers", True),
    ("primary", "background", "primary controls against the background", False),
]


def parse_colour(value: str) -> tuple[float, float, float] | None:
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


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class PairResult:
    foreground: str
    background: str
    description: str
    ratio: float
    text: bool
    aa: bool
    aaa: bool

    @property
    def required(self) -> float:
        return 4.5 if self.text else 3.0


def check_contrast(colours: dict[str, str]) -> tuple[list[PairResult], list[str]]:
    """Every known pair present in `colours` (keys in snake or kebab case); unreadable values."""
    norm = {k.replace("-", "_"): v for k, v in colours.items() if isinstance(v, str) and v}
    unreadable = [k for k, v in norm.items() if parse_colour(v) is None]
    results = []
    for fg, bg, description, text in PAIRS:
        a, b = norm.get(fg), norm.get(bg)
        rgb_a, rgb_b = (parse_colour(a) if a else None), (parse_colour(b) if b else None)
        if rgb_a is None or rgb_b is None:
            continue
        ratio = round(contrast_ratio(rgb_a, rgb_b), 2)
        aa = ratio >= (4.5 if text else 3.0)
        aaa = ratio >= (7.0 if text else 4.5)
        results.append(PairResult(fg, bg, description, ratio, text, aa, aaa))
    return results, unreadable
