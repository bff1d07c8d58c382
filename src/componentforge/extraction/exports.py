"""Design tokens as files a frontend project uses: W3C design tokens (DTCG 2025.10) JSON,
shadcn/ui CSS custom properties (bare HSL triplets), and a Tailwind theme extension."""

from __future__ import annotations

import json
from typing import Any, Literal

from componentforge.colours import hsl_triplet, parse_colour
from componentforge.schemas.tokens import DesignTokens

ExportFormat = Literal["json", "css", "tailwind"]
MEDIA_TYPES: dict[ExportFormat, str] = {
    "json": "application/design-tokens+json",
    "css": "text/css; charset=utf-8",
    "tailwind": "text/javascript; charset=utf-8",
}
FILENAMES: dict[ExportFormat, str] = {
    "json": "tokens.tokens.json",
    "css": "tokens.css",
    "tailwind": "tailwind.theme.js",
}
# Tailwind's own shadow scale: (offset y, blur, spread, alpha) per layer.
SHADOWS: dict[str, list[tuple[int, int, int, float]]] = {
    "sm": [(1, 2, 0, 0.05)],
    "md": [(4, 6, -1, 0.1), (2, 4, -2, 0.1)],
    "lg": [(10, 15, -3, 0.1), (4, 6, -4, 0.1)],
}
FALLBACK_FONTS = ["ui-sans-serif", "system-ui", "sans-serif"]


def export_tokens(tokens: DesignTokens, fmt: ExportFormat) -> str:
    if fmt == "json":
        return json.dumps(design_tokens_json(tokens), indent=2) + "\n"
    if fmt == "css":
        return css_variables(tokens)
    return tailwind_theme(tokens)


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _colours(tokens: DesignTokens) -> dict[str, str]:
    return {k: v for k, v in tokens.colors.model_dump().items() if v is not None}


def _px(value: float) -> dict[str, Any]:
    return {"value": round(value, 2), "unit": "px"}


def design_tokens_json(tokens: DesignTokens) -> dict[str, Any]:
    """Groups color, font, spacing, border and shadow; each token has `$type` and `$value`."""
    out: dict[str, Any] = {}
    colours = {}
    for name, hex_value in _colours(tokens).items():
        rgb = parse_colour(hex_value)
        assert rgb is not None  # the model only holds valid colours
        value = {"colorSpace": "srgb", "components": [round(c, 4) for c in rgb], "hex": hex_value}
        colours[_kebab(name)] = {"$type": "color", "$value": value}
    if colours:
        out["color"] = colours
    t = tokens.typography
    font: dict[str, Any] = {}
    if t.font_family:
        font["family"] = {"$type": "fontFamily", "$value": [t.font_family, *FALLBACK_FONTS]}
    if t.font_size_px is not None:
        font["size"] = {"$type": "dimension", "$value": _px(t.font_size_px)}
    if t.font_weight is not None:
        font["weight"] = {"$type": "fontWeight", "$value": t.font_weight}
    if t.line_height_px is not None:
        font["line-height"] = {"$type": "dimension", "$value": _px(t.line_height_px)}
    if font:
        out["font"] = font
    spacing = {
        _kebab(k.removesuffix("_px")): {"$type": "dimension", "$value": _px(v)}
        for k, v in tokens.spacing.model_dump().items()
        if v is not None
    }
    if spacing:
        out["spacing"] = spacing
    border = {
        _kebab(k.removesuffix("_px")): {"$type": "dimension", "$value": _px(v)}
        for k, v in tokens.border.model_dump().items()
        if v is not None
    }
    if border:
        out["border"] = border
    if tokens.shadow is not None:
        layers = [
            {
                "color": {"colorSpace": "srgb", "components": [0, 0, 0], "alpha": alpha},
                "offsetX": _px(0),
                "offsetY": _px(y),
                "blur": _px(blur),
                "spread": _px(spread),
            }
            for y, blur, spread, alpha in SHADOWS.get(tokens.shadow, [])
        ]
        out["shadow"] = {"component": {"$type": "shadow", "$value": layers}}
    return out


