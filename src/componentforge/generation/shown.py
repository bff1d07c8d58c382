"""What a screenshot shows, in the terms of a composition: the component's default text and
state (a button's label, a card's actions, the active tab, a checkbox that is on, a progress
value), and each part's measured style on that part (a card title's size and weight on the
title, the description's colour on the description, the component's size on its surface).

Everything here comes from a request (an extraction's `content` and `anatomy`, or a caller's):
text is written as JSON string literals, colours are parsed and written as oklch, sizes are
clamped numbers, so nothing a caller sends reaches the code as code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from componentforge.colours import delta_e_2000, oklch, parse_colour
from componentforge.generation.theme import WEIGHTS, px
from componentforge.schemas.extraction import Content, Part, Rect, TextRun
from componentforge.schemas.tokens import DesignTokens

# Where a composite's parts are in its JSX (the anatomies' markers).
TITLE, DESCRIPTION, HEADER, BODY, FOOTER, TEXT = (
    "$TITLE",
    "$DESCRIPTION",
    "$HEADER",
    "$BODY",
    "$FOOTER",
    "$TEXT",
)
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


@dataclass
class Shown:
    """What the composer applies: content defaults (TS literals), classes per JSX marker,
    imports the defaults need, and the theme classes the surface must not take."""

    defaults: dict[str, str] = field(default_factory=dict)
    classes: dict[str, list[str]] = field(default_factory=dict)
    imports: list[tuple[str, str]] = field(default_factory=list)  # (module, export)
    surface: list[str] = field(default_factory=list)
    moved: tuple[str, ...] = ()  # prefixes of theme classes that belong to the parts
    variant: str | None = None  # the cva variant the screenshot shows (an outline button)
    applied: list[tuple[str, str]] = field(default_factory=list)  # (name, what was shown)

    def put(self, marker: str, *classes: str) -> None:
        self.classes.setdefault(marker, []).extend(c for c in classes if c)

    def keeps(self, theme_class: str) -> bool:
        return not any(theme_class.startswith(prefix) for prefix in self.moved)


def _px(value: float) -> str:
    return px(min(max(value, 0.0), 4096.0))


def _colour(value: str | None) -> str | None:
    rgb = parse_colour(value) if value else None
    return None if rgb is None else oklch(rgb).replace(" ", "_")


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _inside(inner: Rect, outer: Rect) -> bool:
    cx, cy = inner.x + inner.width / 2, inner.y + inner.height / 2
    return outer.x <= cx <= outer.x + outer.width and outer.y <= cy <= outer.y + outer.height


def typography(run: TextRun) -> list[str]:
    """A run's size, weight and colour as Tailwind classes."""
    out = []
    if run.font_size_px is not None:
        out.append(f"text-[{_px(run.font_size_px)}]")
    if run.font_weight is not None:
        w = run.font_weight
        out.append(WEIGHTS[min(WEIGHTS, key=lambda k: abs(k - w))])
    colour = _colour(run.color)
    if colour is not None:
        out.append(f"text-[{colour}]")
    return out


class Reader:
    """The screenshot's runs and parts, asked for by role."""

    def __init__(
        self, content: Content | None, anatomy: list[Part], tokens: DesignTokens | None = None
    ) -> None:
        self.tokens = tokens or DesignTokens()
        self.parts = anatomy
        actions = [p.box for p in anatomy if p.role == "action"]
        runs = content.runs if content is not None else []
        # A run inside a card's button is the button's label, not the card's text.
        self.runs = [r for r in runs if not any(_inside(r.box, a) for a in actions)]
        self.box = next((p.box for p in anatomy if p.role in ("component", "track")), None)

    def text(self, *roles: str) -> str | None:
        found = [r.text.strip() for r in self.runs if r.role in roles and r.text.strip()]
        return " ".join(found) if found else None

    def run(self, *roles: str) -> TextRun | None:
        return next((r for r in self.runs if r.role in roles and r.text.strip()), None)

    def part(self, role: str) -> Part | None:
        return next((p for p in self.parts if p.role == role), None)

    def all(self, role: str) -> list[Part]:
        return [p for p in self.parts if p.role == role]

    def outside(self, *roles: str) -> TextRun | None:
        """A run of these roles beside the component's box (a field's label above it)."""
        if self.box is None:
            return None
        box = self.box
        return next(
            (r for r in self.runs if r.role in roles and not _inside(r.box, box)),
            None,
        )


