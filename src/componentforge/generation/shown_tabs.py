"""Tabs as the screenshot shows them: its labels and the active one, the list's surface and
padding, each trigger's text, and the active trigger's highlight (the `indicator` part) or,
with none, its text alone."""

from __future__ import annotations

import itertools
import statistics

from componentforge.generation.reader import (
    TRIGGER,
    Reader,
    Shown,
    css_colour,
    literal,
    size_px,
    slug,
    typography,
)
from componentforge.generation.theme import WEIGHTS
from componentforge.schemas.extraction import Part, TextRun

TRIGGER_BORDER = 1.0  # the primitive's triggers have a transparent 1 px border
ACTIVE = "data-[state=active]:"


def tabs(r: Reader, out: Shown) -> None:
    labelled = [p for p in r.all("tab") if p.text and p.text.strip()]
    if not labelled:
        return
    taken: set[str] = set()
    items = [(slug(p.text or "", taken), (p.text or "").strip(), p.active) for p in labelled]
    out.defaults["items"] = (
        "[\n"
        + "".join(
            f"  {{ value: {literal(v)}, label: {literal(label)}, content: null }},\n"
            for v, label, _ in items
        )
        + "]"
    )
    active = next((v for v, _, on in items if on), items[0][0])
    out.defaults["defaultValue"] = literal(active)
    out.applied.append(("items", ", ".join(label for _, label, _ in items)))
    out.applied.append(("defaultValue", active))
    runs = [x for x in r.runs if x.role == "tab" and x.text.strip()]
    if len(runs) == len(labelled):
        _style(r, out, labelled, runs)


def _style(r: Reader, out: Shown, parts: list[Part], runs: list[TextRun]) -> None:
    """The triggers take the runs' typography and colours; the list its measured padding."""
    on = next((i for i, p in enumerate(parts) if p.active), None)
    main = runs[on] if on is not None else runs[0]
    idle = next((x for i, x in enumerate(runs) if i != on), None)
    trigger = ["flex-none"]
    for run, prefix in ((idle or main, ""), (main if on is not None else None, ACTIVE)):
        if run is not None:  # size, weight and colour of an idle tab, then the active one's
            trigger += [f"{prefix}{c}" for c in typography(run)]
    indicator = r.part("indicator")
    highlight = css_colour(r.tokens.colors.primary) if indicator is not None else None
    gaps = [b.box.x - (a.box.x + a.box.width) for a, b in itertools.pairwise(parts)]
    gap = statistics.median(gaps) if gaps else None  # between one label and the next
    if indicator is not None and on is not None:
        pad_x = max(0.0, (indicator.box.width - parts[on].box.width) / 2 - TRIGGER_BORDER)
        height: float | None = indicator.box.height
    else:
        pad_x = max(0.0, gap / 2 - TRIGGER_BORDER) if gap is not None else 8.0
        height = None
    trigger += [f"px-[{size_px(pad_x)}]", f"{ACTIVE}shadow-none"]
    if highlight is not None and height is not None:
        trigger += [f"{ACTIVE}bg-[{highlight}]", f"h-[{size_px(height)}]"]
    else:
        trigger.append(f"{ACTIVE}bg-transparent")
    out.put(TRIGGER, *trigger)
    box = r.box
    if box is None:
        return
    edge = pad_x + TRIGGER_BORDER
    first, last = parts[0].box, parts[-1].box
    between = gap - 2 * edge if gap is not None else 0.0
    left = first.x - box.x - edge
    right = box.x + box.width - (last.x + last.width) - edge
    top = (box.height - height) / 2 if height is not None else 0.0
    # the list's fill as measured; none of its own (the theme leaves out a fill of the page's
    # colour): the page shows through, not the primitive's muted grey
    colours = r.tokens.colors
    fill = css_colour(colours.background or colours.page_background)
    out.surface.append(f"bg-[{fill}]" if fill is not None else "bg-transparent")
    out.surface += [
        f"h-[{size_px(box.height)}]",
        f"pl-[{size_px(left)}]",
        f"pr-[{size_px(right)}]",
        f"py-[{size_px(top)}]",
        f"gap-[{size_px(between)}]",
    ]
    # size, weight, leading and padding are the triggers' and the list's, measured above
    out.moved = ("text-[", "leading-", "px-", "py-", "p-", "h-", "gap-", *WEIGHTS.values())
