"""Which face the text is set in, among the faces the preview can draw: each run read is drawn
in every candidate face (the recogniser's text, the run's weight) and the drawing stretched to
the run's ink is compared with it. Serifs, stroke contrast and letter widths all show in the
comparison, so a serif face and a wide sans (DejaVu Sans, Linux's default) are told from an
Arial-like sans without a rule for any of them."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from componentforge.colours import parse_rgba
from componentforge.extraction.layout import dominant
from componentforge.schemas.extraction import Content, TextRun
from componentforge.schemas.tokens import DesignTokens

DRAWN_PX = 48  # the size each candidate is drawn at before it is fitted to the run
INK = 0.35  # share of the way from the background to the text colour that counts as ink
LEAST_CONTRAST = 40.0  # RGB distance between text and background below which runs say nothing
LEAST_INK_PX = 7  # device px of ink height below which letters are too coarse to tell apart
MOST_RUNS = 4
WIDTH_AGREES = 0.1  # a size from the run's width is kept within this share of its height's
SLIVER = 0.35  # share of the box's height below which ink on its edge is a neighbour's
BLUR = 0.8  # px of Gaussian blur on both before they are compared
FITS = 0.5  # a run whose best face fits less than this says nothing
SURE = 0.9  # the best face's mean correlation must reach this
MARGIN = 0.05  # and lead the next face by this much


@dataclass(frozen=True)
class Face:
    """A candidate: the family a stylesheet names for it, and its regular and bold files."""

    family: str
    regular: Path
    bold: Path


# Metric twins of Arial, Times New Roman and Courier New (what most pages' stacks resolve to),
# and DejaVu Sans (Linux's default), as the preview's npm packages ship them.
CANDIDATES = (
    ("Arial", "@expo-google-fonts/arimo/{}/Arimo_{}.ttf"),
    ("Times New Roman", "@expo-google-fonts/tinos/{}/Tinos_{}.ttf"),
    ("Courier New", "@expo-google-fonts/cousine/{}/Cousine_{}.ttf"),
)
DEJAVU = (("DejaVu Sans", "DejaVuSans"),)


@dataclass(frozen=True)
class Typeface:
    family: str
    confidence: float
    scores: dict[str, float]  # the mean correlation of each candidate


def faces_in(modules: Path) -> tuple[Face, ...]:
    """The candidates whose files are installed under `modules` (a node_modules folder)."""
    found = [
        Face(
            family,
            modules / pattern.format("400Regular", "400Regular"),
            modules / pattern.format("700Bold", "700Bold"),
        )
        for family, pattern in CANDIDATES
    ]
    ttf = modules / "dejavu-fonts-ttf" / "ttf"
    found += [Face(name, ttf / f"{stem}.ttf", ttf / f"{stem}-Bold.ttf") for name, stem in DEJAVU]
    return tuple(face for face in found if face.regular.is_file() and face.bold.is_file())


def with_typeface(
    tokens: DesignTokens,
    content: Content,
    device: NDArray[np.float64] | NDArray[np.uint8],
    factor: float,
    faces: tuple[Face, ...],
) -> tuple[DesignTokens, Content, bool]:
    """The tokens with the text's family named and the runs sized in that face, where one
    candidate clearly fits; and whether it did."""
    if tokens.typography.font_family is not None:
        return tokens, content, False
    found = identify(device, content.runs, factor, faces)
    if found is None:
        return tokens, content, False
    face = next(f for f in faces if f.family == found.family)
    runs = [_sized(run, device, factor, face) for run in content.runs]
    typography = tokens.typography.model_copy(update={"font_family": found.family})
    confidence = {**tokens.confidence, "typography.font_family": found.confidence}
    tokens = tokens.model_copy(update={"typography": typography, "confidence": confidence})
    return tokens, content.model_copy(update={"runs": runs}), True


def _sized(
    run: TextRun, device: NDArray[np.float64] | NDArray[np.uint8], factor: float, face: Face
) -> TextRun:
    """The run's font size in its face: the size at which the face's drawing of its text is
    as wide as its ink (a line is ten times wider than tall, so a pixel says ten times less
    of the width), where the height agrees within 10% (a face named wrongly, or a misread
    word, sets a width no height matches); else the size at which it is as tall. A measure
    from capital and x-heights assumes an Arial-like face, and DejaVu Sans's are taller,
    Times' shorter."""
    if sum(ch.isalnum() for ch in run.text) < 2:
        return run
    ink = _ink(device, run, factor)
    if ink is None:
        return run
    bold = (run.font_weight or 400) >= 600
    drawn = _drawn(run.text, face.bold if bold else face.regular, DRAWN_PX)
    tall = DRAWN_PX * ink.shape[0] / max(1, drawn.shape[0]) / factor
    wide = DRAWN_PX * ink.shape[1] / max(1, drawn.shape[1]) / factor
    size = wide if abs(wide - tall) <= WIDTH_AGREES * tall else tall
    return run.model_copy(update={"font_size_px": float(round(size))}) if size >= 1 else run


