"""The visible text, read offline: RapidOCR's PP-OCR detection and recognition models, which
ship inside the `rapidocr-onnxruntime` wheel (no download at run time).

The recognition model is trained mostly on Chinese and sometimes drops the space between two
English words ("Createproject"). The pixels settle it: a gap between two letters' ink wider
than a word space is a space, whatever the model read; a lone dot on the baseline after
the last letter is a full stop, which the model now and then drops.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from componentforge.extraction.layout import Box, Pixels, colour_distance, dominant, rows_of

WORD_GAP_EM = 0.25  # a gap in the ink this wide is a word space (a space is 0.25-0.35 em)
# The ink's height in em: x-height letters alone, plus ascenders (caps, digits, b d f h k l t),
# plus descenders (g j p q y), in common UI fonts.
X_HEIGHT_EM, ASCENDER_EM, DESCENDER_EM = 0.55, 0.2, 0.22
ASCENDERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhklt!?/|()[]{}#%&@$'\"")
DESCENDERS = frozenset("gjpqy,;()[]{}|@")
RUN_GAP_EM = 1.6  # boxes on one row further apart than this are separate runs (tab labels)
SPLIT_GAP_EM = 0.8  # a gap in one box's ink this wide splits it in two runs (a word space is
# 0.25-0.35 em; the gap between two tab labels or a label and its value is wider)
MIN_CONFIDENCE = 0.5
# An unbroken row of ink longer than this many times the box's height is a rule, not a
# letter's stroke (a letter's bar is under an em; the box is over one).
RULE_LENGTH = 1.5
# A full stop is at most this share of the letters' median height each way (a dot is about a
# stroke wide, 0.1-0.15 em; letters are 0.5-0.7 em tall).
STOP_SIZE = 0.35


@dataclass(frozen=True)
class OcrLine:
    """One run of text as read: a row of words set close together."""

    text: str
    box: Box  # in the pixels read
    confidence: float


class TextReader:
    """One loaded engine per process, loaded on first use (0.3 s) and shared: onnxruntime's
    sessions are safe to call from several threads. Sent to another process (image analysis
    in worker processes), a reader arrives as that process's own shared reader: an engine is
    never pickled, and each worker loads one once."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Callable[[], TextReader], tuple[()]]:
        return shared_reader, ()

    def load(self) -> None:
        """Load the engine now rather than on the first screenshot."""
        self._loaded()

    def _loaded(self) -> Any:
        with self._lock:
            if self._engine is None:
                from rapidocr_onnxruntime import RapidOCR  # 0.3 s: only when first needed

                # Detection at the image's own size ("max": never enlarged to 736 px on the
                # short side, the default, which costs 4x on a small component); no angle
                # classifier: screenshots are upright.
                self._engine = RapidOCR(det_limit_type="max", det_limit_side_len=960, use_cls=False)
            return self._engine

    def read(self, pixels: Pixels) -> list[OcrLine]:
        """Every run of text in `pixels` (RGB), top to bottom, then left to right."""
        engine = self._loaded()
        found, _ = engine(
            np.ascontiguousarray(pixels[:, :, ::-1]), use_cls=False, return_word_box=True
        )
        pieces: list[_Piece] = []
        for quad, text, score, *chars in found or []:
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            box = Box(
                max(0, int(min(xs))),
                max(0, int(min(ys))),
                min(pixels.shape[1], int(max(xs)) + 1),
                min(pixels.shape[0], int(max(ys)) + 1),
            )
            centres = _centres(chars, str(text))
            if str(text).strip() and float(score) >= MIN_CONFIDENCE and box.w > 1 and box.h > 1:
                pieces.append(_Piece(box, str(text), float(score), centres))
        # _runs gives them row by row, top to bottom, each row left to right.
        return [line for run in _runs(pieces) for line in _respace(pixels, run)]


_SHARED: TextReader | None = None


def shared_reader() -> TextReader:
    """This process's reader, made on first use."""
    global _SHARED
    if _SHARED is None:
        _SHARED = TextReader()
    return _SHARED


@dataclass
class _Piece:
    """One detected box: its text and the x centre of each of its characters."""

    box: Box
    text: str
    score: float
    centres: list[float]


