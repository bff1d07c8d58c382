"""WCAG 2.x contrast of the design tokens' colour pairs."""

from __future__ import annotations

from componentforge.colours import contrast_ratio, over, parse_colour, parse_rgba
from componentforge.schemas.report_parts import ContrastPair

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


def check_contrast(colours: dict[str, str]) -> tuple[list[ContrastPair], list[str]]:
    """Every known pair present in `colours` (keys in snake or kebab case); unreadable values."""
    norm = {k.replace("-", "_"): v for k, v in colours.items() if isinstance(v, str) and v}
    unreadable = [k for k, v in norm.items() if parse_colour(v) is None]
    results = []
    for fg, bg, description, text in PAIRS:
        a, b = norm.get(fg), norm.get(bg)
        rgba_a, rgb_b = (parse_rgba(a) if a else None), (parse_colour(b) if b else None)
        if rgba_a is None or rgb_b is None:
            continue
        # A translucent foreground is seen composited over its background.
        ratio = round(contrast_ratio(over(rgba_a, rgb_b), rgb_b), 2)
        aa = ratio >= (4.5 if text else 3.0)
        aaa = ratio >= (7.0 if text else 4.5)
        results.append(
            ContrastPair(
                foreground=fg,
                background=bg,
                description=description,
                ratio=ratio,
                text=text,
                aa=aa,
                aaa=aaa,
            )
        )
    return results, unreadable
