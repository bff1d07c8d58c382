"""Design tokens: what extraction measures and generation applies. Colours are given in any
CSS Color 4 form and kept as `#rrggbb` (`#rrggbbaa` when not opaque); a value that is not
there is null."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from componentforge.colours import parse_rgba, to_hex

Shadow = Literal["none", "sm", "md", "lg"]


def _hex(value: str) -> str:
    rgba = parse_rgba(value)
    if rgba is None:
        raise ValueError(
            "not a colour: use a CSS colour (#rgb, #rrggbbaa, a name, rgb(), hsl(), oklch())"
        )
    return to_hex(rgba[:3], rgba[3])


Hex = Annotated[
    str,
    Field(
        max_length=200,
        description="Any CSS Color 4 colour; answered as #rrggbb, or #rrggbbaa when translucent",
        examples=["#2563eb", "rgb(37 99 235 / 80%)", "oklch(0.55 0.2 263)", "rebeccapurple"],
    ),
    AfterValidator(_hex),
]


class Colors(BaseModel):
    """shadcn/ui's theme names. `background` is the component's own surface, `page_background`
    the page around it (shadcn's `--background`)."""

    model_config = ConfigDict(extra="forbid")

    primary: Hex | None = None
    primary_foreground: Hex | None = None
    secondary: Hex | None = None
    secondary_foreground: Hex | None = None
    accent: Hex | None = None
    accent_foreground: Hex | None = None
    destructive: Hex | None = None
    destructive_foreground: Hex | None = None
    muted: Hex | None = None
    muted_foreground: Hex | None = None
    background: Hex | None = None
    page_background: Hex | None = None
    foreground: Hex | None = None
    card: Hex | None = None
    card_foreground: Hex | None = None
    popover: Hex | None = None
    popover_foreground: Hex | None = None
    border: Hex | None = None
    input: Hex | None = None
    ring: Hex | None = None


class Typography(BaseModel):
    model_config = ConfigDict(extra="forbid")

    font_family: str | None = Field(default=None, max_length=200)
    font_size_px: float | None = Field(default=None, gt=0, le=512)
    font_weight: int | None = Field(default=None, ge=100, le=1000)
    line_height_px: float | None = Field(default=None, gt=0, le=1024)


class Spacing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    padding_x_px: float | None = Field(default=None, ge=0, le=1024)
    padding_y_px: float | None = Field(default=None, ge=0, le=1024)
    gap_px: float | None = Field(default=None, ge=0, le=1024)


class Border(BaseModel):
    model_config = ConfigDict(extra="forbid")

    radius_px: float | None = Field(
        default=None, ge=0, le=9999, description="9999: fully rounded (a pill or a circle)"
    )
    width_px: float | None = Field(default=None, ge=0, le=64)


class DesignTokens(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "colors": {
                        "primary": "#2563eb",
                        "primary_foreground": "#ffffff",
                        "background": "#2563eb",
                        "page_background": "#ffffff",
                        "foreground": "#ffffff",
                        "border": None,
                    },
                    "typography": {"font_family": "Inter", "font_size_px": 14, "font_weight": 500},
                    "spacing": {"padding_x_px": 16, "padding_y_px": 8},
                    "border": {"radius_px": 6, "width_px": 0},
                    "shadow": "sm",
                }
            ]
        },
    )

    colors: Colors = Colors()
    typography: Typography = Typography()
    spacing: Spacing = Spacing()
    border: Border = Border()
    shadow: Shadow | None = None
    confidence: dict[str, float] = Field(
        default={}, description="Per field (e.g. `colors.primary`), 0..1"
    )
