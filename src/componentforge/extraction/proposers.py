"""Offline requirement proposers: what the pattern library knows about a component type, made
specific by what the pixels show (a ticked box, an icon without text, a bar at 60 %)."""

from __future__ import annotations

from dataclasses import dataclass

from componentforge.colours import contrast_ratio, parse_colour
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Proposal, RequirementCategory
from componentforge.schemas.tokens import DesignTokens

ENGINE = "offline"


@dataclass(frozen=True)
class Evidence:
    """What the image showed, as far as the proposers care."""

    component_type: str
    text_lines: int = 0
    icon_only: bool = False
    label_beside: bool = False
    filled: bool = False
    bordered: bool = False
    fill_share: float | None = None  # a bar's indicator over its width


def _p(
    category: RequirementCategory,
    name: str,
    type_: str | None,
    rationale: str,
    confidence: float,
    default: str | None = None,
) -> Proposal:
    return Proposal(
        name=name,
        category=category,
        type=type_,
        default=default,
        rationale=rationale,
        confidence=round(confidence, 2),
        source=ENGINE,
    )


def propose_props(pattern: Pattern | None, ev: Evidence, tokens: DesignTokens) -> list[Proposal]:
    out: list[Proposal] = []
    if pattern is not None:
        for prop in pattern.props:
            out.append(
                _p(
                    "props",
                    prop.name,
                    prop.type,
                    f"{pattern.name}: {prop.description}",
                    0.7,
                    prop.default,
                )
            )
        for name, values in pattern.variants.items():
            union = " | ".join(f'"{v}"' for v in values)
            default = _variant_default(name, values, ev)
            out.append(
                _p("props", name, union, f"{pattern.name} has {len(values)} {name}s", 0.75, default)
            )
    if ev.fill_share is not None:
        percent = round(ev.fill_share * 100)
        out.append(
            _p(
                "props",
                "value",
                "number",
                f"the indicator fills {percent}% of the track",
                0.85,
                str(percent),
            )
        )
    if ev.component_type in ("checkbox", "switch") and tokens.colors.primary is not None:
        out.append(
            _p("props", "defaultChecked", "boolean", "the screenshot shows it on", 0.8, "true")
        )
    if ev.text_lines and ev.component_type in ("button", "badge", "alert", "card", "dialog"):
        out.append(_p("props", "children", "React.ReactNode", "the component shows text", 0.8))
    if ev.component_type in ("input", "textarea", "select") and ev.text_lines:
        out.append(_p("props", "placeholder", "string", "text shown in the empty field", 0.65))
    return out


def _variant_default(name: str, values: list[str], ev: Evidence) -> str | None:
    if name == "variant" and "outline" in values and ev.bordered and not ev.filled:
        return '"outline"'
    return f'"{values[0]}"' if values else None


def propose_events(pattern: Pattern | None, ev: Evidence) -> list[Proposal]:
    out: list[Proposal] = []
    if pattern is not None:
        for event in pattern.events:
            out.append(_p("events", event.name, event.signature, event.description, 0.75))
    if ev.component_type == "button" and not any(p.name == "onClick" for p in out):
        out.append(
            _p(
                "events",
                "onClick",
                "(event: React.MouseEvent<HTMLButtonElement>) => void",
                "a button acts on click",
                0.85,
            )
        )
    if ev.component_type in ("input", "textarea") and not any(p.name == "onChange" for p in out):
        out.append(
            _p(
                "events",
                "onChange",
                "(event: React.ChangeEvent<HTMLInputElement>) => void",
                "an editable field reports edits",
                0.8,
            )
        )
    return out


def propose_states(pattern: Pattern | None, ev: Evidence, tokens: DesignTokens) -> list[Proposal]:
    out: list[Proposal] = []
    if pattern is not None:
        for state in pattern.states:
            seen = ev.component_type in ("checkbox", "switch") and state.name == "checked"
            out.append(
                _p(
                    "states",
                    state.name,
                    state.attribute,
                    state.description + (" (shown in the screenshot)" if seen else ""),
                    0.9 if seen else 0.65,
                )
            )
    names = {p.name for p in out}
    if ev.component_type in ("button", "input", "select", "textarea", "checkbox", "switch"):
        for name, why in (
            ("focus-visible", "keyboard focus must show a ring"),
            ("disabled", "form controls can be disabled"),
        ):
            if name not in names:
                out.append(_p("states", name, None, why, 0.6))
    if ev.component_type == "button" and "hover" not in names:
        out.append(_p("states", "hover", None, "buttons answer the pointer", 0.55))
    return out


def propose_accessibility(
    pattern: Pattern | None, ev: Evidence, tokens: DesignTokens
) -> list[Proposal]:
    out: list[Proposal] = []
    if pattern is not None:
        a11y = pattern.accessibility
        for role in a11y.roles:
            out.append(
                _p(
                    "accessibility",
                    f"role={role}",
                    None,
                    f"{pattern.name} exposes role {role}",
                    0.8,
                )
            )
        for key in a11y.keyboard:
            out.append(_p("accessibility", "keyboard", None, key, 0.75))
        out.append(_p("accessibility", "labelling", None, a11y.labelling, 0.7))
    if ev.icon_only:
        out.append(
            _p(
                "accessibility",
                "aria-label",
                "string",
                "an icon with no visible text needs a name",
                0.9,
            )
        )
    if ev.label_beside:
        out.append(
            _p(
                "accessibility",
                "label-association",
                None,
                "the visible label beside the control must be tied to it (htmlFor / id)",
                0.85,
            )
        )
    fg, bg = tokens.colors.foreground, tokens.colors.background
    if fg and bg:
        a, b = parse_colour(fg), parse_colour(bg)
        if a is not None and b is not None:
            ratio = contrast_ratio(a, b)
            if ratio < 4.5:
                out.append(
                    _p(
                        "accessibility",
                        "text-contrast",
                        None,
                        f"text {fg} on {bg} is {ratio:.2f}:1; WCAG AA needs 4.5:1",
                        0.9,
                    )
                )
    return out
