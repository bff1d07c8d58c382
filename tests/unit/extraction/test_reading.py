"""The text, the parts and the device scale factor, read from drawn images whose text, boxes
and scale are known exactly."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.extraction import scale as scales
from componentforge.extraction.content import read_content
from componentforge.extraction.cues import text_cues
from componentforge.extraction.intake import read_image
from componentforge.extraction.layout import Box
from componentforge.extraction.measure import tokens_from_layout
from componentforge.extraction.ocr import TextReader, _Piece, _respace
from componentforge.extraction.parts import anatomy
from componentforge.extraction.reading import Reading, read
from componentforge.extraction.text_tokens import with_run_padding, with_text_style
from componentforge.schemas.extraction import Content, Rect, TextRun
from componentforge.schemas.tokens import Colors, DesignTokens
from componentforge.schemas.vocabulary import ComponentType
from tests.support.drawing import Canvas, dark_tabs, gradient_button, project_card, text_width

READER = TextReader()


def field(placeholder: str, colour: str, *, chevron: bool = False) -> Canvas:
    c = Canvas(360, 120, page="#ffffff")
    c.box(30, 40, 280, 40, fill="#ffffff", radius=6, border="#d4d4d8")
    c.text(44, 51, placeholder, colour, 15)
    if chevron:
        c.line([(282, 56), (288, 62), (294, 56)], "#09090b", 2)
    return c


def reading_of(canvas: Canvas, **options: float | None) -> Reading:
    return read(
        np.asarray(canvas.render()),
        dpi=options.get("dpi"),
        given=options.get("given"),
        reader=READER,
    )


def test_the_text_is_read_exactly_in_reading_order() -> None:
    r = reading_of(project_card())
    assert [line.text for line in r.lines] == [
        "Create project",
        "Deploy your new project in one click.",
        "Deploy",
    ]
    content = read_content(r.lines, r.device, r.scale.factor, r.layout, "card")
    assert content is not None
    assert content.text == "Create project Deploy your new project in one click. Deploy"
    roles = [(run.text, run.role) for run in content.runs]
    assert roles == [
        ("Create project", "title"),
        ("Deploy your new project in one click.", "description"),
        ("Deploy", "label"),
    ]
    title, description, label = content.runs
    assert title.font_size_px is not None and description.font_size_px is not None
    assert title.font_size_px > description.font_size_px
    assert label.color is not None and label.color.startswith("#f")  # light on the dark button
    assert abs(title.box.x - 44) <= 4 and abs(title.box.y - 44) <= 6


def test_a_space_the_recogniser_dropped_comes_back_from_the_gap_in_the_ink() -> None:
    c = Canvas(300, 60)
    c.text(10, 18, "Save changes", "#111111", 18)
    pixels = np.asarray(c.render())
    box = Box(6, 12, 10 + text_width("Save changes", 18) + 6, 46)
    run = _Piece(box, "Savechanges", 0.99, [])
    assert [line.text for line in _respace(pixels, run)] == ["Save changes"]
    # A space the recogniser read stays one space.
    assert [line.text for line in _respace(pixels, _Piece(box, "Save changes", 0.99, []))] == [
        "Save changes"
    ]


@pytest.mark.parametrize(
    ("shown", "read", "expected"),
    [
        ("Type your message here.", "Type your message here", "Type your message here."),
        ("Type your message here", "Type your message here", "Type your message here"),
        ("Choose a plan:", "Choose a plan", "Choose a plan"),  # a colon is no full stop
        ("Hello, world", "Hello, world", "Hello, world"),
        ("Sign in to Wi-Fi", "Sign in to Wi-Fi", "Sign in to Wi-Fi"),
    ],
)
@pytest.mark.parametrize("size", [14, 18])
def test_a_full_stop_the_recogniser_dropped_comes_back_from_the_dot_on_the_baseline(
    shown: str, read: str, expected: str, size: int
) -> None:
    c = Canvas(360, 60)
    c.text(10, 18, shown, "#52525b", size)
    pixels = np.asarray(c.render())
    box = Box(6, 12, 10 + text_width(shown, size) + 6, 18 + size + 10)
    assert [line.text for line in _respace(pixels, _Piece(box, read, 0.99, []))] == [expected]


def test_a_retina_capture_is_measured_in_css_pixels_whatever_says_so() -> None:
    one = reading_of(project_card(1))
    two = reading_of(project_card(2))
    assert one.scale.factor == 1 and two.scale.factor == 2
    assert two.scale.source == "geometry" and "2x" in two.scale.detail
    declared = reading_of(project_card(2), dpi=144)
    assert (declared.scale.factor, declared.scale.source) == (2, "metadata")
    given = reading_of(project_card(2), given=2)
    assert (given.scale.factor, given.scale.source) == (2, "form")
    kind: ComponentType = "card"
    a = tokens_from_layout(one.layout, kind)
    for r in (two, declared, given):
        b = tokens_from_layout(r.layout, kind)
        assert b.border.radius_px == pytest.approx(a.border.radius_px, abs=2)
        assert b.spacing.padding_x_px == pytest.approx(a.spacing.padding_x_px, abs=3)
        assert b.spacing.padding_y_px == pytest.approx(a.spacing.padding_y_px, abs=3)
        assert r.layout.body is not None and one.layout.body is not None
        assert abs(r.layout.in_image(r.layout.body).w - one.layout.in_image(one.layout.body).w) <= 2
        content = read_content(r.lines, r.device, r.scale.factor, r.layout, kind)
        assert content is not None and content.text.startswith("Create project")
        styled = with_text_style(b, content, r.scale.factor)
        assert styled.typography.font_size_px == pytest.approx(a.typography.font_size_px, abs=1)
        # Boxes come back in CSS px: the title sits where it does at 1x.
        assert abs(content.runs[0].box.y - 44) <= 6


def test_a_declared_resolution_is_read_from_png_jpeg_and_webp() -> None:
    image = Image.new("RGB", (40, 40), "#ffffff")
    for fmt, options in (("PNG", {"dpi": (144, 144)}), ("JPEG", {"dpi": (144, 144)})):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        intake = read_image(buffer.getvalue(), max_bytes=10**7, max_pixels=10**7)
        assert intake.dpi == pytest.approx(144, abs=0.1)
    exif = Image.Exif()
    exif[282], exif[283], exif[296] = 144.0, 144.0, 2
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", exif=exif.tobytes())
    assert read_image(buffer.getvalue(), max_bytes=10**7, max_pixels=10**7).dpi == 144
    assert scales.from_dpi(144) == scales.Scale(2.0, "metadata", "the file declares 144 dpi")
    assert scales.from_dpi(216) is not None and scales.from_dpi(216).factor == 3  # type: ignore[union-attr]
    for plain in (None, 72, 96, 300):
        assert scales.from_dpi(plain) is None  # 1x, or print


def test_placeholder_grey_is_told_from_a_typed_value() -> None:
    for colour, role in (("#a1a1aa", "placeholder"), ("#09090b", "value")):
        r = reading_of(field("name@example.com", colour))
        content = read_content(r.lines, r.device, 1, r.layout, "input")
        assert content is not None and content.text == "name@example.com"
        assert content.runs[0].role == role


def test_a_pale_placeholder_beside_a_dark_chevron_still_gives_the_padding() -> None:
    # The layout's strongest ink is the chevron, so it measures the padding to the chevron;
    # the placeholder read inside the box gives it, as a dark placeholder's layout does.
    pale, dark = (
        reading_of(field("Pick a fruit", "#c7c7c7", chevron=True)),
        reading_of(field("Pick a fruit", "#09090b", chevron=True)),
    )
    reference = tokens_from_layout(dark.layout, "select").spacing
    assert reference.padding_x_px is not None and reference.padding_y_px is not None
    tokens = tokens_from_layout(pale.layout, "select")
    assert tokens.spacing.padding_x_px is not None and tokens.spacing.padding_x_px > 200
    content = read_content(pale.lines, pale.device, 1, pale.layout, "select")
    assert content is not None
    padded = with_run_padding(tokens, content, pale.layout, pale.device, 1, "select").spacing
    assert padded.padding_x_px == pytest.approx(reference.padding_x_px, abs=2)
    assert padded.padding_y_px == pytest.approx(reference.padding_y_px, abs=2)


def test_a_select_is_told_by_its_chevron_and_lists_it_as_a_part() -> None:
    from componentforge.extraction.classify import classify

    plain, select = (
        reading_of(field("Pick a fruit", "#71717a")),
        reading_of(field("Pick a fruit", "#71717a", chevron=True)),
    )
    cues = text_cues(select.lines, select.layout, select.pixels)
    assert cues is not None and cues.end_glyph and cues.choosing
    assert classify(select.layout, None, cues).component_type == "select"
    plain_cues = text_cues(plain.lines, plain.layout, plain.pixels)
    assert plain_cues is not None and not plain_cues.end_glyph
    content = read_content(select.lines, select.device, 1, select.layout, "select")
    parts = anatomy(select.layout, "select", content)
    chevron = next(p for p in parts if p.role == "chevron")
    assert 276 <= chevron.box.x <= 290 and chevron.box.width <= 16
    assert any(p.role == "text" and p.text == "Pick a fruit" for p in parts)


@pytest.mark.parametrize("knob_x", [42, 70])
def test_a_square_track_with_a_square_knob_and_nothing_to_read_is_a_switch(knob_x: int) -> None:
    # Square corners and no label (as some frameworks draw it), off and on: the knob at one
    # end, nearly the track's height, and no text, is what tells it from a badge.
    from componentforge.extraction.classify import classify

    c = Canvas(160, 80)
    c.box(40, 24, 64, 32, fill="#1779ba", radius=0)
    c.box(knob_x, 28, 24, 24, fill="#fefefe", radius=0)
    r = reading_of(c)
    cues = text_cues(r.lines, r.layout, r.pixels)
    assert cues is not None and cues.rows == 0
    assert classify(r.layout, None, cues).component_type == "switch"
    knob = next(p for p in anatomy(r.layout, "switch", None) if p.role == "indicator")
    assert (knob.box.x, knob.box.width, knob.box.height) == (knob_x, 24, 24)


@pytest.mark.parametrize(("text", "kind"), [("12", "badge"), ("JD", "avatar")])
def test_a_number_in_a_circle_is_a_count_and_letters_are_initials(text: str, kind: str) -> None:
    # The same 48 px circle (a retina badge nothing could scale, or an avatar): what it
    # holds tells them apart.
    from componentforge.extraction.classify import classify

    c = Canvas(160, 100)
    c.box(50, 24, 48, 48, fill="#1779ba", radius=24)
    c.text(74 - text_width(text, 22) // 2, 36, text, "#fefefe", 22)
    r = reading_of(c)
    cues = text_cues(r.lines, r.layout, r.pixels)
    assert cues is not None and cues.count == (text == "12")
    assert classify(r.layout, None, cues).component_type == kind


@pytest.mark.parametrize(
    ("surface", "kind"), [("#fdfff6", "alert"), ("#fffaf3", "alert"), ("#f8fafc", "card")]
)
def test_a_message_without_an_icon_on_the_palest_tint_is_an_alert(surface: str, kind: str) -> None:
    # Fomantic's messages: a title over a sentence, no icon, on a tint whose RGB channels
    # differ by 9 or less. On a near-white slate the same text is a card.
    from componentforge.extraction.classify import classify

    c = Canvas(420, 120)
    c.box(20, 20, 340, 72, fill=surface, radius=4, border="#b5cfa5")
    c.text(40, 34, "Heads up", "#4b7d4b", 16)
    c.text(40, 60, "Your session will expire in five minutes.", "#4b7d4b", 13)
    r = reading_of(c)
    cues = text_cues(r.lines, r.layout, r.pixels)
    assert cues is not None and cues.rows == 2
    assert classify(r.layout, None, cues).component_type == kind


def test_tabs_name_the_active_tab() -> None:
    c = Canvas(420, 100, page="#ffffff")
    c.box(20, 30, 330, 40, fill="#f4f4f5", radius=8)
    c.box(24, 34, 104, 32, fill="#ffffff", radius=6)
    for x, label in ((44, "Account"), (150, "Password"), (260, "Billing")):
        c.text(x, 42, label, "#09090b", 14)
    r = reading_of(c)
    content = read_content(r.lines, r.device, 1, r.layout, "tabs")
    assert content is not None and content.text == "Account Password Billing"
    assert [(run.text, run.role, run.active) for run in content.runs] == [
        ("Account", "tab", True),
        ("Password", "tab", False),
        ("Billing", "tab", False),
    ]
    tabs = [p for p in anatomy(r.layout, "tabs", content) if p.role == "tab"]
    assert [p.active for p in tabs] == [True, False, False]


def test_a_highlighted_tab_beside_its_neighbour_is_two_runs_and_the_highlight_a_part() -> None:
    r = reading_of(dark_tabs())
    content = read_content(r.lines, r.device, 1, r.layout, "tabs")
    assert content is not None and content.text == "Analytics Billing Reports"
    assert [(run.text, run.active) for run in content.runs] == [
        ("Analytics", True),
        ("Billing", False),
        ("Reports", False),
    ]
    parts = anatomy(r.layout, "tabs", content)
    highlight = next(p.box for p in parts if p.role == "indicator")
    assert (highlight.x, highlight.y, highlight.width, highlight.height) == (20, 20, 92, 32)


def test_underlined_tabs_name_the_tab_in_its_own_colour_and_span_their_labels() -> None:
    c = Canvas(380, 90, page="#ffffff")
    c.box(24, 60, 320, 1, fill="#dadee4")  # the rule under the tab row
    c.box(24, 59, 76, 2, fill="#5755d9")  # the active tab's underline
    c.text(30, 36, "Account", "#5755d9", 16)
    c.text(112, 36, "Password", "#3b4351", 16)
    c.text(204, 36, "Billing", "#3b4351", 16)
    r = reading_of(c)
    content = read_content(r.lines, r.device, 1, r.layout, "tabs")
    assert content is not None
    assert [(run.text, run.active) for run in content.runs] == [
        ("Account", True),
        ("Password", False),
        ("Billing", False),
    ]
    box = next(p.box for p in anatomy(r.layout, "tabs", content) if p.role == "component")
    assert box.y <= 36 and box.y + box.height >= 60  # the labels and the rule under them


def test_a_tab_row_takes_its_text_colour_from_the_selected_tab() -> None:
    # The selected tab is the only one in the accent colour; the longest label (Password),
    # whose ink the layout measures, is not.
    c = Canvas(380, 90, page="#ffffff")
    c.text(30, 36, "Account", "#5755d9", 16)
    c.text(122, 36, "Password", "#3b4351", 16)
    c.text(214, 36, "Billing", "#3b4351", 16)
    r = reading_of(c)
    content = read_content(r.lines, r.device, 1, r.layout, "tabs")
    assert content is not None and [run.active for run in content.runs] == [True, False, False]
    styled = with_text_style(tokens_from_layout(r.layout, "tabs"), content, 1)
    got, accent = parse_colour(styled.colors.foreground or ""), parse_colour("#5755d9")
    assert got is not None and accent is not None and delta_e_2000(got, accent) < 5


def test_controls_bars_and_actions_are_parts() -> None:
    c = Canvas(360, 100)
    c.box(40, 40, 18, 18, fill="#2563eb", radius=3)
    c.line([(44, 49), (48, 53), (54, 45)], "#ffffff", 2)
    c.text(68, 40, "Accept terms", "#09090b", 15)
    r = reading_of(c)
    content = read_content(r.lines, r.device, 1, r.layout, "checkbox")
    parts = anatomy(r.layout, "checkbox", content)
    control = next(p for p in parts if p.role == "control")
    assert control.active is True and abs(control.box.width - 18) <= 2
    assert any(p.text == "Accept terms" and p.text_role == "label" for p in parts)

    bar = Canvas(360, 60)
    bar.box(30, 25, 300, 8, fill="#e4e4e7", radius=4)
    bar.box(30, 25, 180, 8, fill="#2563eb", radius=4)
    b = reading_of(bar)
    parts = anatomy(b.layout, "progress", None)
    track = next(p for p in parts if p.role == "track")
    indicator = next(p for p in parts if p.role == "indicator")
    assert (
        abs(track.box.width - 300) <= 2 and abs(indicator.box.width / track.box.width - 0.6) < 0.05
    )

    r = reading_of(project_card())
    content = read_content(r.lines, r.device, 1, r.layout, "card")
    action = next(p for p in anatomy(r.layout, "card", content) if p.role == "action")
    assert action.text == "Deploy" and abs(action.box.width - 110) <= 3


@pytest.mark.parametrize(("ticked", "on"), [(True, True), (False, False)])
def test_a_box_ticked_on_its_own_surface_is_on_and_its_label_starts_after_it(
    ticked: bool, on: bool
) -> None:
    # A white box with a grey border and (or not) a dark tick: no fill tells it is on.
    c = Canvas(360, 100)
    c.box(40, 40, 18, 18, fill="#ffffff", radius=3, border="#a1a1aa")
    if ticked:
        c.line([(44, 49), (48, 53), (54, 45)], "#18181b", 2)
    c.text(68, 42, "Remember me", "#09090b", 13)  # read as one line with the box
    r = reading_of(c)
    content = read_content(r.lines, r.device, 1, r.layout, "checkbox")
    parts = anatomy(r.layout, "checkbox", content)
    control = next(p for p in parts if p.role == "control")
    assert control.active is on
    label = next(p for p in parts if p.text == "Remember me")
    # The label's box is its own (however the recogniser boxed the line), from its first ink.
    assert control.box.x + control.box.width <= label.box.x <= 69


def test_a_label_beside_its_control_is_boxed_from_its_first_ink_to_its_last() -> None:
    from componentforge.extraction.content import beside
    from componentforge.extraction.ocr import OcrLine

    c = Canvas(200, 60)
    c.box(20, 20, 16, 16, fill="#2563eb", radius=3)
    c.text(46, 20, "Wi-Fi", "#09090b", 15)
    pixels = np.asarray(c.render())
    page = np.array([255.0, 255.0, 255.0])
    line = OcrLine("Wi-Fi", Box(18, 18, 46 + text_width("Wi-Fi", 15) + 6, 38), 0.99)
    cut = beside(line, [Box(20, 20, 36, 36)], pixels, page, 1.0)
    assert cut.box.x0 in (46, 47) and abs(cut.box.x1 - (46 + text_width("Wi-Fi", 15))) <= 2
    # At 2x the same image gives the same CSS px.
    big = np.asarray(c.render().resize((400, 120), Image.Resampling.LANCZOS))
    cut2 = beside(line, [Box(20, 20, 36, 36)], big, page, 2.0)
    assert abs(cut2.box.x0 - cut.box.x0) <= 1 and abs(cut2.box.x1 - cut.box.x1) <= 1
    # Boxed apart from the control with blank margins: the same ink.
    margins = OcrLine("Wi-Fi", Box(40, 18, 96, 38), 0.99)
    assert beside(margins, [Box(20, 20, 36, 36)], pixels, page, 1.0).box == cut.box
    # A line in another row is no label of this control: left as it is.
    below = OcrLine("Wi-Fi", Box(40, 40, 96, 58), 0.99)
    assert beside(below, [Box(20, 20, 36, 36)], pixels, page, 1.0) is below


@pytest.mark.parametrize(
    "shape",
    [(1, 1), (16, 16), (1, 600), (600, 1), (3, 3)],
)
def test_tiny_and_thin_images_answer(shape: tuple[int, int]) -> None:
    h, w = shape
    rng = np.random.default_rng(h * 1000 + w)
    pixels = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    r = read(pixels, dpi=None, given=None, reader=READER)
    assert r.scale.factor >= 1


def test_an_open_frame_with_nothing_inside_its_middle_has_a_surface() -> None:
    """A shape whose filled middle is empty (an unclosed outline, a soft shadow's ring) used
    to fail in dominant()."""
    c = Canvas(300, 200)
    c.line([(60, 40), (60, 160), (240, 160), (240, 40)], "#52525b", 2)
    r = reading_of(c)
    assert r.layout.body is not None and r.layout.surface is not None


def test_a_gradient_fill_reports_its_stops_and_a_flat_fill_none() -> None:
    for vertical, angle in ((False, 90.0), (True, 180.0)):
        r = read(
            gradient_button("#2563eb", "#7c3aed", vertical=vertical),
            dpi=None,
            given=None,
            reader=None,
        )
        assert r.gradient is not None, vertical
        gradient, average = r.gradient
        assert gradient.angle_deg == angle
        first, last = gradient.stops[0], gradient.stops[-1]
        for stop, want in ((first, "#2563eb"), (last, "#7c3aed")):
            got, expected = parse_colour(stop.color), parse_colour(want)
            assert got is not None and expected is not None
            assert delta_e_2000(got, expected) < 8, (stop, want)
        assert first.position == 0.0 and last.position == 1.0
        mid = parse_colour("#5050ec")
        assert mid is not None and delta_e_2000(tuple(average / 255), mid) < 10  # type: ignore[arg-type]
    flat = read(gradient_button("#2563eb", "#2563eb"), dpi=None, given=None, reader=None)
    assert flat.gradient is None


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize("fill", ["#2563eb", "#dc2626", "#7c3aed"])
def test_white_text_in_a_lossy_image_is_white(fmt: str, fill: str) -> None:
    # Thin white strokes come out dimmed and tinted by the fill (#eaeaea on red, #ffe6ff on
    # violet at quality 80); a PNG of the same button reads #ffffff as it is.
    canvas = Canvas(240, 100, page="#ffffff")
    canvas.box(40, 30, 150, 36, fill=fill, radius=6)
    canvas.text(62, 39, "Save changes", "#ffffff", 13)
    buffer = io.BytesIO()
    canvas.render().save(buffer, fmt, quality=80)
    intake = read_image(buffer.getvalue(), max_bytes=10**7, max_pixels=10**6, model_max_side=512)
    assert intake.lossy
    r = read(intake.pixels, dpi=None, given=None, reader=READER, lossy=True)
    content = read_content(r.lines, r.device, r.scale.factor, r.layout, "button")
    assert content is not None and content.text == "Save changes"
    tokens = with_text_style(tokens_from_layout(r.layout, "button"), content, 1.0, lossy=True)
    assert tokens.colors.foreground == "#ffffff"


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize("ink", ["#3b4351", "#5755d9", "#1779ba"])
def test_thin_tinted_text_in_a_lossy_image_keeps_its_hue(fmt: str, ink: str) -> None:
    # Coding keeps colour at half resolution and smooths it: a slate or violet label's own
    # pixels come out greyer (#3e4145 for #3b4351); the chroma's totals around it do not.
    canvas = Canvas(260, 90, page="#ffffff")
    canvas.text(30, 34, "Remember this device", ink, 15)
    buffer = io.BytesIO()
    canvas.render().save(buffer, fmt, quality=80)
    intake = read_image(buffer.getvalue(), max_bytes=10**7, max_pixels=10**6, model_max_side=512)
    r = read(intake.pixels, dpi=None, given=None, reader=READER, lossy=True)
    content = read_content(r.lines, r.device, r.scale.factor, r.layout, "input", lossy=True)
    assert content is not None and content.runs[0].color is not None
    got, expected = parse_colour(content.runs[0].color), parse_colour(ink)
    assert got is not None and expected is not None
    assert delta_e_2000(got, expected) < 5, (content.runs[0].color, ink)


def test_a_lossy_runs_colour_stands_in_though_the_run_could_not_be_sized() -> None:
    # A three-letter run on a green fill in a JPEG: read, coloured, but too noisy to size.
    # The layout's colour is the strokes' cores, which coding tinted (#dcffe3); the run's
    # own fit is near white, and near-white lossy text is white, on the fill's text too.
    layout_colour = "#dcffe3"
    tokens = DesignTokens(colors=Colors(foreground=layout_colour, primary_foreground=layout_colour))
    run = TextRun(
        text="New",
        role="badge",
        box=Rect(x=35, y=29, width=24, height=14),
        color="#eef3f1",
        confidence=0.9,
    )
    content = Content(text="New", runs=[run], engine="ocr:rapidocr")
    styled = with_text_style(tokens, content, 1.0, lossy=True)
    assert styled.colors.foreground == "#ffffff"
    assert styled.colors.primary_foreground == "#ffffff"
    assert with_text_style(tokens, content, 1.0).colors.foreground == layout_colour
