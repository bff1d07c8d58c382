"""Measurements on drawn images with exactly known values, and the classifier on each type."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.extraction.chroma import CB, CR, LUMA, TO_RGB, chroma_blur
from componentforge.extraction.classify import classify
from componentforge.extraction.frame import border_colour
from componentforge.extraction.layout import Box, unit
from componentforge.extraction.measure import tokens_from_layout, weight_of_stems
from componentforge.extraction.pixels import analyse
from componentforge.extraction.reading import read
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import COMPONENT_TYPES
from tests.support.drawing import DRAWINGS, Canvas, component_png


def measure(canvas: Canvas, kind: str = "button") -> DesignTokens:
    layout = analyse(np.asarray(canvas.render()))
    return tokens_from_layout(layout, kind)  # type: ignore[arg-type]


def close(a: str | None, b: str) -> bool:
    assert a is not None
    ca, cb = parse_colour(a), parse_colour(b)
    assert ca is not None and cb is not None
    return delta_e_2000(ca, cb) < 2


@pytest.mark.parametrize("radius", [0, 4, 8, 12])
def test_filled_box_fill_page_and_radius(radius: int) -> None:
    canvas = Canvas(page="#f8fafc")
    canvas.box(100, 80, 200, 44, fill="#16a34a", radius=radius)
    layout = analyse(np.asarray(canvas.render()))
    assert layout.body is not None and (layout.body.w, layout.body.h) == (200, 44)
    tokens = tokens_from_layout(layout, "button")
    assert tokens.colors.page_background == "#f8fafc"
    assert tokens.colors.background == "#16a34a" and tokens.colors.primary == "#16a34a"
    assert tokens.colors.border is None and tokens.border.width_px == 0
    assert tokens.border.radius_px is not None and abs(tokens.border.radius_px - radius) <= 1
    assert tokens.shadow == "none"


def test_a_pill_is_fully_rounded() -> None:
    canvas = Canvas()
    canvas.box(100, 80, 120, 32, fill="#7c3aed", radius=16)
    assert measure(canvas).border.radius_px == 9999


def test_border_colour_and_width_on_a_surface_the_colour_of_the_page() -> None:
    for width in (1, 2):
        canvas = Canvas(page="#ffffff")
        canvas.box(
            100, 80, 300, 120, fill="#ffffff", radius=10, border="#a1a1aa", border_width=width
        )
        tokens = measure(canvas, "card")
        assert tokens.colors.border == "#a1a1aa"
        assert tokens.border.width_px == width
        assert tokens.colors.background == "#ffffff"
        assert tokens.border.radius_px is not None and abs(tokens.border.radius_px - 10) <= 1.5


def test_a_border_is_found_where_an_inner_fill_of_its_colour_meets_one_side() -> None:
    # A bordered tab row whose selected first tab is filled in the border's colour: on the
    # left the frame runs on into the fill; the other three sides show the border.
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 320, 44, fill="#fefefe", border="#e6e6e6", border_width=1)
    canvas.box(101, 81, 90, 42, fill="#e6e6e6")
    tokens = measure(canvas, "tabs")
    assert tokens.colors.border is not None and close(tokens.colors.border, "#e6e6e6")
    assert tokens.border.width_px == 1
    # Two sides running on is no frame.
    canvas.box(329, 81, 90, 42, fill="#e6e6e6")
    assert measure(canvas, "tabs").colors.border is None


@pytest.mark.parametrize("radius", [0, 8])
def test_a_bar_half_filled_has_the_corners_it_is_drawn_with(radius: int) -> None:
    # Foundation's progress: square, a blue indicator over the left 60% of a grey track. The
    # blue and grey ends are measured each against its own colour.
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 240, 16, fill="#cacaca", radius=radius)
    canvas.box(100, 80, 144, 16, fill="#1779ba", radius=radius)
    if radius:
        canvas.box(120, 80, 124, 16, fill="#1779ba")  # the indicator's right end is square
    expected = 9999 if radius else 0
    assert measure(canvas, "progress").border.radius_px == expected


def test_a_control_is_the_body_though_a_blurred_word_beside_it_covers_more() -> None:
    # A 13 px checked box, and beside it a word whose letters ran together into one wider
    # shape (as a retina capture's reduced copy blurs them): a bar with eight strokes under
    # it, more pixels than the box but filling half its own box.
    c = Canvas(page="#ffffff")
    c.box(100, 100, 13, 13, fill="#0075ff", radius=2)
    c.box(122, 101, 48, 2, fill="#0a0a0a")
    for i in range(8):
        c.box(122 + 6 * i, 103, 2, 9, fill="#0a0a0a")
    layout = analyse(np.asarray(c.render()))
    assert layout.body is not None and (layout.body.w, layout.body.h) == (13, 13)
    assert classify(layout).component_type == "checkbox"


def test_shadows_are_seen_and_sized_without_moving_the_box() -> None:
    sizes = {}
    for name, (offset, blur) in {"none": (0, 0), "sm": (1, 1), "md": (4, 3)}.items():
        canvas = Canvas(page="#ffffff")
        if blur:
            canvas.shadow(100, 80, 300, 120, offset, blur, 26)  # 10 % black, as Tailwind
        canvas.box(100, 80, 300, 120, fill="#ffffff", radius=8, border="#d4d4d8")
        layout = analyse(np.asarray(canvas.render()))
        assert layout.body is not None and (layout.body.w, layout.body.h) == (300, 120), name
        sizes[name] = tokens_from_layout(layout, "card").shadow
    assert sizes == {"none": "none", "sm": "sm", "md": "md"}


def test_text_colour_size_weight_and_padding() -> None:
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 220, 48, fill="#fef3c7", radius=6)
    canvas.text(124, 92, "Save changes", "#7c2d12", 20)
    tokens = measure(canvas, "button")
    assert close(tokens.colors.foreground, "#7c2d12")
    size = tokens.typography.font_size_px
    # Pillow's bundled font has capitals of 0.70 em; the estimate assumes UI fonts' 0.74.
    assert size is not None and abs(size - 20) <= 2
    assert tokens.typography.font_weight == 400
    assert tokens.spacing.padding_x_px is not None and abs(tokens.spacing.padding_x_px - 24) <= 3


def test_an_empty_page_has_no_component() -> None:
    layout = analyse(np.full((100, 160, 3), 250, dtype=np.uint8))
    assert layout.body is None and layout.text is None
    assert classify(layout).confidence < 0.5


def test_jpeg_noise_does_not_move_the_colours() -> None:
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 200, 44, fill="#dc2626", radius=8)
    buffer = io.BytesIO()
    canvas.render().save(buffer, format="JPEG", quality=80)
    layout = analyse(np.asarray(Image.open(buffer).convert("RGB")))
    tokens = tokens_from_layout(layout, "button")
    assert close(tokens.colors.background, "#dc2626")
    assert close(tokens.colors.page_background, "#ffffff")


@pytest.mark.parametrize("kind", sorted(DRAWINGS))
def test_classifier_names_each_type(kind: str) -> None:
    image = Image.open(io.BytesIO(component_png(kind)))
    result = classify(analyse(np.asarray(image.convert("RGB"))))
    assert result.component_type == kind, (result.component_type, result.alternatives)
    assert 0 < result.confidence <= 1
    assert len(result.alternatives) == 3 and all(a[0] != kind for a in result.alternatives)


def test_every_type_has_a_drawing() -> None:
    assert set(DRAWINGS) == set(COMPONENT_TYPES)


def test_a_hint_settles_a_close_call() -> None:
    layout = analyse(np.asarray(Image.open(io.BytesIO(component_png("input"))).convert("RGB")))
    assert classify(layout).component_type == "input"
    assert classify(layout, hint="select").component_type == "select"


def test_an_enormous_component_is_measured_on_a_reduced_copy_in_image_pixels() -> None:
    """Memory per image is bounded: a component over ANALYSIS_MAX_PIXELS is measured on a
    box-filtered copy, and its lengths come back in the image's own pixels."""
    small = Image.open(io.BytesIO(component_png("card")))
    big = small.resize((small.width * 7, small.height * 7), Image.Resampling.NEAREST)
    one = analyse(np.asarray(small.convert("RGB")))
    seven = analyse(np.asarray(big.convert("RGB")))
    assert one.scale == 1 and seven.scale == 2 and (seven.width, seven.height) == big.size
    a, b = tokens_from_layout(one, "card"), tokens_from_layout(seven, "card")
    assert a.typography.font_size_px and b.typography.font_size_px
    assert abs(b.typography.font_size_px - 7 * a.typography.font_size_px) <= 2 * 7 * 0.5
    assert a.spacing.padding_y_px and b.spacing.padding_y_px
    assert abs(b.spacing.padding_y_px - 7 * a.spacing.padding_y_px) <= 2 * 7 * 0.5
    assert b.colors.foreground == a.colors.foreground and b.colors.background == a.colors.background


