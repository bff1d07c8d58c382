"""What a screenshot shows, in the terms of a composition: the component's default text and
state (a button's label, a card's actions, the active tab, a checkbox that is on, a progress
value), and each part's measured style on that part (a card title's size and weight on the
title, the description's colour on the description, the component's size on its surface).

Everything here comes from a request (an extraction's `content` and `anatomy`, or a caller's)
and is written into code by `reader`'s helpers, never as code.
"""

from __future__ import annotations

from dataclasses import dataclass

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.generation.reader import (
    ROW,
    TEXT,
    TRIGGER,
    Reader,
    Shown,
    css_colour,
    literal,
    put_default,
    size_px,
    slug,
    typography,
)
from componentforge.generation.shown_tabs import tabs
from componentforge.generation.shown_titled import alert, card, line
from componentforge.generation.theme import FONT_FAMILY, family_class, px
from componentforge.schemas.extraction import Content, Part, Rect
from componentforge.schemas.tokens import DesignTokens

# Components whose width is the screenshot's (a field, a card); buttons and badges size to
# their text and padding.
FIXED_WIDTH = {
    "shadcn-input",
    "shadcn-textarea",
    "shadcn-select",
    "shadcn-card",
    "shadcn-alert",
    "shadcn-progress",
    "shadcn-slider",
}
FIXED_HEIGHT = {"shadcn-button", "shadcn-input", "shadcn-select", "shadcn-textarea"}
SQUARE = {"shadcn-avatar"}
# Patterns with an outline variant a bordered, unfilled screenshot is drawn with.
OUTLINED = {"shadcn-button", "shadcn-badge", "shadcn-toggle"}
# Fields whose border is the theme's `--input`, not its `--border`: the measured border is
# set on them.
FIELDS = {"shadcn-input", "shadcn-textarea", "shadcn-select"}
# Where a nudge moves the text: padding traded between opposite sides of the surface (its
# size stays), or the part that holds it (a label beside a control, a tab's trigger) moved
# where it is painted.
PADDED_TEXT = {
    "shadcn-button",
    "shadcn-badge",
    "shadcn-toggle",
    "shadcn-input",
    "shadcn-textarea",
    "shadcn-select",
    "shadcn-card",
    "shadcn-alert",
}
TRANSLATED_TEXT = {"shadcn-checkbox": TEXT, "shadcn-switch": TEXT, "shadcn-tabs": TRIGGER}
NUDGED = PADDED_TEXT | set(TRANSLATED_TEXT)


@dataclass(frozen=True)
class Nudge:
    """How far the composition moves its text from where its tokens put it (CSS px, x right,
    y down): the visual fix's answer to a preview whose text stood off the screenshot's."""

    x: float = 0.0
    y: float = 0.0


def shown(
    pattern_id: str,
    content: Content | None,
    anatomy: list[Part],
    tokens: DesignTokens,
    nudge: Nudge | None = None,
) -> Shown | None:
    """What the composition of `pattern_id` takes from the screenshot; None without one."""
    if content is None and not anatomy and nudge is None:
        return None
    r = Reader(content, anatomy, tokens)
    out = Shown()
    rule = RULES.get(pattern_id)
    if rule is not None:
        rule(r, out)
    if r.box is not None:
        _size(pattern_id, r.box, out)
    border = css_colour(tokens.colors.border)
    if pattern_id in OUTLINED and _outlined(tokens):
        out.variant = "outline"
        out.applied.append(("variant", "outline"))
        if border is not None:
            out.surface.append(f"border-[{border}]")
    elif pattern_id in FIELDS and border is not None and tokens.border.width_px != 0:
        out.surface.append(f"border-[{border}]")
    if nudge is not None and (nudge.x or nudge.y):
        _nudged(pattern_id, tokens, nudge, out)
    return out


def _nudged(pattern_id: str, tokens: DesignTokens, nudge: Nudge, out: Shown) -> None:
    """The text moved by `nudge`: one side's padding takes what the other gives up, so the
    box keeps its size (a label beside a control is moved where it is painted)."""
    marker = TRANSLATED_TEXT.get(pattern_id)
    moved = False
    if marker is not None:
        out.put(marker, f"translate-x-[{px(nudge.x)}]", f"translate-y-[{px(nudge.y)}]")
        moved = True
    elif pattern_id in PADDED_TEXT:
        s = tokens.spacing
        for padding, d, (start, end) in (
            (s.padding_x_px, nudge.x, ("pl", "pr")),
            (s.padding_y_px, nudge.y, ("pt", "pb")),
        ):
            # a side set already (a card's line fitted) is left as it is
            taken = any(c.startswith(f"{end}-[") for c in out.surface)
            if padding is not None and d and not taken:
                out.surface += [
                    f"{start}-[{size_px(padding + d)}]",
                    f"{end}-[{size_px(padding - d)}]",
                ]
                moved = True
    if moved:  # said only where a class was written: no padding known, nothing to trade
        out.applied.append(("text position", f"moved {px(nudge.x)} across, {px(nudge.y)} down"))


