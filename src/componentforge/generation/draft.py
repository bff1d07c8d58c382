"""What the offline composer produces: the draft component, and the ledger saying how each
requirement was applied (or why it was not)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from componentforge.generation.theme import Theme
from componentforge.schemas.generation import Applied, How


class UnknownAnatomy(LookupError):
    """The pattern has no composition recipe."""


@dataclass
class Draft:
    name: str
    code: str
    stories: str
    theme: Theme
    ledger: list[Applied]
    warnings: list[str]
    imports: list[str]  # pattern exports the component uses
    shown: dict[str, str] = field(default_factory=dict)  # content taken from the screenshot


@dataclass
class Wiring:
    """What a composition gathers before it writes the file: props, attributes, handlers,
    stories, and how each requirement was applied."""

    declared: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (type, doc)
    destructure: dict[str, str | None] = field(default_factory=dict)  # name → default
    attrs: dict[str, list[str]] = field(default_factory=dict)  # marker → attributes
    body: list[str] = field(default_factory=list)
    data_state: list[str] = field(default_factory=list)  # custom states, in order
    keys: dict[str, list[str]] = field(default_factory=dict)  # key → handlers
    stories: dict[str, dict[str, object]] = field(default_factory=dict)
    ledger: list[Applied] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def attr(self, marker: str, attribute: str) -> None:
        self.attrs.setdefault(marker, []).append(attribute)

    def note(self, category: str, name: str, how: How, detail: str) -> None:
        self.ledger.append(Applied(category=category, name=name, how=how, detail=detail))
        if how == "omitted":
            self.warnings.append(
                f"{category[:-1] if category != 'accessibility' else category}"
                f" {name!r} not applied: {detail}"
            )


def stories_file(name: str, stories: dict[str, dict[str, object]]) -> str:
    """`{name}.stories.tsx`: CSF3, one story per entry (its args)."""
    out = [
        'import type { Meta, StoryObj } from "@storybook/react"',
        "",
        f'import {{ {name} }} from "./{name}"',
        "",
        "const meta = {",
        f'  title: "Components/{name}",',
        f"  component: {name},",
        "} satisfies Meta<typeof " + name + ">",
        "",
        "export default meta",
        "type Story = StoryObj<typeof meta>",
        "",
    ]
    for story, args in stories.items():
        body = ", ".join(f"{k}: {json.dumps(v)}" for k, v in args.items())
        out.append(
            f"export const {story}: Story = {{ args: {{ {body} }} }}"
            if body
            else f"export const {story}: Story = {{}}"
        )
    return "\n".join(out) + "\n"