def identify(
    device: NDArray[np.float64] | NDArray[np.uint8],
    runs: list[TextRun],
    factor: float,
    faces: tuple[Face, ...],
) -> Typeface | None:
    """The face the runs (boxes in CSS px, `factor` device px each) are set in, or None when
    no candidate clearly fits: too few letters, too little contrast, or a face we lack."""
    if len(faces) < 2:
        return None
    totals = dict.fromkeys((face.family for face in faces), 0.0)
    weight = 0.0
    usable = [run for run in runs if run.color and sum(ch.isalnum() for ch in run.text) >= 3]
    usable.sort(key=lambda run: -len(run.text))
    for run in usable[:MOST_RUNS]:
        ink = _ink(device, run, factor)
        if ink is None:
            continue
        letters = float(sum(ch.isalnum() for ch in run.text))
        bold = (run.font_weight or 400) >= 600
        pieces = _words(ink, run.text)
        found = {face.family: _match(pieces, face.bold if bold else face.regular) for face in faces}
        if max(found.values()) < FITS:
            continue  # misread, or no face of ours: it would only blur the others
        for family, score in found.items():
            totals[family] += letters * score
        weight += letters
    if weight == 0:
        return None
    scores = {family: round(total / weight, 3) for family, total in totals.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < SURE or top - second < MARGIN:
        return None
    confidence = min(0.95, top * min(1.0, (top - second) / (3 * MARGIN)))
    return Typeface(best, round(confidence, 3), scores)


def _ink(
    device: NDArray[np.float64] | NDArray[np.uint8], run: TextRun, factor: float
) -> NDArray[np.float64] | None:
    """How much of the run's colour each of its pixels holds (0: its background, the box's
    commonest colour; 1: the text), cut to the ink's own bounds."""
    b = run.box
    x0, y0 = int(b.x * factor), int(b.y * factor)
    x1, y1 = int((b.x + b.width) * factor), int((b.y + b.height) * factor)
    patch = np.asarray(device[y0:y1, x0:x1, :3], dtype=np.float64)
    rgba = parse_rgba(run.color or "")
    if rgba is None or patch.shape[0] < 3 or patch.shape[1] < 3:
        return None
    bg, _ = dominant(patch)  # the surface: letters cover less of a text box than it does
    axis = np.asarray(rgba[:3], dtype=np.float64) * 255.0 - bg
    norm = float(axis @ axis)
    if norm < LEAST_CONTRAST**2:
        return None
    share = np.clip((patch - bg) @ axis / norm, 0.0, 1.0)
    ink = _cut(_inside(np.asarray(share, dtype=np.float64)))
    return None if ink is None or ink.shape[0] < LEAST_INK_PX else ink


def _inside(share: NDArray[np.float64]) -> NDArray[np.float64]:
    """The share without what the box took in from around the text: shapes in a corner (the
    page beyond a badge's rounded fill) and slivers on its top or bottom edge (the letters of
    the lines above and below)."""
    labels, _ = ndimage.label(share > INK, structure=np.ones((3, 3)))
    h, w = share.shape
    for index, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is None:
            continue
        rows, cols = found
        vertical = cols.start == 0 or cols.stop == w
        horizontal = rows.start == 0 or rows.stop == h
        sliver = horizontal and rows.stop - rows.start < SLIVER * h
        if (vertical and horizontal) or sliver:
            share = np.where(labels == index, 0.0, share)
    return share


def _words(ink: NDArray[np.float64], text: str) -> list[tuple[str, NDArray[np.float64]]]:
    """The run cut into its words at the widest gaps between inked columns, each cut to its
    own ink; the whole run when the gaps do not part it into as many words as the text has
    (hinting shifts letters at small sizes, so words are compared one by one)."""
    words = text.split()
    whole = [(text, ink)]
    if len(words) < 2:
        return whole
    on = np.flatnonzero(np.any(ink > INK, axis=0))  # the ink is cut to its bounds
    breaks = np.flatnonzero(np.diff(on) > 1)
    # (width, first empty column) of each gap, widest first
    gaps = sorted(((int(on[i + 1] - on[i]) - 1, int(on[i]) + 1) for i in breaks), reverse=True)
    widest = gaps[: len(words) - 1]
    least_space = max(2, 0.15 * ink.shape[0])
    if len(widest) < len(words) - 1 or widest[-1][0] < least_space:
        return whole
    if len(gaps) >= len(words) and gaps[len(words) - 1][0] >= widest[-1][0]:
        return whole  # a word gap no wider than a letter gap: the cut is not sure
    cuts = sorted(start for _, start in widest)
    pieces = []
    for word, x0, x1 in zip(words, [0, *cuts], [*cuts, ink.shape[1]], strict=True):
        piece = _cut(ink[:, x0:x1])
        if piece is None:
            return whole
        pieces.append((word, piece))
    return pieces


def _cut(ink: NDArray[np.float64]) -> NDArray[np.float64] | None:
    ys, xs = np.nonzero(ink > INK)
    if len(ys) == 0:
        return None
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _match(pieces: list[tuple[str, NDArray[np.float64]]], file: Path) -> float:
    """The pieces' correlations with their drawings in one face, weighted by width."""
    widths = [int(piece.shape[1]) for _, piece in pieces]
    found = [
        max(_correlation(piece, drawn) for drawn in _drawings(word, file, piece.shape[0]))
        - _misfit(piece, _drawn(word, file, DRAWN_PX))
        for word, piece in pieces
    ]
    return sum(w * c for w, c in zip(widths, found, strict=True)) / sum(widths)


def _misfit(piece: NDArray[np.float64], drawn: NDArray[np.float64]) -> float:
    """How much wider or narrower for its height the word is drawn than shown, past what a
    pixel of height either way explains: the stretch a comparison does not see."""
    h, w = (int(n) for n in piece.shape)
    ratio = abs(math.log((int(drawn.shape[1]) / int(drawn.shape[0])) / (w / h)))
    return max(0.0, ratio - 1.0 / h)


def _drawings(text: str, file: Path, height: int) -> tuple[NDArray[np.float64], ...]:
    """The text in one face two ways, for ink `height` px tall: drawn large (to be shrunk:
    outlines smoothed as a browser's subpixel-positioned text is) and drawn at that size
    (hinted to whole pixels, as a desktop toolkit draws it)."""
    large = _drawn(text, file, DRAWN_PX)
    size = max(4, round(DRAWN_PX * height / max(1, large.shape[0])))
    return large, _drawn(text, file, size)


@functools.lru_cache(maxsize=64)
def _font(file: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(file), size)


@functools.lru_cache(maxsize=512)
def _drawn(text: str, file: Path, size: int) -> NDArray[np.float64]:
    """The text drawn in one face at `size` px, cut to its ink."""
    font = _font(file, size)
    left, top, right, bottom = (round(v) for v in font.getbbox(text))
    canvas = Image.new("L", (right - left + 4, bottom - top + 4), 0)
    ImageDraw.Draw(canvas).text((2 - left, 2 - top), text, fill=255, font=font)
    drawn = np.asarray(canvas, dtype=np.float64) / 255.0
    cut = _cut(drawn)
    return drawn if cut is None else cut


def _correlation(ink: NDArray[np.float64], drawn: NDArray[np.float64]) -> float:
    """Pearson correlation of the run's ink and the drawing stretched to the same size."""
    h, w = ink.shape
    image = Image.fromarray(np.asarray(drawn * 255.0, dtype=np.uint8))
    fitted = np.asarray(image.resize((w, h), Image.Resampling.BOX), dtype=np.float64) / 255.0
    # Blurred alike, so a glyph a pixel off (hinting moves stems at small sizes) still counts.
    a = ndimage.gaussian_filter(ink, BLUR) - ink.mean()
    b = ndimage.gaussian_filter(fitted, BLUR) - fitted.mean()
    denominator = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator > 0 else 0.0