def _outlined(tokens: DesignTokens) -> bool:
    """A border around a surface of the page's colour (or none): an outline, not a fill."""
    c = tokens.colors
    if not tokens.border.width_px or c.border is None:
        return False
    if c.background is None:
        return True
    surface, page = parse_colour(c.background), parse_colour(c.page_background or "#ffffff")
    return surface is not None and page is not None and delta_e_2000(surface, page) < 3


def _size(pattern_id: str, box: Rect, out: Shown) -> None:
    if pattern_id in FIXED_WIDTH and box.width >= 1:
        out.surface.append(f"w-[{size_px(box.width)}]")
    if pattern_id in FIXED_HEIGHT and box.height >= 1:
        out.surface.append(f"h-[{size_px(box.height)}]")
        if pattern_id == "shadcn-select":  # its trigger sets `data-[size=default]:h-9`
            out.surface.append(f"data-[size=default]:h-[{size_px(box.height)}]")
    if pattern_id in SQUARE and box.width >= 1:
        out.surface.append(f"size-[{size_px(box.width)}]")


def _label(r: Reader, out: Shown) -> None:
    put_default(out, "label", r.text("label", "badge", "value", "title", "option", "tab"))


def _field(r: Reader, out: Shown) -> None:
    label = r.outside("label", "title")
    inside = [x for x in r.runs if x is not label]
    placeholder = " ".join(x.text.strip() for x in inside if x.role == "placeholder") or None
    value = " ".join(x.text.strip() for x in inside if x.role in ("value", "label")) or None
    if label is not None:
        put_default(out, "label", label.text.strip())
    else:
        out.defaults["label"] = "undefined"
        out.applied.append(("label", "none shown"))
        put_default(out, "accessibleName", placeholder or value)
    put_default(out, "placeholder", placeholder)
    put_default(out, "defaultValue", value)
    grey = next((x for x in inside if x.role == "placeholder"), None)
    colour = css_colour(grey.color) if grey is not None else None
    if colour is not None:
        out.surface.append(f"placeholder:text-[{colour}]")


def _toggle(r: Reader, out: Shown) -> None:
    label = r.text("label", "value", "title", "description")
    put_default(out, "label", label)
    if label is None:  # a bare control: no made-up label beside it; its name stays unseen
        out.defaults["label"] = "undefined"
        out.applied.append(("label", "none shown: name it with accessibleName"))
    control = r.part("control")
    if control is not None and control.active is not None:
        out.defaults["defaultChecked"] = "true" if control.active else "false"
        out.applied.append(("defaultChecked", "on" if control.active else "off"))
    if control is not None and min(control.box.width, control.box.height) >= 8:
        w, h = control.box.width, control.box.height
        out.surface += [f"w-[{size_px(w)}]", f"h-[{size_px(h)}]"]
        if w > h * 1.3:  # a switch: its thumb as measured (else the track's height) travels
            knob = r.part("indicator")
            k = knob.box.height if knob is not None else 0.0
            if not 0.4 * h <= k <= h:  # none measured, or none to trust: the track's height
                k = h - 4
            m = (h - k) / 2  # the thumb's margin, all round
            out.surface += [
                f"[&>span]:size-[{size_px(k)}]",
                f"[&>span]:ms-[{size_px(max(0.0, m - 1))}]",  # past the track's 1 px border
                f"[&>span]:data-[state=checked]:translate-x-[{size_px(w - k - 2 * m)}]",
            ]
            radius = r.tokens.border.radius_px
            if radius is not None and radius < h / 2 - 1:  # a squared track, a squared thumb
                out.surface.append(f"[&>span]:rounded-[{size_px(max(0.0, radius - 2))}]")
    if control is not None and control.active and r.tokens.colors.primary is None:
        _ticked(r.tokens, out)
    run = r.run("label", "value", "title", "description")
    if run is not None:
        # The row is as tall as the line the screenshot's label takes.
        out.put(TEXT, *typography(run), *line(run))
        family = r.tokens.typography.font_family
        if family and FONT_FAMILY.fullmatch(family):  # the label is no child of the control
            out.put(TEXT, family_class(family))
    if control is not None and run is not None:
        _row(control.box, run.box, out)


