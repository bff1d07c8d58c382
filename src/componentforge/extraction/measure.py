"""Design tokens from a measured layout and the component's type: which measured colour is the
primary, which the surface, what the padding is in CSS terms."""

from __future__ import annotations

import math

from componentforge.colours import to_hex
from componentforge.extraction.layout import Colour, Layout, TextLine, colour_distance
from componentforge.schemas.tokens import Border, Colors, DesignTokens, Shadow, Spacing, Typography
from componentforge.schemas.vocabulary import ComponentType

# Glyph geometry of common UI sans fonts (DejaVu, Liberation, Inter, Arial) in em: the height
# of capitals and ascenders over the baseline, and how far the line box's top is above them
# with `line-height: normal`.
CAP_EM = 0.74
ABOVE_CAP_EM = 0.2
SIDE_BEARING_EM = 0.07
# Vertical stems over the font size at weight 400 and 700 in UI sans faces, as measured on
# real frameworks' text (400: 0.089-0.107; 500: 0.102-0.123; 600 and 700: 0.128-0.19); a
# weight between is read on the line through them, to the nearest 100.
REGULAR_STEM_EM = 0.096
BOLD_STEM_EM = 0.134
DRAWN_ON_PAGE = {"checkbox", "switch", "radio-group", "slider"}
PADDED = {"button", "badge", "card", "input", "textarea", "select", "alert", "tabs", "dialog"}
FILLED_PRIMARY = {"button", "badge", "avatar", "checkbox", "switch"}
CONTAINERS = {"card", "dialog"}
UNDERLINE_PX = 6  # a body this thin under a row of labels is a rule, not a surface


def hex_of(colour: Colour | None) -> str | None:
    return None if colour is None else to_hex(tuple(float(c) / 255 for c in colour))  # type: ignore[arg-type]


def main_line(lines: list[TextLine]) -> TextLine | None:
    """The body text: the size most glyphs are set in (a card's description, not its title)."""
    if not lines:
        return None
    by_size: dict[float, int] = {}
    for line in lines:
        by_size[line.cap_height] = by_size.get(line.cap_height, 0) + line.glyphs
    size = max(by_size, key=lambda k: (by_size[k], -k))
    return next(line for line in lines if line.cap_height == size)


def font_size(line: TextLine) -> float:
    return round(line.cap_height / CAP_EM)


def font_weight(line: TextLine) -> int:
    return weight_of_stems(line.stem_px / max(1.0, font_size(line)))


def weight_of_stems(ratio: float) -> int:
    """A CSS weight from the stems' thickness over the font size: 400 to 700 in steps of
    100 (thinner reads 400: at text sizes a light face's stems are too few pixels to tell;
    a heavier one 700, which the bold a browser synthesises also measures)."""
    weight = 400 + 300 * (ratio - REGULAR_STEM_EM) / (BOLD_STEM_EM - REGULAR_STEM_EM)
    return int(min(700, max(400, math.floor(weight / 100 + 0.5) * 100)))


def shadow_class(rows: int) -> Shadow:
    if rows == 0:
        return "none"
    if rows <= 4:
        return "sm"
    return "md" if rows <= 12 else "lg"


def _saturated(colour: Colour) -> float:
    """HSV saturation, zero for colours too dark or too grey to read as an accent."""
    high, low = float(colour.max()), float(colour.min())
    return 0.0 if high < 60 or high - low < 40 else (high - low) / high


def primary_colour(layout: Layout, kind: ComponentType) -> tuple[Colour | None, float]:
    """The accent: the dominant saturated fill, or the fill that plays its part in `kind`."""
    body, surface = layout.body, layout.surface
    if body is None or surface is None:
        return None, 0.0
    stands_out = float(colour_distance(surface[None, :], layout.page)[0]) > 14
    if kind in ("progress", "slider"):
        indicator, _ = _bar_parts(layout)
        return indicator, 0.8 if layout.inner_fill is not None else 0.4
    if kind == "tabs":
        return (layout.inner_colour, 0.7) if layout.inner_colour is not None else (None, 0.3)
    if kind in FILLED_PRIMARY and stands_out:
        return surface, 0.9
    inner = layout.inner_colour
    # A container's filled control (a card's or dialog's button) is its accent, whatever its
    # hue: shadcn's default primary is near black.
    if (
        kind in CONTAINERS
        and inner is not None
        and float(colour_distance(inner[None, :], surface)[0]) > 14
    ):
        return inner, 0.7
    # A saturated fill that covers a real area (a dialog's button, an alert's accent).
    total = sum(count for _, count in layout.fills) or 1
    for colour, count in layout.fills[:8]:
        if _saturated(colour) >= 0.35 and count / total >= 0.05:
            return colour, 0.6
    return None, 0.6


def background_colour(layout: Layout, kind: ComponentType) -> Colour | None:
    if kind in DRAWN_ON_PAGE:
        return layout.page
    if kind == "tabs" and layout.body is not None and layout.body.h <= UNDERLINE_PX:
        return layout.page  # underlined tabs: the body is the rule, the list has no fill
    if kind == "progress":
        return _bar_parts(layout)[1]
    return layout.surface


