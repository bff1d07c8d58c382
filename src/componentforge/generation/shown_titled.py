"""Titled components as the screenshot shows them: a card's and an alert's title and
description, each line as tall as it is shown, a wrapped paragraph's measure and leading,
the space between title and description, and a card's padding where a line must fit whole."""

from __future__ import annotations

from itertools import pairwise

from componentforge.generation.reader import (
    BODY,
    DESCRIPTION,
    FOOTER,
    HEADER,
    TITLE,
    Reader,
    Shown,
    literal,
    put_default,
    size_px,
    typography,
)
from componentforge.generation.theme import WEIGHTS
from componentforge.schemas.extraction import TextRun


def _composite(r: Reader, out: Shown, description_role: tuple[str, ...]) -> TextRun | None:
    """Title and description as shown; the title's run."""
    title = r.run("title", "label")
    described = [x for x in r.runs if x.role in description_role and x is not title]
    put_default(out, "title", title.text.strip() if title is not None else None)
    put_default(out, "description", " ".join(x.text.strip() for x in described) or None)
    if title is not None and not described:  # a title alone: no made-up description under it
        out.defaults["description"] = "undefined"
        out.applied.append(("description", "none shown"))
    if title is not None:
        out.put(TITLE, *typography(title), *line(title))
    if described:
        lines = _wrapped(described) or line(described[0])
        out.put(DESCRIPTION, *typography(described[0]), *lines)
    # size, colour, weight and leading go on the parts; the family stays on the surface
    out.moved = ("text-[", "leading-", *WEIGHTS.values())
    return title


def line(run: TextRun) -> list[str]:
    """A single line as tall as its box read from the screenshot, and at least its font size:
    a size class (`text-[15px]`) drops the primitive's `leading-none` (tailwind-merge lets a
    font size replace a leading), and without one the line takes the page's 1.5."""
    if run.font_size_px is None:
        return []
    return [f"leading-[{size_px(max(run.box.height, run.font_size_px))}]"]


def _wrapped(lines: list[TextRun]) -> list[str]:
    """A paragraph that wraps in the screenshot keeps its lines: their spacing as its leading,
    and its widest line's width as its measure, so it breaks where the screenshot does (a
    line a word longer would not fit)."""
    if len(lines) < 2:
        return []
    steps = sorted(b.box.y - a.box.y for a, b in pairwise(lines))
    step = steps[len(steps) // 2]
    widest = max(line.box.width for line in lines)
    return [f"leading-[{size_px(step)}]", f"max-w-[{size_px(widest)}]"] if step > 0 else []


def card(r: Reader, out: Shown) -> None:
    title = _composite(r, out, ("description", "value", "placeholder", "option"))
    _fitted(r, out)
    gap = _gap_below(r, title)
    if gap is not None:  # the title and description as far apart as shown
        out.put(HEADER, f"gap-[{size_px(gap)}]")
    # The card's padding is the space to its text: its parts must not add their own.
    out.put(HEADER, "px-0")
    out.put(BODY, "px-0")
    out.put(FOOTER, "px-0", "gap-2")
    labels = [a.text.strip() for a in r.all("action") if a.text and a.text.strip()]
    if labels:
        outline = ' variant="outline"'
        buttons = "".join(
            f"<Button{'' if i == 0 else outline}>{{{literal(t)}}}</Button>"
            for i, t in enumerate(labels)
        )
        out.defaults["actions"] = f"<>{buttons}</>"
        out.imports.append(("button", "Button"))
        out.applied.append(("actions", ", ".join(labels)))


def _gap_below(r: Reader, title: TextRun | None) -> float | None:
    """The space between the title's box and the first run below it; None without both."""
    below = next((x for x in r.runs if title is not None and x.box.y > title.box.y), None)
    if title is None or below is None:
        return None
    return below.box.y - (title.box.y + title.box.height)


def _fitted(r: Reader, out: Shown) -> None:
    """A line the screenshot shows whole stays whole: where the measured padding leaves less
    room than its widest line needs, the right padding gives way (the text keeps its left
    edge; else the preview breaks a line the screenshot did not, and grows a line taller).
    A browser's line is up to 2% wider than the read box: glyph advances are rounded."""
    box, s = r.box, r.tokens.spacing
    if box is None or s.padding_x_px is None or not r.runs:
        return
    inside = box.width - 2 * (r.tokens.border.width_px or 0.0)
    need = max(run.box.width for run in r.runs) * 1.02 + 2
    if need <= inside - 2 * s.padding_x_px or need >= inside:
        return
    left = min(s.padding_x_px, inside - need)
    out.surface += [f"pl-[{size_px(left)}]", f"pr-[{size_px(max(0.0, inside - left - need))}]"]
    out.applied.append(("padding", "less on the right: the widest line fits whole, as shown"))


def alert(r: Reader, out: Shown) -> None:
    title = _composite(r, out, ("description", "value", "placeholder", "option", "label"))
    # The alert is a grid whose first column holds the icon: a theme's `gap-` would open that
    # column's gap with no icon in it. Rows are as far apart as the screenshot's.
    out.moved = (*out.moved, "gap-")
    gap = _gap_below(r, title)
    if gap is not None:
        out.surface.append(f"gap-y-[{size_px(gap)}]")
    if r.part("icon") is not None:
        out.defaults["icon"] = '<CircleAlert aria-hidden="true" />'
        out.imports.append(("lucide-react", "CircleAlert"))
        out.applied.append(("icon", "an icon before the title"))
