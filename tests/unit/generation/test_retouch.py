"""The offline visual fix's next tokens, from a visual check's measures."""

from __future__ import annotations

from componentforge.generation.retouch import retouched
from componentforge.generation.shown import Nudge
from componentforge.schemas.report_parts import Offset
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
    spacing = fixed.tokens.spacing
    assert (spacing.padding_x_px, spacing.padding_y_px) == (16.0, 7.5)


def test_a_checkbox_or_switch_is_never_padded_to_make_up_its_size() -> None:
    # The control is drawn at its measured size: padding on it hides the tick or the knob.
    for pattern in ("shadcn-checkbox", "shadcn-switch", "shadcn-progress"):
        assert retouched(DesignTokens(), smaller_than_its_screenshot(), pattern) is None


def text_off_by(x: float, y: float) -> VisualCheck:
    """A preview of the right size and colours whose text stands (x, y) CSS px off."""
    same = smaller_than_its_screenshot().measured["reference"]
    check = smaller_than_its_screenshot().model_copy(
        update={"measured": {"reference": same, "preview": same}}
    )
    return check.model_copy(update={"text_offset": Offset(x=x, y=y)})


def test_text_that_stands_off_the_screenshots_is_moved_back_and_the_moves_add_up() -> None:
    tokens = DesignTokens()
    first = retouched(tokens, text_off_by(0.2, 1.0), "shadcn-button")
    assert first is not None and first.nudge == Nudge(0.0, -1.0)  # 0.2 px across: left alone
    assert first.tokens == tokens
    second = retouched(tokens, text_off_by(-1.6, 0.5), "shadcn-button", first.nudge)
    assert second is not None and second.nudge == Nudge(1.5, -1.0)
    # in place: nothing to change
    assert retouched(tokens, text_off_by(0.0, 0.4), "shadcn-button", second.nudge) is None
    # never farther than the limit
    far = retouched(tokens, text_off_by(0, -5), "shadcn-input", Nudge(0, 4))
    assert far is not None and far.nudge == Nudge(0, 6)


def test_text_is_not_moved_where_no_part_of_the_composition_can_move_it() -> None:
    for pattern in ("shadcn-progress", "shadcn-avatar", "shadcn-slider"):
        assert retouched(DesignTokens(), text_off_by(0, 2), pattern) is None
