"""How each pattern is composed into a ready-to-use component: which of its exports are used, the
props the rest spread goes to, the content a user fills in, and the JSX.

In `jsx`, `$ROOT` marks the element that takes the rest props and the wiring, `$SURFACE` the
element that carries the tokens (className and the scoped theme); they may be the same element.
`$N` is the generated component's name (in `preamble`, `content` types and defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Content:
    """A prop the composition renders (a label, a title, a list of items), with its default."""

    name: str
    type: str
    default: str
    doc: str


@dataclass(frozen=True)
class Slot:
    marker: str  # $SURFACE, or a marker of its own in the JSX
    attribute: str  # JSX attribute, using the prop's name
    type: str
    default: str | None = None


@dataclass(frozen=True)
class Anatomy:
    imports: tuple[str, ...]
    base: str  # the props type of the $ROOT element
    jsx: str
    content: tuple[Content, ...] = ()
    preamble: str = ""
    type_imports: tuple[str, ...] = ()  # extra `import ...` lines (types from primitives)
    owns_state: bool = True  # the root renders data-state itself (Radix); we must not override
    children: bool = False  # `children` replaces the main label when given
    variant_props: tuple[str, ...] = field(default=())  # cva variant props the root takes
    dom_root: bool = True  # the root renders a DOM element (takes DOM events and attributes)
    # Pattern props and events that belong to another part than the root: name → where they go.
    slots: dict[str, Slot] = field(default_factory=dict)
    a11y_marker: str = "$SURFACE"  # where requested ARIA attributes go
    # Classes a marker's element always has; a screenshot's class of the same utility (its
    # `gap-[6px]` for the default `gap-2`) takes the default's place.
    marker_classes: dict[str, str] = field(default_factory=dict)
    foreign: frozenset[str] = frozenset()  # pattern props and events of other parts


def items_interface(kind: str = "Item") -> str:
    return f"export interface $N{kind} {{\n  value: string\n  label: string\n}}\n"


LABEL = Content("label", "React.ReactNode", '"Continue"', "The visible text")
TITLE = Content("title", "string", '"Are you sure?"', "The heading")
DESCRIPTION = Content(
    "description", "string", '"This action cannot be undone."', "The supporting text"
)
TRIGGER = Content("triggerLabel", "string", '"Open"', "Text of the button that opens it")


def _utility(css_class: str) -> str:
    """`gap-2` and `gap-[6px]` are both `gap`; `items-center` is `items`; `flex` is `flex`."""
    if "-[" in css_class:
        return css_class.split("-[", 1)[0]
    return css_class.rsplit("-", 1)[0] if "-" in css_class else css_class


def with_defaults(defaults: str, shown: list[str]) -> list[str]:
    """A marker's default classes, less those whose utility a shown class sets, then the
    shown ones."""
    taken = {_utility(c) for c in shown}
    return [c for c in defaults.split() if _utility(c) not in taken] + shown