def _bar_parts(layout: Layout) -> tuple[Colour | None, Colour | None]:
    """A bar's indicator (filled from the left) and its track: whichever of the surface and
    the inner fill starts at the left end is the indicator."""
    body, inner = layout.body, layout.inner_fill
    if body is None or inner is None or layout.inner_colour is None:
        return layout.surface, layout.surface
    if inner.starts_at_left_of(body):
        return layout.inner_colour, layout.surface
    return layout.surface, layout.inner_colour


def inset(
    ink_left: float, cap_top: float, x0: float, y0: float, size: float
) -> tuple[float, float]:
    """CSS padding from where text's ink starts inside its box (x0, y0: within any border):
    less the glyph's side bearing, and less the gap between the line box's top and the
    capitals. Unrounded."""
    return ink_left - x0 - SIDE_BEARING_EM * size, cap_top - y0 - ABOVE_CAP_EM * size


def padding(layout: Layout, kind: ComponentType) -> tuple[float, float] | None:
    """CSS padding from where the first text sits in its box: the ink's offset less the
    glyph's side bearing, and less the gap between the line box's top and the capitals."""
    text, body = layout.text, layout.body
    if kind not in PADDED or text is None or body is None or not text.inside_body or not text.lines:
        return None
    first = text.lines[0]
    size = font_size(first)
    if kind == "tabs" and layout.inner_fill is not None and layout.inner_ink is not None:
        # The active trigger's own padding, from its label.
        trigger, ink = layout.inner_fill, layout.inner_ink
        pad_x, pad_y = inset(ink.x0, ink.y0, trigger.x0, trigger.y0, size)
        return max(0.0, round(pad_x)), max(0.0, round(pad_y))
    left = min(g.x0 for g in text.glyphs) if text.glyphs else first.box.x0
    frame = layout.border_width
    pad_x, pad_y = inset(left, first.cap_top, body.x0 + frame, body.y0 + frame, size)
    return max(0.0, round(pad_x)), max(0.0, round(pad_y))


def tokens_from_layout(layout: Layout, kind: ComponentType) -> DesignTokens:
    text = layout.text
    line = main_line(text.lines) if text else None
    primary, primary_conf = primary_colour(layout, kind)
    background = background_colour(layout, kind)
    pads = padding(layout, kind)
    radius = layout.radius
    if kind == "radio-group" and layout.round_marks:
        radius = 9999.0  # the radios are circles, whatever the largest shape was
    conf: dict[str, float] = {
        "colors.page_background": 0.95,
        "colors.primary": primary_conf,
        "colors.background": 0.9 if background is not None else 0.0,
        "colors.border": 0.85 if layout.border is not None else 0.7,
        "border.radius_px": 0.8 if radius is not None else 0.0,
        "shadow": 0.7,
    }
    colors = Colors(
        page_background=hex_of(layout.page),
        background=hex_of(background),
        primary=hex_of(primary),
        border=hex_of(layout.border),
        foreground=hex_of(text.colour) if text else None,
    )
    if kind in FILLED_PRIMARY and primary is not None and text and text.inside_body:
        colors.primary_foreground = hex_of(text.colour)
    typography = Typography()
    if line is not None and text is not None:
        size = font_size(line)
        typography = Typography(
            font_size_px=size,
            font_weight=font_weight(line),
            line_height_px=round(size * 1.15 * 2) / 2,
        )
        conf["colors.foreground"] = round(0.5 + 0.45 * text.coverage, 2)
        conf["typography.font_size_px"] = 0.75
        conf["typography.font_weight"] = 0.7
    spacing = Spacing()
    if pads is not None:
        spacing = Spacing(padding_x_px=pads[0], padding_y_px=pads[1], gap_px=_gap(layout))
        conf["spacing.padding_x_px"] = conf["spacing.padding_y_px"] = 0.75
    k = layout.scale  # measured on a reduced copy: lengths back in the image's pixels
    if k != 1:
        typography = typography.model_copy(
            update={
                f: None if getattr(typography, f) is None else getattr(typography, f) * k
                for f in ("font_size_px", "line_height_px")
            }
        )
        spacing = spacing.model_copy(
            update={
                f: None if getattr(spacing, f) is None else getattr(spacing, f) * k
                for f in ("padding_x_px", "padding_y_px", "gap_px")
            }
        )
    return DesignTokens(
        colors=colors,
        typography=typography,
        spacing=spacing,
        border=Border(
            radius_px=None if radius is None else (9999 if radius == 9999 else round(radius * k)),
            width_px=layout.border_width * k,
        ),
        shadow=shadow_class(layout.shadow_px * k),
        confidence=conf,
    )


def _gap(layout: Layout) -> float | None:
    """The space between the first two lines of text (a card's title and description)."""
    lines = layout.text.lines if layout.text else []
    if len(lines) < 2:
        return None
    return float(max(0, lines[1].box.y0 - lines[0].box.y1))
