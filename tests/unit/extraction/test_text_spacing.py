"""Where the recogniser's text meets the ink: spaces it dropped put back at the gaps, and the
line height of a paragraph that wraps."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFont

from componentforge.extraction.layout import Box
from componentforge.extraction.ocr import _Piece, _respace
from componentforge.extraction.text_tokens import line_pitch
from componentforge.schemas.extraction import Rect, TextRun
from tests.support.drawing import Canvas, text_width


@pytest.mark.parametrize("off", [-4.0, -2.0, 0.0, 2.0, 4.0])
def test_a_dropped_space_goes_where_the_gap_is_when_the_recogniser_places_letters_off(
    off: float,
) -> None:
    # The recogniser's character centres fall a few pixels off the ink, the same way along
    # the run; the space between "later" and "in" must still go before the "i".
    shown, size = "this later in settings", 18
    c = Canvas(360, 60)
    c.text(10, 18, shown, "#111111", size)
    pixels = np.asarray(c.render())
    font = ImageFont.load_default(size=size)
    centres = [
        10 + (font.getlength(shown[:i]) + font.getlength(shown[: i + 1])) / 2 + off
        for i, ch in enumerate(shown)
        if ch != " "
    ]
    box = Box(6, 12, 10 + text_width(shown, size) + 6, 46)
    run = _Piece(box, shown.replace(" ", ""), 0.99, centres)
    assert [line.text for line in _respace(pixels, run)] == [shown]


def line(text: str, role: str, x: float, y: float, size: float = 16) -> TextRun:
    return TextRun(
        text=text,
        role=role,  # type: ignore[arg-type]
        box=Rect(x=x, y=y, width=200, height=size * 1.4),
        font_size_px=size,
        confidence=0.9,
    )


def test_a_wrapped_paragraph_gives_its_line_height_and_a_single_line_none() -> None:
    title = line("Monthly report", "title", 24, 20, 20)
    body = [line(t, "description", 24, y) for t, y in (("one", 60), ("two", 83), ("three", 105))]
    assert line_pitch([title, *body], body[0]) == 22.5  # the median of 23 and 22
    assert line_pitch([title, body[0]], body[0]) is None
    # Side by side, or a size apart, runs are no lines of one paragraph.
    beside = [line("left", "label", 0, 60), line("right", "label", 120, 83)]
    assert line_pitch(beside, beside[0]) is None
    small = [line("big", "description", 24, 60), line("small", "description", 24, 80, 12)]
    assert line_pitch(small, small[0]) is None
