"""Telling a component's type where lossy coding blurs its shapes, and from a bar's two fills
whichever is the larger: drawn with Pillow, coded as a JPEG or WebP at quality 80."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image

from componentforge.extraction.classify import RULES, classify
from componentforge.extraction.cues import text_cues
from componentforge.extraction.features import features
from componentforge.extraction.layout import Box
from componentforge.extraction.ocr import OcrLine
from componentforge.extraction.pixels import analyse
from tests.support.drawing import Canvas


def coded(canvas: Canvas, fmt: str) -> np.ndarray:
    buffer = io.BytesIO()
    canvas.render().save(buffer, fmt, quality=80)
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("share", [0.4, 0.6])
def test_a_framed_bar_is_a_progress_whichever_fill_is_larger(share: float) -> None:
    # Spectre's progress as a 3x capture read at 1x: a 24 px pill with a 3 px grey frame, the
    # indicator over 40% or 60% of it. Where the indicator is the larger fill, the grey rest
    # is the inner fill at the right end (before: only an inner fill at the left counted), and
    # the frame's rounded end, inside the right quarter, was taken for a select's chevron.
    canvas = Canvas(900, 200, page="#ffffff")
    canvas.box(72, 84, 720, 24, fill="#eeeeee", radius=12, border="#bcc3ce", border_width=3)
    canvas.box(72, 84, int(720 * share), 24, fill="#5755d9", radius=12)
    pixels = np.asarray(canvas.render())
    layout = analyse(pixels)
    cues = text_cues([], layout, pixels)
    assert cues is not None and not cues.end_glyph
    result = classify(layout, cues=cues)
    assert result.component_type == "progress", (result.component_type, result.alternatives)


def test_a_bar_split_at_either_end_scores_as_a_progress_alike() -> None:
    # The indicator over 40% is the inner fill at the left end; over 60%, the track's rest is
    # the inner fill at the right end. Both are a progress's two fills, and score the same
    # (before, the right-end split scored 1 less, and lost to a field where lossy noise had
    # added a line of "text").
    scores = []
    for share in (0.4, 0.6):
        canvas = Canvas(300, 80, page="#ffffff")
        canvas.box(30, 30, 240, 8, fill="#eeeeee", radius=4)
        canvas.box(30, 30, int(240 * share), 8, fill="#5755d9", radius=4)
        found = features(analyse(np.asarray(canvas.render())))
        assert found is not None and found.inner_share_w > 0
        assert found.inner_at_left if share < 0.5 else found.inner_at_right
        noisy = dataclasses.replace(found, lines=1, line_sizes=(6.0,), text_inside=True)
        scores.append(RULES["progress"](noisy))
    assert scores[0] == scores[1]


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_checkbox_keeps_its_square_box_through_the_ringing(fmt: str) -> None:
    # A 16 px checked box: ringing stands 2-3 rows above and below it, faint but off the page.
    # Cut at the first step, the box was 16 x 19 and its ends read as a pill: a radio.
    canvas = Canvas(240, 90, page="#ffffff")
    canvas.box(24, 34, 16, 16, fill="#5755d9", radius=2)
    canvas.line([(27, 42), (30, 45), (36, 38)], "#ffffff", 2)
    canvas.text(48, 33, "Remember me", "#3b4351", 16)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.body is not None and (layout.body.w, layout.body.h) == (16, 16), layout.body
    found = features(layout)
    assert found is not None and not found.round
    assert classify(layout).component_type == "checkbox"


def test_a_near_circle_reads_as_round() -> None:
    # A 20 px count whose corners measure 9 px (lossy coding fills a circle's corners in a
    # little): round for the classifier, as a circle, not a square box with rounded corners.
    canvas = Canvas(120, 90, page="#ffffff")
    canvas.box(40, 30, 20, 20, fill="#1779ba", radius=7)
    layout = analyse(np.asarray(canvas.render()))
    assert layout.radius is not None and 6 <= layout.radius < 9999
    square = features(layout)
    assert square is not None and not square.round
    canvas = Canvas(120, 90, page="#ffffff")
    canvas.box(40, 30, 20, 20, fill="#1779ba", radius=9)
    layout = analyse(np.asarray(canvas.render()))
    found = features(layout)
    assert found is not None and found.round, layout.radius


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_tab_strips_rule_is_the_body_though_lossy_words_outweigh_it(fmt: str) -> None:
    # Three labels over a 1 px rule with the active tab's 2 px underline. Coding's noise runs
    # each word's letters into one shape bigger than the rule, and thickens the rule to 5-6
    # rows: the rule across everything is still the strip's body, and the words over it tabs.
    canvas = Canvas(380, 110, page="#ffffff")
    for x, label, colour in ((28, "Account", "#5755d9"), (110, "Password", "#3b4351")):
        canvas.text(x, 40, label, colour, 18)
    canvas.text(200, 40, "Billing", "#3b4351", 18)
    canvas.box(24, 67, 320, 1, fill="#dadee4")
    canvas.box(24, 66, 66, 2, fill="#5755d9")
    pixels = coded(canvas, fmt)
    layout = analyse(pixels, lossy=True)
    assert layout.body is not None and layout.body.w >= 300, layout.body
    runs = [
        OcrLine(text, Box(x0, 35, x1, 61), 0.95)
        for text, x0, x1 in (("Account", 26, 100), ("Password", 108, 192), ("Billing", 198, 260))
    ]
    cues = text_cues(runs, layout, pixels)
    assert cues is not None and cues.row_over_rule
    assert classify(layout, cues=cues).component_type == "tabs"