def _ticked(tokens: DesignTokens, out: Shown) -> None:
    """A box that is on without a fill of its own: a tick drawn on its surface, in the
    border the screenshot shows (the primitive's checked style fills it with the primary)."""
    c = tokens.colors
    for prefix, colour in (("bg", c.background), ("border", c.border), ("text", c.foreground)):
        value = css_colour(colour)
        if value is not None:
            out.surface.append(f"data-[state=checked]:{prefix}-[{value}]")
    out.applied.append(("checked style", "a tick on the surface, no fill"))


def _row(control: Rect, label: Rect, out: Shown) -> None:
    """The control and its label as the screenshot places them: the space between the two,
    and the label first where it stands before the control."""
    before = label.x + label.width <= control.x + control.width / 2
    gap = control.x - (label.x + label.width) if before else label.x - (control.x + control.width)
    if 0 <= gap <= 64:
        out.put(ROW, f"gap-[{size_px(gap)}]")
        out.applied.append(("gap", f"{gap:.0f} px between the control and its label"))
    if before:
        out.put(ROW, "flex-row-reverse", "justify-end")
        out.applied.append(("order", "the label before the control"))
    # Each as far down the row as the screenshot has it (centring both would move the shorter
    # by however the screenshot's row was aligned).
    top = min(control.y, label.y)
    out.put(ROW, "items-start")
    if control.y - top >= 0.5:
        out.surface.append(f"mt-[{size_px(control.y - top)}]")
    if label.y - top >= 0.5:
        out.put(TEXT, f"mt-[{size_px(label.y - top)}]")


def _progress(r: Reader, out: Shown) -> None:
    track, indicator = r.part("track"), r.part("indicator")
    if track is None or track.box.width < 1:
        return
    filled = indicator.box.width if indicator is not None else 0.0
    value = round(max(0.0, min(1.0, filled / track.box.width)) * 100)
    out.defaults["value"] = str(value)
    out.applied.append(("value", f"{value}%"))
    out.surface.append(f"h-[{size_px(track.box.height)}]")


def _select(r: Reader, out: Shown) -> None:
    placeholder, value = r.run("placeholder"), r.run("value", "option", "label")
    put_default(out, "placeholder", placeholder.text.strip() if placeholder is not None else None)
    if value is not None:
        text = value.text.strip()
        value_id = slug(text, set())
        out.defaults["items"] = f"[{{ value: {literal(value_id)}, label: {literal(text)} }}]"
        out.defaults["defaultValue"] = literal(value_id)
        out.applied.append(("defaultValue", text))
    colour = css_colour(placeholder.color) if placeholder is not None else None
    if colour is not None:
        out.surface.append(f"data-[placeholder]:text-[{colour}]")


def _avatar(r: Reader, out: Shown) -> None:
    initials = r.text("label", "value", "title", "badge")
    if initials is not None:
        put_default(out, "fallback", initials)
        run = r.run("label", "value", "title", "badge")
        if run is not None:
            out.put(TEXT, *typography(run))
    # The fallback covers the avatar: it shows the surface measured on the avatar.
    surface = css_colour(r.tokens.colors.background)
    if surface is not None:
        out.put(TEXT, f"bg-[{surface}]")


def _choices(r: Reader, out: Shown) -> None:
    options = [x.text.strip() for x in r.runs if x.role in ("option", "label") and x.text.strip()]
    if options:
        taken: set[str] = set()
        out.defaults["items"] = (
            "[\n"
            + "".join(
                f"  {{ value: {literal(slug(t, taken))}, label: {literal(t)} }},\n" for t in options
            )
            + "]"
        )
        out.applied.append(("items", ", ".join(options)))


RULES = {
    "shadcn-button": _label,
    "shadcn-badge": _label,
    "shadcn-toggle": _label,
    "shadcn-label": _label,
    "shadcn-input": _field,
    "shadcn-textarea": _field,
    "shadcn-checkbox": _toggle,
    "shadcn-switch": _toggle,
    "shadcn-progress": _progress,
    "shadcn-card": card,
    "shadcn-alert": alert,
    "shadcn-tabs": tabs,
    "shadcn-select": _select,
    "shadcn-avatar": _avatar,
    "shadcn-radio-group": _choices,
}
