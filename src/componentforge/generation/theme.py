"""Design tokens as shadcn/ui theme variables (oklch, scoped to the component) and Tailwind
classes (radius, spacing, typography, shadow) that tailwind-merge lets win over the pattern's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from componentforge.colours import oklch, parse_rgba
from componentforge.schemas.tokens import DesignTokens

# Token colour → shadcn theme variable. `page_background` is shadcn's --background; the
# component's own surface and text (`background`, `foreground`) become classes instead, since
# --background/--foreground mean the page's.
THEME_VARIABLES = {
    "primary": "--primary",
    "primary_foreground": "--primary-foreground",
    "secondary": "--secondary",
    "secondary_foreground": "--secondary-foreground",
    "accent": "--accent",
    "accent_foreground": "--accent-foreground",
    "destructive": "--destructive",
    "destructive_foreground": "--destructive-foreground",
    "muted": "--muted",
    "muted_foreground": "--muted-foreground",
    "page_background": "--background",
    "card": "--card",
    "card_foreground": "--card-foreground",
    "popover": "--popover",
    "popover_foreground": "--popover-foreground",
    "border": "--border",
    "input": "--input",
    "ring": "--ring",
}
WEIGHTS = {
    100: "font-thin",
    200: "font-extralight",
    300: "font-light",
    400: "font-normal",
    500: "font-medium",
    600: "font-semibold",
    700: "font-bold",
    800: "font-extrabold",
    900: "font-black",
}
SHADOWS = {"none": "shadow-none", "sm": "shadow-sm", "md": "shadow-md", "lg": "shadow-lg"}
FONT_FAMILY = re.compile(r"^[A-Za-z0-9 _-]{1,64}$")
# A named family keeps its kind when it is missing: Tailwind's stacks for sans, serif and mono.
STACKS = {
    "sans": "ui-sans-serif, system-ui, sans-serif",
    "serif": 'ui-serif, Georgia, Cambria, "Times New Roman", Times, serif',
    "mono": 'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Courier New", monospace',
}
MONO = re.compile(r"mono|code|courier|consolas|menlo|monaco|inconsolata|hack\b", re.I)
SERIF = re.compile(
    r"serif|georgia|times|garamond|baskerville|palatino|cambria|merriweather|"
    r"playfair|lora|bodoni|didot|charter|caslon|crimson|libre baskerville|book antiqua",
    re.I,
)


@dataclass
class Theme:
    variables: dict[str, str] = field(default_factory=dict)  # --primary: oklch(...)
    classes: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)  # token name → the value written
    warnings: list[str] = field(default_factory=list)


def font_kind(family: str) -> str:
    """sans, serif or mono: which generic stack a family falls back to."""
    if MONO.search(family):
        return "mono"
    if re.search(r"\bsans\b", family, re.I):
        return "sans"
    return "serif" if SERIF.search(family) else "sans"


def family_class(family: str) -> str:
    """The class that sets a family: its kind's, whose variable the theme points at it."""
    return f"font-{font_kind(family)}"


def px(value: float) -> str:
    return f"{round(value, 2):g}px"


def build_theme(tokens: DesignTokens) -> Theme:
    theme = Theme()
    colours = {k: v for k, v in tokens.colors.model_dump().items() if v is not None}
    for name, value in colours.items():
        rgba = parse_rgba(value)
        assert rgba is not None  # the token model holds valid colours only
        written = oklch(rgba[:3], rgba[3])
        theme.colours[name] = written
        if name in THEME_VARIABLES:
            theme.variables[THEME_VARIABLES[name]] = written
    # The component's own surface and text: a class, unless a theme role already paints it.
    themed = {colours[k] for k in THEME_VARIABLES if k in colours}
    for name, prefix in (("background", "bg"), ("foreground", "text")):
        if name in colours and colours[name] not in themed:
            theme.classes.append(f"{prefix}-[{theme.colours[name].replace(' ', '_')}]")
        elif name in colours:
            role = next(k for k in THEME_VARIABLES if colours.get(k) == colours[name])
            theme.colours[name] = theme.colours[role]
    b = tokens.border
    if b.radius_px is not None:
        theme.classes.append(
            "rounded-full" if b.radius_px >= 9999 else f"rounded-[{px(b.radius_px)}]"
        )
        theme.variables["--radius"] = px(min(b.radius_px, 9999))
    if b.width_px is not None:
        theme.classes.append("border-0" if b.width_px == 0 else f"border-[{px(b.width_px)}]")
    s = tokens.spacing
    for value, prefix in ((s.padding_x_px, "px"), (s.padding_y_px, "py"), (s.gap_px, "gap")):
        if value is not None:
            theme.classes.append(f"{prefix}-[{px(value)}]")
    t = tokens.typography
    if t.font_size_px is not None:
        theme.classes.append(f"text-[{px(t.font_size_px)}]")
    if t.line_height_px is not None:
        theme.classes.append(f"leading-[{px(t.line_height_px)}]")
    if t.font_weight is not None:
        nearest = min(WEIGHTS, key=lambda w: abs(w - (t.font_weight or 400)))
        theme.classes.append(WEIGHTS[nearest])
    if t.font_family:
        if FONT_FAMILY.fullmatch(t.font_family):
            kind = font_kind(t.font_family)
            theme.variables[f"--font-{kind}"] = f'"{t.font_family}", {STACKS[kind]}'
            theme.classes.append(family_class(t.font_family))
        else:
            theme.warnings.append(
                f"font family {t.font_family!r} left out: only letters, digits, spaces, - and _"
            )
    if tokens.shadow is not None:
        theme.classes.append(SHADOWS[tokens.shadow])
    return theme