def _centres(chars: list[Any], text: str) -> list[float]:
    """Each character's x centre, from the recogniser's character boxes (where it gave one
    per character), else spread evenly."""
    if len(chars) >= 2 and len(chars[0] or []) == len(text):
        return [float(sum(p[0] for p in quad)) / len(quad) for quad in chars[0]]
    return []


def _runs(pieces: list[_Piece]) -> list[_Piece]:
    """Boxes on one row and close together joined into one run, with a space between."""
    runs: list[_Piece] = []
    for row in rows_of(pieces, lambda p: p.box):
        row.sort(key=lambda p: p.box.x0)
        group = [row[0]]
        for piece in row[1:]:
            height = max(p.box.h for p in group)
            if piece.box.x0 - group[-1].box.x1 > RUN_GAP_EM * height:
                runs.append(_joined(group))
                group = []
            group.append(piece)
        runs.append(_joined(group))
    return runs


def _joined(group: list[_Piece]) -> _Piece:
    if len(group) == 1:
        return group[0]
    box = Box.around(p.box for p in group)
    weights = [len(p.text) for p in group]
    score = sum(p.score * n for p, n in zip(group, weights, strict=True)) / sum(weights)
    text, centres = "", list[float]()
    for p in group:
        if text:
            text += " "
            centres.append((centres[-1] + p.box.x0) / 2 if centres else float(p.box.x0))
        text += p.text
        centres += p.centres or _even(p)
    return _Piece(box, text, score, centres)


def _even(piece: _Piece) -> list[float]:
    step = piece.box.w / max(1, len(piece.text))
    return [piece.box.x0 + step * (i + 0.5) for i in range(len(piece.text))]


def _respace(pixels: Pixels, run: _Piece) -> list[OcrLine]:
    """The run's text with a space wherever the ink has a word-sized gap and the model read
    none, split in two wherever the gap is far wider than a word space (the detector boxed
    two tab labels as one)."""
    b = run.box
    text = run.text
    centres = run.centres if len(run.centres) == len(text) else _even(run)
    crop = pixels[b.y0 : b.y1, b.x0 : b.x1].astype(np.float64)
    ink = _ink(crop) if crop.size else np.zeros((0, 0), dtype=np.bool_)
    gaps, em = _word_gaps(ink, text)
    if gaps and len(run.centres) == len(text):  # the recogniser's own centres, not spread
        centres = _aligned(centres, text, ink, b.x0, em)
    if text[-1:].isalnum() and ink.size and _full_stop(ink):
        text, centres = text + ".", [*centres, float(b.x1)]
    splits: list[tuple[int, int, int]] = []  # (where in the text, gap start, gap end)
    for a, z in gaps:
        middle = b.x0 + (a + z) / 2
        cut = next((i for i, x in enumerate(centres) if x > middle), None)
        if cut is None or cut == 0:
            continue
        if z - a >= SPLIT_GAP_EM * em:
            splits.append((cut, b.x0 + a, b.x0 + z))
        if text[cut - 1] == " " or text[cut] == " ":
            continue
        text = text[:cut] + " " + text[cut:]
        centres = [*centres[:cut], middle, *centres[cut:]]
        splits = [(i + 1 if i > cut else i, x0, x1) for i, x0, x1 in splits]
    lines, start, left = [], 0, b.x0
    for cut, gap_start, gap_end in [*splits, (len(text), b.x1, b.x1)]:
        part = " ".join(text[start:cut].split())
        if part:
            lines.append(OcrLine(part, Box(left, b.y0, gap_start, b.y1), round(run.score, 3)))
        start, left = cut, gap_end
    return lines


def _aligned(
    centres: list[float], text: str, ink: NDArray[np.bool_], x0: int, em: float
) -> list[float]:
    """The character centres moved onto the ink: the recogniser places them a few pixels off,
    the same way along a run, and a space put at the gap between "later" and "in" went after
    the "i" when its centre fell short of the gap. The shift is the median offset of each
    character to the nearest column run of ink, at most 0.3 em."""
    columns = np.flatnonzero(ink.any(axis=0))
    if len(columns) < 2:
        return centres
    breaks = np.flatnonzero(np.diff(columns) > 1)
    starts = np.concatenate(([columns[0]], columns[breaks + 1]))
    stops = np.concatenate((columns[breaks], [columns[-1]]))
    blobs = (starts + stops) / 2 + x0
    offsets = [
        float(blobs[np.abs(blobs - c).argmin()] - c)
        for ch, c in zip(text, centres, strict=False)
        if not ch.isspace()
    ]
    if not offsets:
        return centres
    shift = float(np.clip(np.median(offsets), -0.3 * em, 0.3 * em))
    return [c + shift for c in centres]