def shadcn_variables(tokens: DesignTokens) -> dict[str, str]:
    """shadcn/ui's theme variables, each a bare HSL triplet (`221.2 83.2% 53.3%`).

    `page_background` is shadcn's `--background`. The component's own surface (`background`)
    becomes `--card` unless it is the primary fill (a filled button or badge); then the text
    colour is `--primary-foreground`, not the page's `--foreground`. `--input` falls back to
    the border and `--ring` to the primary colour."""
    c = _colours(tokens)
    filled = c.get("background") is not None and c.get("background") == c.get("primary")
    text = None if filled else c.get("foreground")
    chosen: dict[str, str | None] = {
        "background": c.get("page_background") or c.get("background"),
        "foreground": text,
        "card": c.get("card") or (None if filled else c.get("background")),
        "card-foreground": c.get("card_foreground") or text,
        "input": c.get("input") or c.get("border"),
        "ring": c.get("ring") or c.get("primary"),
    }
    for name in (
        "popover",
        "popover_foreground",
        "primary",
        "primary_foreground",
        "secondary",
        "secondary_foreground",
        "muted",
        "muted_foreground",
        "accent",
        "accent_foreground",
        "destructive",
        "destructive_foreground",
        "border",
    ):
        chosen[_kebab(name)] = c.get(name)
    if filled and not c.get("primary_foreground"):
        chosen["primary-foreground"] = c.get("foreground")
    out = {}
    for name, hex_value in chosen.items():
        rgb = parse_colour(hex_value) if hex_value else None
        if rgb is not None:
            out[name] = hsl_triplet(rgb)
    radius = tokens.border.radius_px
    if radius is not None:
        out["radius"] = "9999px" if radius >= 9999 else f"{round(radius / 16, 4):g}rem"
    return out


def css_variables(tokens: DesignTokens) -> str:
    lines = ["/* shadcn/ui theme variables, from ComponentForge's extraction */", ":root {"]
    lines += [f"  --{name}: {value};" for name, value in shadcn_variables(tokens).items()]
    if tokens.typography.font_family:
        family = ", ".join(_css_font(f) for f in [tokens.typography.font_family, *FALLBACK_FONTS])
        lines.append(f"  --font-sans: {family};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _css_font(name: str) -> str:
    return name if name in FALLBACK_FONTS else json.dumps(name)


def _flatten(entry: Any) -> Any:
    return entry["DEFAULT"] if isinstance(entry, dict) and entry.keys() == {"DEFAULT"} else entry


def tailwind_theme(tokens: DesignTokens) -> str:
    """`theme.extend` for tailwind.config: colours read the CSS variables, as shadcn does."""
    variables = shadcn_variables(tokens)
    colors: dict[str, Any] = {}
    for name in variables:
        if name == "radius":
            continue
        value = f"hsl(var(--{name}))"
        base = name.removesuffix("-foreground")
        if base != name and base in variables:
            colors.setdefault(base, {})["foreground"] = value
        elif base != name:
            colors[name] = value
        else:
            colors.setdefault(name, {})["DEFAULT"] = value
    colors = {k: _flatten(v) for k, v in colors.items()}
    extend: dict[str, Any] = {"colors": colors}
    if "radius" in variables:
        extend["borderRadius"] = {
            "lg": "var(--radius)",
            "md": "calc(var(--radius) - 2px)",
            "sm": "calc(var(--radius) - 4px)",
        }
    t = tokens.typography
    if t.font_family:
        extend["fontFamily"] = {"sans": ["var(--font-sans)", *FALLBACK_FONTS]}
    if t.font_size_px is not None:
        size: Any = f"{t.font_size_px:g}px"
        if t.line_height_px is not None:
            size = [size, {"lineHeight": f"{t.line_height_px:g}px"}]
        extend["fontSize"] = {"component": size}
    if t.font_weight is not None:
        extend["fontWeight"] = {"component": str(t.font_weight)}
    s = tokens.spacing
    spacing = {
        f"component-{axis}": f"{v:g}px"
        for axis, v in (("x", s.padding_x_px), ("y", s.padding_y_px), ("gap", s.gap_px))
        if v is not None
    }
    if spacing:
        extend["spacing"] = spacing
    if tokens.shadow in SHADOWS:
        extend["boxShadow"] = {
            "component": ", ".join(
                f"0 {y}px {blur}px {spread}px rgb(0 0 0 / {alpha:g})"
                for y, blur, spread, alpha in SHADOWS[tokens.shadow]
            )
        }
    body = json.dumps({"theme": {"extend": extend}}, indent=2)
    return (
        "/** Tailwind theme extension from ComponentForge's extraction; pair it with the CSS "
        "variables export. */\n"
        f"/** @type {{import('tailwindcss').Config}} */\nmodule.exports = {body}\n"
    )