def lossy(canvas: Canvas, fmt: str) -> np.ndarray:
    buffer = io.BytesIO()
    canvas.render().save(buffer, fmt, quality=80)
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize(
    ("border", "fill", "within"),
    [
        ("#4b48d6", "#5755d9", 4.0),  # a darker rim on a fill: 5.3 before its hue was fitted
        ("#16a34a", "#f0fdf4", 7.0),  # its hue bled inwards, so no frame was found at all
        ("#dc2626", "#ffffff", 9.0),  # red on white loses much of its hue to the 2x2 blocks
        ("#5755d9", "#ffffff", 4.0),  # 7.5 before: the tint spread onto white is clipped
        ("#1779ba", "#ffffff", 4.0),  # 24 before: a pale pixel of bled hue counted as frame
    ],
)
def test_a_thin_border_in_a_lossy_image_is_found_with_its_hue(
    fmt: str, border: str, fill: str, within: float
) -> None:
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 160, 40, fill=fill, radius=4, border=border, border_width=1)
    tokens = tokens_from_layout(analyse(lossy(canvas, fmt), lossy=True), "button")
    assert tokens.border.width_px == 1 and tokens.colors.border is not None
    found, truth = parse_colour(tokens.colors.border), parse_colour(border)
    assert found is not None and truth is not None
    assert delta_e_2000(found, truth) < within, tokens.colors.border


