"""The offline visual fix's next tokens, from a visual check's measures."""

from __future__ import annotations

from componentforge.generation.retouch import retouched
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import VisualCheck


def smaller_than_its_screenshot() -> VisualCheck:
    """The preview 120x21 where the screenshot's box measured 128x24; colours alike."""
    box = {"surface": "#ffffff", "text": "#3b4351", "border": None}
    return VisualCheck(
        score=0.8,
        passed=False,
        size={"width": 0.938, "height": 0.875},
        colours={"surface": 0.0, "text": 0.0, "border": 0.0},
        text={"exact": True, "similarity": 1.0},
        ssim=0.47,
        histogram=0.9,
        reasons=["the layout differs (SSIM 0.47)"],
        measured={
            "reference": {"width": 128, "height": 24, **box},
            "preview": {"width": 120, "height": 21, **box},
        },
    )


def test_a_button_smaller_than_its_screenshot_gets_the_padding_that_makes_it_up() -> None:
    tokens = DesignTokens.model_validate({"spacing": {"padding_x_px": 12, "padding_y_px": 6}})
    fixed = retouched(tokens, smaller_than_its_screenshot(), "shadcn-badge")
    assert fixed is not None
    assert (fixed.spacing.padding_x_px, fixed.spacing.padding_y_px) == (16.0, 7.5)


def test_a_checkbox_or_switch_is_never_padded_to_make_up_its_size() -> None:
    # The control is drawn at its measured size: padding on it hides the tick or the knob.
    for pattern in ("shadcn-checkbox", "shadcn-switch", "shadcn-progress"):
        assert retouched(DesignTokens(), smaller_than_its_screenshot(), pattern) is None