def shown(
    pattern_id: str, content: Content | None, anatomy: list[Part], tokens: DesignTokens
) -> Shown | None:
    """What the composition of `pattern_id` takes from the screenshot; None without one."""
    if content is None and not anatomy:
        return None
    r = Reader(content, anatomy, tokens)
    out = Shown()
    rule = RULES.get(pattern_id)
    if rule is not None:
        rule(r, out)
    if r.box is not None:
        _size(pattern_id, r.box, out)
    if pattern_id in OUTLINED and _outlined(tokens):
        out.variant = "outline"
        out.applied.append(("variant", "outline"))
        border = _colour(tokens.colors.border)
        if border is not None:
            out.surface.append(f"border-[{border}]")
    return out


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
        out.surface.append(f"w-[{_px(box.width)}]")
    if pattern_id in FIXED_HEIGHT and box.height >= 1:
        out.surface.append(f"h-[{_px(box.height)}]")
    if pattern_id in SQUARE and box.width >= 1:
        out.surface.append(f"size-[{_px(box.width)}]")


def _set(out: Shown, name: str, text: str | None) -> None:
    if text is not None:
        out.defaults[name] = _literal(text)
        out.applied.append((name, text))


def _label(r: Reader, out: Shown) -> None:
    _set(out, "label", r.text("label", "badge", "value", "title", "option", "tab"))


def _field(r: Reader, out: Shown) -> None:
    label = r.outside("label", "title")
    inside = [x for x in r.runs if x is not label]
    placeholder = " ".join(x.text.strip() for x in inside if x.role == "placeholder") or None
    value = " ".join(x.text.strip() for x in inside if x.role in ("value", "label")) or None
    if label is not None:
        _set(out, "label", label.text.strip())
    else:
        out.defaults["label"] = "undefined"
        out.applied.append(("label", "none shown"))
        _set(out, "accessibleName", placeholder or value)
    _set(out, "placeholder", placeholder)
    _set(out, "defaultValue", value)
    grey = next((x for x in inside if x.role == "placeholder"), None)
    colour = _colour(grey.color) if grey is not None else None
    if colour is not None:
        out.surface.append(f"placeholder:text-[{colour}]")


def _toggle(r: Reader, out: Shown) -> None:
    _set(out, "label", r.text("label", "value", "title", "description"))
    control = r.part("control")
    if control is not None and control.active is not None:
        out.defaults["defaultChecked"] = "true" if control.active else "false"
        out.applied.append(("defaultChecked", "on" if control.active else "off"))
    if control is not None and min(control.box.width, control.box.height) >= 8:
        w, h = control.box.width, control.box.height
        out.surface += [f"w-[{_px(w)}]", f"h-[{_px(h)}]"]
        if w > h * 1.3:  # a switch: its thumb fills the track's height and travels its length
            out.surface += [
                f"[&>span]:size-[{_px(h - 4)}]",
                f"[&>span]:data-[state=checked]:translate-x-[{_px(w - h)}]",
            ]
    run = r.run("label", "value", "title", "description")
    if run is not None:
        out.put(TEXT, *typography(run))


def _progress(r: Reader, out: Shown) -> None:
    track, indicator = r.part("track"), r.part("indicator")
    if track is None or track.box.width < 1:
        return
    filled = indicator.box.width if indicator is not None else 0.0
    value = round(max(0.0, min(1.0, filled / track.box.width)) * 100)
    out.defaults["value"] = str(value)
    out.applied.append(("value", f"{value}%"))
    out.surface.append(f"h-[{_px(track.box.height)}]")


