"""The visual check on images drawn here: the same picture passes; another size, surface,
text or layout fails and says which."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from componentforge.validation.visual import Reference, Rendered, compare, ssim
from tests.support.drawing import Canvas


def picture(
    width: int = 160,
    height: int = 48,
    fill: str = "#2563eb",
    text_at: tuple[int, int] | None = (20, 16),
    scale: int = 1,
    margin: int = 0,
) -> bytes:
    """A filled, bordered box with a white bar for text, on a white page."""
    image = Image.new("RGB", ((width + 2 * margin) * scale, (height + 2 * margin) * scale), "white")
    draw = ImageDraw.Draw(image)
    m = margin * scale
    draw.rectangle([m, m, m + width * scale - 1, m + height * scale - 1], fill=fill, outline="#111")
    if text_at is not None:
        x, y = (m + v * scale for v in text_at)
        draw.rectangle([x, y, x + 60 * scale, y + 12 * scale], fill="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def rendered(
    png: bytes,
    margin: int,
    width: int = 160,
    height: int = 48,
    scale: int = 1,
    text: str | None = "Save",
) -> Rendered:
    return Rendered(png=png, box=(margin, margin, width, height), text=text, scale=scale)


def test_the_same_picture_passes_at_any_scale() -> None:
    reference = Reference(image=picture(), text="Save")
    same = compare(reference, rendered(picture(margin=8), 8))
    assert same.passed and same.reasons == []
    assert same.ssim > 0.99 and same.size == {"width": 1.0, "height": 1.0}
    assert same.colours == {"surface": 0.0, "text": 0.0, "border": 0.0}
    assert same.text["exact"] is True and same.score > 0.99
    # a retina capture against a preview at the same scale
    retina = Reference(image=picture(scale=2), scale=2, text="Save")
    assert compare(retina, rendered(picture(scale=2, margin=8), 8, scale=2)).passed
    assert set(same.images) == {"reference", "preview", "difference"}


def test_another_surface_size_text_or_layout_fails_and_says_why() -> None:
    reference = Reference(image=picture(), text="Save")
    red = compare(reference, rendered(picture(fill="#dc2626", margin=8), 8))
    assert not red.passed and red.colours["surface"] is not None
    assert red.colours["surface"] > 10
    assert any("surface colour differs" in r for r in red.reasons)
    wide = compare(reference, rendered(picture(width=220, margin=8), 8, width=220))
    assert not wide.passed and wide.size["width"] > 1.3
    assert any("the box is 220x48" in r for r in wide.reasons)
    wrong = compare(reference, rendered(picture(margin=8), 8, text="Continue"))
    assert not wrong.passed and wrong.text["similarity"] < 0.5
    moved = compare(reference, rendered(picture(text_at=(90, 30), margin=8), 8))
    assert moved.ssim < 0.9 and moved.score < 0.97


def test_ssim_is_one_for_the_same_image_and_lower_for_noise() -> None:
    grey = np.asarray(Image.open(io.BytesIO(picture())).convert("L"), dtype=np.float64)
    noisy = grey + np.random.default_rng(1).normal(0, 40, grey.shape)
    assert ssim(grey, grey) > 0.999 and ssim(grey, noisy) < 0.6


def test_case_and_spacing_do_not_make_text_differ() -> None:
    reference = Reference(image=picture(), text="Save  changes")
    result = compare(reference, rendered(picture(margin=8), 8, text="save changes"))
    assert result.text["exact"] is True


def tab_strip(highlight: str, letters: str) -> bytes:
    """A dark strip with a thick highlight behind thin 'letters' (2 px strokes), as an active
    tab is drawn, at twice the scale."""
    image = Image.new("RGB", (320, 80), "#201f25")
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, 150, 72], fill=highlight)
    for x in range(24, 300, 14):
        draw.rectangle([x, 28, x + 3, 52], fill=letters)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_the_text_colour_is_the_strokes_not_a_fill_behind_them() -> None:
    # the fill stands out from the surface more than the grey letters do
    reference = Reference(image=tab_strip("#ffd84d", "#a3a3a3"), scale=2)
    other_fill = compare(reference, rendered(tab_strip("#4dd8ff", "#a3a3a3"), 0, 160, 40, 2))
    assert other_fill.colours["text"] == 0.0
    assert other_fill.measured["preview"]["text"] == "#a3a3a3"
    other_letters = compare(reference, rendered(tab_strip("#ffd84d", "#e11d48"), 0, 160, 40, 2))
    text_delta = other_letters.colours["text"]
    assert text_delta is not None and text_delta > 20


def test_with_no_text_on_either_side_the_text_colour_agrees() -> None:
    reference = Reference(image=picture(text_at=None), text="")
    bare = compare(reference, rendered(picture(text_at=None, fill="#1d4ed8"), 0, text=None))
    assert bare.colours["text"] == 0.0 and bare.measured["preview"]["text"] is None


def labelled(dx: int = 0, dy: int = 0, scale: int = 1, words: str = "Save changes") -> bytes:
    """A light button with a dark label whose text starts at (20 + dx, 14 + dy) CSS px."""
    c = Canvas(160 * scale, 44 * scale, page="#ffffff")
    c.box(0, 0, 160 * scale, 44 * scale, fill="#f1f5f9", border="#94a3b8")
    c.text((20 + dx) * scale, (14 + dy) * scale, words, "#0f172a", size=15 * scale)
    return c.png()


def test_the_text_offset_is_how_far_the_previews_text_stands_off_the_inputs() -> None:
    reference = Reference(image=labelled(), text="Save changes")
    for dx, dy in ((0, 0), (0, 1), (0, -2), (3, 1), (-1, 0)):
        preview = compare(reference, rendered(labelled(dx, dy), 0, 160, 44))
        assert preview.text_offset == (dx, dy)
    # at twice the scale, in CSS px still
    retina = Reference(image=labelled(scale=2), scale=2, text="Save changes")
    assert compare(retina, rendered(labelled(0, 2, scale=2), 0, 160, 44, 2)).text_offset == (0, 2)


def test_no_text_offset_without_text_or_without_a_near_shift_that_lines_them_up() -> None:
    reference = Reference(image=picture(text_at=None), text="")
    assert compare(reference, rendered(picture(text_at=None), 0, text=None)).text_offset is None
    # the line farther off than a nudge: no shift within reach is the answer, none is given
    reference = Reference(image=labelled(), text="Save changes")
    assert compare(reference, rendered(labelled(0, 11), 0, 160, 44)).text_offset is None


def test_a_strip_thinner_than_the_search_is_measured_not_crashed_on() -> None:
    # 5 px tall with text strokes in it: the shift looked for is cut to what the strip allows
    strip = Image.new("RGB", (100, 5), "white")
    ImageDraw.Draw(strip).rectangle([10, 1, 70, 3], fill="#111111")
    for x in range(12, 70, 4):
        ImageDraw.Draw(strip).line([(x, 0), (x, 4)], fill="white")
    buffer = io.BytesIO()
    strip.save(buffer, "PNG")
    reference = Reference(image=buffer.getvalue(), text="iiii")
    same = compare(
        reference, Rendered(png=buffer.getvalue(), box=(0, 0, 100, 5), text="iiii", scale=1)
    )
    assert same.text_offset == (0.0, 0.0)