def _word_gaps(ink: NDArray[np.bool_], text: str) -> tuple[list[tuple[int, int]], float]:
    """[start, stop) of each column gap in the ink at least a word space wide, and clearly
    wider than the gaps between letters; and the em. The em comes from the ink's height and
    which letters the text has (a line of x-height letters is half an em tall)."""
    if ink.size == 0:
        return [], 0.0
    rows = np.flatnonzero(ink.any(axis=1))
    on = np.flatnonzero(ink.any(axis=0))
    if len(rows) < 2 or len(on) < 2:
        return [], 0.0
    chars = set(text)
    ems = (
        X_HEIGHT_EM
        + (ASCENDER_EM if chars & ASCENDERS else 0.0)
        + (DESCENDER_EM if chars & DESCENDERS else 0.0)
    )
    em = int(rows[-1] - rows[0] + 1) / ems
    breaks = np.flatnonzero(np.diff(on) > 1)
    gaps = [(int(on[i]) + 1, int(on[i + 1])) for i in breaks]
    typical = float(np.median([z - a for a, z in gaps])) if gaps else 0.0
    least = max(2.5, WORD_GAP_EM * em, 1.6 * typical)
    return [(a, z) for a, z in gaps if z - a >= least], em


def _ink(crop: NDArray[np.float64]) -> NDArray[np.bool_]:
    """The letters' pixels in a box the detector drew around a run."""
    background, _ = dominant(crop)
    distance = colour_distance(crop, background)
    strong = max(24.0, 0.35 * float(distance.max()))
    # Where two fills meet in one box (an active tab's highlight and the list beside it), a
    # column's own fill is what its first and last rows agree on: the other fill is no ink.
    top, bottom = crop[0], crop[-1]
    agree = (np.abs(top - bottom).max(axis=-1) < 24.0)[:, None]
    fill = np.where(agree, (top + bottom) / 2, background[None, :])
    ink: NDArray[np.bool_] = np.abs(crop - fill[None]).max(axis=-1) > strong
    # A rule across the box (an underline style's tab bar) is no letter: without it, the em
    # is the letters' and the gaps between labels are gaps.
    ink[_longest_runs(ink) > RULE_LENGTH * crop.shape[0]] = False
    return ink


def _full_stop(ink: NDArray[np.bool_]) -> bool:
    """Whether the run's last mark is a full stop: a dot on the baseline, right after the
    letters, standing alone in its columns. The recogniser drops a final period now and
    then (one crop of a placeholder reads it, a slightly larger one does not)."""
    labels, count = ndimage.label(ink, structure=np.ones((3, 3)))
    if count < 3:
        return False
    marks = [(s[0].start, s[0].stop, s[1].start, s[1].stop) for s in ndimage.find_objects(labels)]
    last = max(range(count), key=lambda i: marks[i][3])
    y0, y1, x0, x1 = marks[last]
    letters = [m for i, m in enumerate(marks) if i != last]
    if any(m[3] > x0 for m in letters):  # another mark in its columns: a colon, a letter
        return False
    x_height = float(np.median([m[1] - m[0] for m in letters]))
    baseline = float(np.median([m[1] for m in letters]))
    gap = x0 - max(m[3] for m in letters)
    return bool(
        max(y1 - y0, x1 - x0) <= STOP_SIZE * x_height
        and (y1 - y0) * (x1 - x0) >= 2
        and abs(y1 - baseline) <= max(1.0, 0.15 * x_height)
        and gap <= 0.6 * x_height
    )


def _longest_runs(mask: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The longest unbroken run of True in each row."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    longest = np.zeros(mask.shape[0], dtype=np.int64)
    rows, starts = np.nonzero(edges == 1)
    _, stops = np.nonzero(edges == -1)
    np.maximum.at(longest, rows, stops - starts)
    return longest
