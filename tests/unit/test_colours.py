"""Colours as frontends write them: every CSS Color 4 form a designer or a design-token file
uses, with alpha kept; contrast and CIEDE2000 from ColorAide."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from componentforge.colours import contrast_ratio, delta_e_2000, oklch, over, parse_rgba
from componentforge.generation.theme import build_theme
from componentforge.schemas.tokens import Colors, DesignTokens
from componentforge.validation.contrast import check_contrast


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("#ABC", "#aabbcc"),
        ("#2563eb", "#2563eb"),
        ("#2563eb80", "#2563eb80"),
        ("#2563ebff", "#2563eb"),
        ("rebeccapurple", "#663399"),
        ("Transparent", "#00000000"),
        ("rgb(100% 0% 50%)", "#ff0080"),
        ("rgb(37, 99, 235)", "#2563eb"),
        ("rgba(37, 99, 235, 0.5)", "#2563eb80"),
        ("rgb(37 99 235 / 25%)", "#2563eb40"),
        ("hsl(210 50% 40%)", "#336699"),
        ("hsl(210deg, 50%, 40%, 0.5)", "#33669980"),
        ("oklch(0.5461 0.2152 262.88)", "#2563eb"),
        ("oklch(54.61% 0.2152 262.88 / 0.5)", "#2563eb80"),
        ("color(srgb 1 0 0)", "#ff0000"),
        ("221.2 83.2% 53.3%", "#2563eb"),  # shadcn's bare HSL triplet
    ],
)
def test_every_css_colour_form_is_accepted_and_alpha_kept(written: str, stored: str) -> None:
    assert Colors(primary=written).primary == stored


@pytest.mark.parametrize("bad", ["blurple", "#12", "#1234567", "rgb(1 2)", ""])
def test_what_is_not_a_colour_is_refused_plainly(bad: str) -> None:
    with pytest.raises(ValidationError, match="not a colour"):
        Colors(primary=bad)
    with pytest.raises(ValidationError, match="at most 200 characters"):
        Colors(primary="#" + "a" * 300)


def test_alpha_reaches_the_theme_as_oklch_with_alpha() -> None:
    theme = build_theme(DesignTokens.model_validate({"colors": {"primary": "#2563eb80"}}))
    assert theme.colours["primary"] == "oklch(0.5461 0.2152 262.88 / 0.502)"
    assert oklch((1.0, 1.0, 1.0)) == "oklch(1 0 0)"


def test_contrast_and_delta_e_match_the_standards() -> None:
    assert contrast_ratio((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)) == pytest.approx(21.0)
    grey = parse_rgba("#777777")
    assert grey is not None
    assert contrast_ratio(grey[:3], (1.0, 1.0, 1.0)) == pytest.approx(4.48, abs=0.01)
    # Sharma, Wu and Dalal's test data, pair 1 (L*a*b* given; here via sRGB): ΔE00 is zero
    # for a colour and itself, and symmetric.
    assert delta_e_2000((0.2, 0.4, 0.6), (0.2, 0.4, 0.6)) == 0
    assert delta_e_2000((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)) == pytest.approx(
        delta_e_2000((0.0, 0.0, 1.0), (1.0, 0.0, 0.0))
    )
    assert delta_e_2000((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)) == pytest.approx(52.88, abs=0.05)


def test_a_translucent_text_colour_is_judged_as_painted_over_its_surface() -> None:
    assert over((0.0, 0.0, 0.0, 0.5), (1.0, 1.0, 1.0)) == (0.5, 0.5, 0.5)
    pairs, _ = check_contrast({"foreground": "#00000040", "background": "#ffffff"})
    (pair,) = pairs
    assert pair.ratio < 2.5 and not pair.aa  # opaque black would be 21:1