def _composite(r: Reader, out: Shown, description_role: tuple[str, ...]) -> None:
    title = r.run("title", "label")
    described = [x for x in r.runs if x.role in description_role and x is not title]
    _set(out, "title", title.text.strip() if title is not None else None)
    _set(out, "description", " ".join(x.text.strip() for x in described) or None)
    if title is not None:
        out.put(TITLE, *typography(title))
    if described:
        out.put(DESCRIPTION, *typography(described[0]))
    # size, colour, weight and leading go on the parts; the family stays on the surface
    out.moved = ("text-[", "leading-", *WEIGHTS.values())


def _card(r: Reader, out: Shown) -> None:
    _composite(r, out, ("description", "value", "placeholder", "option"))
    # The card's padding is the space to its text: its parts must not add their own.
    out.put(HEADER, "px-0")
    out.put(BODY, "px-0")
    out.put(FOOTER, "px-0", "gap-2")
    labels = [a.text.strip() for a in r.all("action") if a.text and a.text.strip()]
    if labels:
        outline = ' variant="outline"'
        buttons = "".join(
            f"<Button{'' if i == 0 else outline}>{{{_literal(t)}}}</Button>"
            for i, t in enumerate(labels)
        )
        out.defaults["actions"] = f"<>{buttons}</>"
        out.imports.append(("button", "Button"))
        out.applied.append(("actions", ", ".join(labels)))


def _alert(r: Reader, out: Shown) -> None:
    _composite(r, out, ("description", "value", "placeholder", "option", "label"))
    if r.part("icon") is not None:
        out.defaults["icon"] = '<CircleAlert aria-hidden="true" />'
        out.imports.append(("lucide-react", "CircleAlert"))
        out.applied.append(("icon", "an icon before the title"))


def _tabs(r: Reader, out: Shown) -> None:
    tabs = [p for p in r.all("tab") if p.text and p.text.strip()]
    if not tabs:
        return
    taken: set[str] = set()
    items = [(_slug(p.text or "", taken), (p.text or "").strip(), p.active) for p in tabs]
    out.defaults["items"] = (
        "[\n"
        + "".join(
            f"  {{ value: {_literal(v)}, label: {_literal(label)}, content: null }},\n"
            for v, label, _ in items
        )
        + "]"
    )
    active = next((v for v, _, on in items if on), items[0][0])
    out.defaults["defaultValue"] = _literal(active)
    out.applied.append(("items", ", ".join(label for _, label, _ in items)))
    out.applied.append(("defaultValue", active))


def _select(r: Reader, out: Shown) -> None:
    placeholder, value = r.run("placeholder"), r.run("value", "option", "label")
    _set(out, "placeholder", placeholder.text.strip() if placeholder is not None else None)
    if value is not None:
        text = value.text.strip()
        slug = _slug(text, set())
        out.defaults["items"] = f"[{{ value: {_literal(slug)}, label: {_literal(text)} }}]"
        out.defaults["defaultValue"] = _literal(slug)
        out.applied.append(("defaultValue", text))
    colour = _colour(placeholder.color) if placeholder is not None else None
    if colour is not None:
        out.surface.append(f"data-[placeholder]:text-[{colour}]")


def _avatar(r: Reader, out: Shown) -> None:
    initials = r.text("label", "value", "title", "badge")
    if initials is not None:
        _set(out, "fallback", initials)
        run = r.run("label", "value", "title", "badge")
        if run is not None:
            out.put(TEXT, *typography(run))
    # The fallback covers the avatar: it shows the surface measured on the avatar.
    surface = _colour(r.tokens.colors.background)
    if surface is not None:
        out.put(TEXT, f"bg-[{surface}]")


def _choices(r: Reader, out: Shown) -> None:
    options = [x.text.strip() for x in r.runs if x.role in ("option", "label") and x.text.strip()]
    if options:
        taken: set[str] = set()
        out.defaults["items"] = (
            "[\n"
            + "".join(
                f"  {{ value: {_literal(_slug(t, taken))}, label: {_literal(t)} }},\n"
                for t in options
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
    "shadcn-card": _card,
    "shadcn-alert": _alert,
    "shadcn-tabs": _tabs,
    "shadcn-select": _select,
    "shadcn-avatar": _avatar,
    "shadcn-radio-group": _choices,
}
