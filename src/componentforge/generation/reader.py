"""The screenshot's runs and parts as a composition reads them (`Reader`), what the composer
applies (`Shown`), and how measured values are written into code: text as JSON string
literals, colours parsed and written as oklch, sizes as clamped numbers, so nothing a caller
sends reaches the code as code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from componentforge.colours import oklch, parse_colour
from componentforge.generation.theme import WEIGHTS, px
from componentforge.schemas.extraction import Content, Part, Rect, TextRun
from componentforge.schemas.tokens import DesignTokens

# Where a composite's parts are in its JSX (the anatomies' markers).
TITLE, DESCRIPTION, HEADER, BODY, FOOTER, TEXT, TRIGGER, ROW = (
    "$TITLE",
    "$DESCRIPTION",
    "$HEADER",
    "$BODY",
    "$FOOTER",
    "$TEXT",
    "$TRIGGER",
    "$ROW",
)


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


def size_px(value: float) -> str:
    return px(min(max(value, 0.0), 4096.0))


def css_colour(value: str | None) -> str | None:
    rgb = parse_colour(value) if value else None
    return None if rgb is None else oklch(rgb).replace(" ", "_")


def literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def inside(inner: Rect, outer: Rect) -> bool:
    cx, cy = inner.x + inner.width / 2, inner.y + inner.height / 2
    return outer.x <= cx <= outer.x + outer.width and outer.y <= cy <= outer.y + outer.height


def typography(run: TextRun) -> list[str]:
    """A run's size, weight and colour as Tailwind classes."""
    out = []
    if run.font_size_px is not None:
        out.append(f"text-[{size_px(run.font_size_px)}]")
    if run.font_weight is not None:
        w = run.font_weight
        out.append(WEIGHTS[min(WEIGHTS, key=lambda k: abs(k - w))])
    colour = css_colour(run.color)
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
        self.runs = [r for r in runs if not any(inside(r.box, a) for a in actions)]
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
            (r for r in self.runs if r.role in roles and not inside(r.box, box)),
            None,
        )


def put_default(out: Shown, name: str, text: str | None) -> None:
    if text is not None:
        out.defaults[name] = literal(text)
        out.applied.append((name, text))