def test_a_frames_hue_is_fitted_back_from_chroma_blurred_as_modelled() -> None:
    # A 1 px frame whose chroma was blurred exactly as the model says: the fit gets it back.
    img = np.full((60, 120, 3), 255.0)
    img[10:50, 10:110] = parse_colour_rgb("#2563eb")
    img[11:49, 11:109] = parse_colour_rgb("#ffffff")
    ycc = np.stack([img @ LUMA, img @ CB, img @ CR], axis=-1)
    for channel in (1, 2):
        ycc[:, :, channel] = chroma_blur(ycc[:, :, channel])
    blurred = ycc @ TO_RGB.T
    colour = border_colour(
        blurred,
        Box(10, 10, 110, 50),
        np.arange(26, 34),
        np.arange(50, 70),
        1,
        np.full(3, 255.0),
        np.full(3, 255.0),
    )
    assert colour is not None
    assert np.abs(colour - parse_colour_rgb("#2563eb")).max() < 3, colour


def parse_colour_rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_white_letters_thickened_by_lossy_coding_are_no_inner_fill(fmt: str) -> None:
    # Ringing thickens white strokes on a fill enough to outlast the opening that drops
    # letters (before: 5 of these 8 buttons had an "inner fill", read as a tab's highlight);
    # what survives is a spread of colours, where a knob or a highlight is one colour.
    for size in (14, 16, 18, 20):
        for bold in (False, True):
            button = Canvas(240, 100, page="#ffffff")
            button.box(30, 30, 150, 40, fill="#1779ba", radius=3)
            for dx in (0, 1) if bold else (0,):
                button.text(44 + dx, 38, "Save changes", "#ffffff", size)
            found = analyse(lossy(button, fmt), lossy=True).inner_fill
            assert found is None, (size, bold, found)
    switch = Canvas(240, 100, page="#ffffff")
    switch.box(60, 30, 88, 44, fill="#2563eb", radius=22)
    switch.circle(107, 33, 38, fill="#ffffff")
    knob = analyse(lossy(switch, fmt), lossy=True).inner_fill
    assert knob is not None and knob.h >= 30, knob


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_a_retina_capture_shows_a_frame_close_to_its_fill_and_no_frame_where_none_is(
    fmt: str,
) -> None:
    # At 2x the frame is two coded pixels and the layout is measured at CSS size, where the
    # averaging smooths the ringing out: a frame ΔE 3.9 off its fill stands clear of it
    # (before, the 1x ringing allowance hid it), and a plain fill's edge is still no frame.
    def button(border: str | None) -> np.ndarray:
        canvas = Canvas(480, 200, page="#ffffff")
        canvas.box(80, 60, 240, 72, fill="#5755d9", radius=4, border=border, border_width=2)
        canvas.text(120, 80, "Save", "#ffffff", 28)
        return lossy(canvas, fmt)

    framed = read(button("#4b48d6"), dpi=None, given=2.0, reader=None, lossy=True).layout
    assert framed.border is not None and framed.border_width == 1
    found, truth = unit(framed.border), parse_colour("#4b48d6")
    assert truth is not None and delta_e_2000(found, truth) < 5
    plain = read(button(None), dpi=None, given=2.0, reader=None, lossy=True).layout
    assert plain.border is None, plain.border


def test_a_weight_between_regular_and_bold_is_read_between() -> None:
    # shadcn sets labels in font-medium (500) and badges in font-semibold (600); read as
    # regular or bold only, a medium button label came out 700, 200 off.
    assert weight_of_stems(0.09) == 400 and weight_of_stems(0.05) == 400
    assert weight_of_stems(0.108) == 500
    assert weight_of_stems(0.121) == 600
    assert weight_of_stems(0.134) == 700 and weight_of_stems(0.25) == 700
    ratios = [0.08 + 0.005 * i for i in range(20)]
    weights = [weight_of_stems(r) for r in ratios]
    assert weights == sorted(weights)


def test_a_cards_near_black_button_is_its_primary() -> None:
    # shadcn's default theme: the card's button is #171717, no saturated fill anywhere (the
    # accent had been looked for among saturated fills only, and the card had none).
    canvas = Canvas(page="#ffffff")
    canvas.box(100, 80, 320, 150, fill="#ffffff", radius=12, border="#e5e5e5")
    canvas.text(124, 104, "Create project", "#0a0a0a", 16)
    canvas.text(124, 130, "Deploy your new project in one click.", "#737373", 14)
    canvas.box(124, 170, 76, 36, fill="#171717", radius=8)
    canvas.text(138, 180, "Deploy", "#fafafa", 14)
    tokens = measure(canvas, "card")
    assert tokens.colors.primary is not None and close(tokens.colors.primary, "#171717")
    assert tokens.colors.background == "#ffffff"
