"""Telling a component's type where lossy coding blurs its shapes, and from a bar's two fills
whichever is the larger: drawn with Pillow, coded as a JPEG or WebP at quality 80."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.extraction.classify import RULES, classify
from componentforge.extraction.cues import text_cues
from componentforge.extraction.features import features
from componentforge.extraction.layout import Box
from componentforge.extraction.measure import tokens_from_layout
from componentforge.extraction.ocr import OcrLine
from componentforge.extraction.pixels import analyse
from componentforge.extraction.typeface import faces_in
from tests.support.drawing import Canvas

FACES = faces_in(DEFAULT_PATTERNS_DIR.parent / "validator" / "node_modules")
FACES_BY_NAME = {face.family: face for face in FACES}


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


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize("fill", ["#21ba45", "#db2828"])
def test_bold_white_letters_thickened_by_ringing_are_still_text(fmt: str, fill: str) -> None:
    # Fomantic's badge: "New" in 12 px bold white on a fill. Ringing widens the strokes to
    # 0.5-0.6 of the capitals' height, past the 0.4 that tells letters from a bar's
    # indicator: the layout found no text, and the badge was measured as a padded button.
    bold = FACES_BY_NAME["Arial"].bold
    canvas = Canvas(93, 74, page="#ffffff")
    canvas.box(24, 24, 45, 26, fill=fill, radius=4)
    canvas.text(35, 29, "New", "#ffffff", 12, face=bold)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.text is not None and layout.text.lines
    assert 7 <= layout.text.lines[0].cap_height <= 10
    assert layout.text.inside_body


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_an_outline_buttons_frame_is_found_under_a_halo_rows_deep(fmt: str) -> None:
    # Foundation's hollow button: a 1 px blue frame on white. Below it a JPEG leaves a halo
    # four or five rows deep; taken as the box's edge, it hid the frame (no border, a box
    # 5 px too tall). The frame, 8 px on, is the edge; the halo's step is a fraction of it.
    canvas = Canvas(123, 89, page="#ffffff")
    canvas.box(24, 24, 75, 41, fill="#ffffff", border="#1779ba", border_width=1)
    canvas.text(39, 36, "Cancel", "#1779ba", 14, face=FACES_BY_NAME["Arial"].regular)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.body == Box(24, 24, 99, 65)
    assert layout.border is not None and layout.border_width == 1
    tokens = tokens_from_layout(layout, "button")
    found, truth = parse_colour(tokens.colors.border or ""), parse_colour("#1779ba")
    assert found is not None and truth is not None and delta_e_2000(found, truth) < 5


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_checkbox_joined_to_its_label_by_the_halo_is_told_apart(fmt: str) -> None:
    # A 13 px box 5 px from its label: the halos between them join the box and the first
    # letters in one shape, letters more than box. Above the halo's contrast they part.
    canvas = Canvas(160, 74, page="#ffffff")
    canvas.box(24, 28, 13, 13, fill="#0075ff", radius=2)
    canvas.line([(27, 34), (30, 37), (34, 31)], "#ffffff", 2)
    canvas.text(42, 26, "Remember me", "#0a0a0a", 16, face=FACES_BY_NAME["Arial"].regular)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.body is not None and layout.body.x0 == 24 and layout.body.w == 13
    assert 12 <= layout.body.h <= 13
    assert classify(layout).component_type == "checkbox"


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_pale_pills_edge_is_kept_though_its_letters_stand_close(fmt: str) -> None:
    # Fomantic's grey badge: a #e8e8e8 pill, its dark letters 7 px in from each end. Its
    # edge is a fraction of the letters' contrast, like a halo's step, but the pixels after
    # it hold that contrast (a fill begins), where a halo's fall back.
    canvas = Canvas(85, 72, page="#ffffff")
    canvas.box(24, 24, 37, 24, fill="#e8e8e8", radius=12)
    canvas.text(31, 29, "Beta", "#5d5d5d", 12, face=FACES_BY_NAME["Arial"].bold)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.body is not None
    assert abs(layout.body.x0 - 24) <= 1 and abs(layout.body.x1 - 61) <= 1, layout.body


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_pale_framed_fields_corners_keep_their_radius(fmt: str) -> None:
    # shadcn's input: a #e5e5e5 frame, 8 px corners, white inside on a white page. Coding
    # smears the arc under half its contrast and opens gaps in it; through them the inside
    # counted as corner, and every field read as a pill.
    canvas = Canvas(288, 84, page="#ffffff")
    canvas.box(24, 24, 240, 36, fill="#ffffff", radius=8, border="#e5e5e5")
    canvas.text(37, 33, "Email address", "#737373", 14, face=FACES_BY_NAME["Arial"].regular)
    layout = analyse(coded(canvas, fmt), lossy=True)
    assert layout.radius is not None and abs(layout.radius - 8) <= 2, layout.radius


@pytest.mark.parametrize("at", [(21, 22), (21, 25)])
def test_a_pale_frame_is_found_behind_the_halo_outside_it(at: tuple[int, int]) -> None:
    # shadcn's outline button: a #e5e5e5 frame round white over a faint shadow. Placed so in
    # a WebP, the box starts a pixel early on a faint pixel outside the frame, too close to
    # white to be frame: that side's frame was then "0 px wide", and no border was reported.
    x, y = at
    canvas = Canvas(126, 85, page="#ffffff")
    canvas.shadow(x, y, 78, 36, 1, 1, 13)
    canvas.box(x, y, 78, 36, fill="#ffffff", radius=8, border="#e5e5e5")
    canvas.text(x + 16, y + 9, "Cancel", "#0a0a0a", 14, face=FACES_BY_NAME["Arial"].regular)
    tokens = tokens_from_layout(analyse(coded(canvas, "WEBP"), lossy=True), "button")
    assert tokens.colors.border is not None
    found, truth = parse_colour(tokens.colors.border), parse_colour("#e5e5e5")
    assert found is not None and truth is not None and delta_e_2000(found, truth) < 5


@pytest.mark.parametrize("x", [24, 26])
def test_a_frame_over_a_shadow_is_found_from_its_other_three_sides(x: int) -> None:
    # A shadcn card: a #e5e5e5 frame, a soft shadow below. In a lossy image the box takes in
    # the shadow's first rows, so the bottom side starts on shadow, not frame; the three
    # other sides agree on a 1 px frame, and it is the card's border.
    canvas = Canvas(370, 210, page="#ffffff")
    canvas.shadow(x, 20, 320, 153, 1, 2, 20)
    canvas.box(x, 20, 320, 153, fill="#ffffff", radius=14, border="#e5e5e5")
    layout = analyse(coded(canvas, "WEBP"), lossy=True)
    assert layout.border is not None and layout.border_width == 1
    found, truth = (
        parse_colour(tokens_from_layout(layout, "card").colors.border or ""),
        (parse_colour("#e5e5e5")),
    )
    assert found is not None and truth is not None and delta_e_2000(found, truth) < 5
