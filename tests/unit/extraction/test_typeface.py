"""The text's family named from its pixels: text drawn in each face the preview has, read back
through the recogniser, and the face the extraction names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.extraction.content import read_content
from componentforge.extraction.ocr import TextReader
from componentforge.extraction.reading import read
from componentforge.extraction.typeface import Face, faces_in, identify, with_typeface
from componentforge.schemas.extraction import Content, Rect, TextRun
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import ComponentType
from tests.support.drawing import Canvas

READER = TextReader()
FACES = faces_in(DEFAULT_PATTERNS_DIR.parent / "validator" / "node_modules")
FAMILIES = ["Arial", "Times New Roman", "Courier New", "DejaVu Sans"]


def face(family: str, bold: bool = False) -> Path:
    found = next(f for f in FACES if f.family == family)
    return found.bold if bold else found.regular


def named(canvas: Canvas, kind: ComponentType, scale: int = 1) -> str | None:
    return read_back(canvas, kind, scale)[0].typography.font_family


def read_back(canvas: Canvas, kind: ComponentType, scale: int = 1) -> tuple[DesignTokens, Content]:
    r = read(
        np.asarray(canvas.render()),
        dpi=96.0 * scale if scale > 1 else None,
        given=None,
        reader=READER,
    )
    content = read_content(r.lines, r.device, r.scale.factor, r.layout, kind)
    assert content is not None and content.runs, "nothing read"
    tokens, content, _ = with_typeface(DesignTokens(), content, r.device, r.scale.factor, FACES)
    if tokens.typography.font_family is not None:
        assert 0 < tokens.confidence["typography.font_family"] <= 0.95
    return tokens, content


def test_the_preview_fonts_are_the_candidates() -> None:
    assert [f.family for f in FACES] == FAMILIES
    assert faces_in(Path("/nonexistent")) == ()


@pytest.mark.parametrize("size", [12, 15, 18])
@pytest.mark.parametrize("family", FAMILIES)
def test_a_checkbox_label_names_its_face_and_is_sized_in_it(family: str, size: int) -> None:
    c = Canvas(320, 60)
    c.box(20, 20, 16, 16, fill="#ffffff", radius=3, border="#71717a")
    c.text(46, 19, "Remember my choice", "#27272a", size, face(family))
    tokens, content = read_back(c, "checkbox")
    assert tokens.typography.font_family == family
    # Sized in its own face, from the run's width: exact (Times' short capitals read 3 px
    # small at 15 px when they were taken for Arial's).
    assert content.runs[0].font_size_px == size


@pytest.mark.parametrize("family", ["Arial", "Times New Roman", "DejaVu Sans"])
def test_bold_white_text_on_a_fill_names_its_face(family: str) -> None:
    c = Canvas(260, 80)
    c.box(20, 20, 220, 40, fill="#1d4ed8", radius=8)
    c.text(34, 30, "Create project", "#ffffff", 16, face(family, bold=True))
    assert named(c, "button") == family


@pytest.mark.parametrize("family", ["Times New Roman", "DejaVu Sans"])
def test_a_retina_capture_names_its_face(family: str) -> None:
    c = Canvas(600, 160)
    c.box(40, 40, 520, 80, fill="#ffffff", radius=12, border="#d4d4d8")
    c.text(72, 62, "Monthly report ready", "#18181b", 30, face(family))
    assert named(c, "input", scale=2) == family


def run_over(text: str, box: Rect, colour: str = "#18181b") -> TextRun:
    return TextRun(text=text, role="label", box=box, color=colour, confidence=0.9)


def drawn_line(text: str, colour: str, family: str) -> np.ndarray:
    c = Canvas(320, 40)
    c.text(10, 10, text, colour, 16, face(family))
    return np.asarray(c.render())


def test_no_face_is_named_for_a_misread_faint_or_lone_run() -> None:
    box = Rect(x=6, y=6, width=300, height=26)
    image = drawn_line("Remember my choice", "#18181b", "Times New Roman")
    assert identify(image, [run_over("Remember my choice", box)], 1.0, FACES) is not None
    # What the recogniser got wrong fits no face.
    assert identify(image, [run_over("Lorem ipsum dolor sit", box)], 1.0, FACES) is None
    # Text too close to its surface says nothing.
    faint = drawn_line("Remember my choice", "#f4f4f5", "Times New Roman")
    assert identify(faint, [run_over("Remember my choice", box, "#f4f4f5")], 1.0, FACES) is None
    # Two letters and fewer than two faces say nothing either.
    assert identify(image, [run_over("Re", box)], 1.0, FACES) is None
    one: tuple[Face, ...] = FACES[:1]
    assert identify(image, [run_over("Remember my choice", box)], 1.0, one) is None


def test_a_family_already_known_is_kept() -> None:
    image = drawn_line("Remember my choice", "#18181b", "Times New Roman")
    content_runs = [run_over("Remember my choice", Rect(x=6, y=6, width=300, height=26))]
    content = Content(text="Remember my choice", runs=content_runs, engine="ocr:test")
    given = DesignTokens.model_validate({"typography": {"font_family": "Inter"}})
    kept, same, in_face = with_typeface(given, content, image, 1.0, FACES)
    assert kept.typography.font_family == "Inter" and same is content and not in_face
    found, sized, in_face = with_typeface(DesignTokens(), content, image, 1.0, FACES)
    assert found.typography.font_family == "Times New Roman" and in_face
    assert sized.runs[0].font_size_px == 16  # drawn at 16 px in Tinos
