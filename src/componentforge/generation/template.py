"""The offline generator: a pattern's composition (anatomy.py) with the tokens and requirements
applied for real. Tokens become scoped shadcn theme variables and Tailwind classes; requirement
props a typed props interface with defaults; events handlers wired to the element that emits
them; states props reflected in data attributes; accessibility attributes on the surface.

Every requirement lands in the ledger with how it was applied, or why it was not.
"""

from __future__ import annotations

import json
import re

from componentforge.generation.anatomies import ANATOMIES
from componentforge.generation.anatomy import Anatomy, with_defaults
from componentforge.generation.draft import Draft, UnknownAnatomy, Wiring, stories_file
from componentforge.generation.idents import (
    ATTRIBUTE_VALUE,
    DOM_EVENTS,
    GLOBAL_ARIA,
    INVALID_ALLOWED,
    JS_RESERVED,
    KEYS,
    PSEUDO_STATES,
    REACT_RESERVED,
    RENAMED,
    STATE_ARIA,
    camel,
    doc_comment,
    infer_type,
    kebab,
    pascal,
    safe_type,
)
from componentforge.generation.imports import import_lines_of
from componentforge.generation.reader import Shown
from componentforge.generation.theme import Theme, build_theme
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Proposal, Requirements
from componentforge.schemas.tokens import DesignTokens


class Composer:
    """Builds one component from a pattern; one instance per generation."""

    def __init__(
        self,
        pattern: Pattern,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
        shown: Shown | None = None,
    ) -> None:
        anatomy = ANATOMIES.get(pattern.id)
        if anatomy is None:
            raise UnknownAnatomy(pattern.id)
        self.pattern = pattern
        self.anatomy: Anatomy = anatomy
        self.name = name
        self.tokens = tokens
        self.requirements = requirements
        self.shown = shown or Shown()
        self.plan = Wiring()
        self.meta_props = {p.name: p for p in pattern.props}
        self.meta_events = {e.name: e for e in pattern.events}
        self.content = {c.name: c for c in anatomy.content}
        self.jsx = anatomy.jsx.replace("$N", name)

    # -- requirements ------------------------------------------------------------------------

    def _prop(self, proposal: Proposal) -> None:
        p = self.plan
        raw = proposal.name.strip()
        ident = RENAMED.get(raw) or camel(raw)
        if ident is None or raw in REACT_RESERVED or ident in REACT_RESERVED:
            why = "reserved by React" if raw in REACT_RESERVED else "not a usable prop name"
            p.note("props", raw, "omitted", why)
            return
        if ident in JS_RESERVED:
            p.note("props", raw, "omitted", "a JavaScript reserved word")
            return
        if ident != raw:
            p.warnings.append(f"prop {raw!r} written as {ident!r}")
        if ident in ("className", "style", "children"):
            p.note("props", ident, "pattern", f"{ident} is passed to the component")
        elif ident in self.content:
            p.note("props", ident, "content", "rendered by the composition")
        elif ident in self.anatomy.slots:
            self._slot(ident, "props")
        elif ident in self.anatomy.foreign:
            p.note("props", ident, "omitted", "it belongs to a part the composition renders itself")
        elif ident in self.meta_props:
            spec = self.meta_props[ident]
            p.note("props", ident, "pattern", f"{spec.type}, from {self.pattern.id}")
        else:
            self._custom_prop(ident, proposal)

    def _custom_prop(self, ident: str, proposal: Proposal) -> None:
        p = self.plan
        ts_type, default = infer_type(proposal, ident)
        doc = proposal.rationale or f"{ident} (from the requirements)"
        if "=>" in ts_type:
            p.warnings.append(f"prop {ident!r} has a function type: treated as an event")
            self._custom_event(ident, ts_type)
            return
        p.declared[ident] = (ts_type, doc)
        p.destructure[ident] = default
        if ts_type == "boolean":
            p.attr("$SURFACE", f'data-{kebab(ident)}={{{ident} ? "" : undefined}}')
        else:
            p.attr("$SURFACE", f"data-{kebab(ident)}={{{ident}}}")
        p.note("props", ident, "declared", f"{ts_type}, shown as data-{kebab(ident)}")

    def _slot(self, ident: str, category: str) -> None:
        slot = self.anatomy.slots[ident]
        self.plan.declared[ident] = (slot.type, self._doc(ident))
        self.plan.destructure[ident] = slot.default
        self.plan.attr(slot.marker, slot.attribute)
        self.plan.note(category, ident, "wired", f"on the {slot.marker.strip('$').lower()} part")

    def _has(self, attribute: str) -> bool:
        """Whether some requirement already put `attribute` on the accessibility element."""
        marker = self.anatomy.a11y_marker
        return any(a.startswith(f"{attribute}=") for a in self.plan.attrs.get(marker, []))

    def _doc(self, ident: str) -> str:
        spec = self.meta_props.get(ident) or self.meta_events.get(ident)
        return spec.description if spec is not None else ident

    def _event(self, proposal: Proposal) -> None:
        p = self.plan
        raw = proposal.name.strip()
        ident = camel(raw)
        if ident is not None and not ident.startswith("on"):
            ident = "on" + pascal(ident)
        if ident is None or not re.fullmatch(r"on[A-Z][A-Za-z0-9]*", ident):
            p.note("events", raw, "omitted", "an event is named on + an action, like onClick")
            return
        if ident in p.destructure:
            return
        if ident in self.anatomy.slots:
            self._slot(ident, "events")
        elif ident in self.meta_events and ident not in self.anatomy.foreign:
            p.destructure[ident] = None
            p.attr("$ROOT", f"{ident}={{{ident}}}")
            p.note("events", ident, "wired", f"{self.meta_events[ident].signature}, on the root")
        elif ident in DOM_EVENTS:
            marker = "$ROOT" if self.anatomy.dom_root else "$SURFACE"
            if marker == "$SURFACE":
                p.declared[ident] = (f"(event: {DOM_EVENTS[ident]}) => void", ident)
            p.destructure[ident] = None
            p.attr(marker, f"{ident}={{{ident}}}")
            p.note("events", ident, "wired", f"DOM event on the {marker.strip('$').lower()}")
        else:
            self._custom_event(
                ident,
                proposal.type
                if proposal.type and "=>" in proposal.type and safe_type(proposal.type)
                else "() => void",
            )

    def _custom_event(self, ident: str, ts_type: str) -> None:
        p = self.plan
        key = next((k for k, names in KEYS.items() if ident in names), None)
        if key is None or not ts_type.startswith("()"):
            p.note("events", ident, "omitted", f"no element of {self.pattern.id} emits it")
            return
        p.declared[ident] = (ts_type, f"{key} pressed on the component")
        p.destructure[ident] = None
        p.keys.setdefault(key, []).append(ident)
        p.note("events", ident, "wired", f"{key} key on the surface")

    def _state(self, proposal: Proposal) -> None:
        p = self.plan
        raw = proposal.name.strip().lower()
        ident = camel(raw)
        if raw in PSEUDO_STATES:
            p.note("states", raw, "primitive", f"styled by the pattern's {raw}: classes")
            return
        if ident is None or ident in JS_RESERVED or ident in REACT_RESERVED:
            p.note("states", raw, "omitted", "not a usable state name")
            return
        source = self.pattern.source_code
        known = {s.name for s in self.pattern.states}
        if ident in self.meta_props or (raw in known and (raw in source or ident in source)):
            p.note("states", ident, "primitive", f"rendered by {self.pattern.id}")
            return
        if ident in p.declared:  # also asked for as a prop
            self.plan.destructure[ident] = self.plan.destructure.get(ident) or "false"
        else:
            p.declared[ident] = ("boolean", f"The {raw} state (controlled)")
            p.destructure[ident] = "false"
            p.attr("$SURFACE", f'data-{kebab(ident)}={{{ident} ? "" : undefined}}')
        aria = STATE_ARIA.get(ident)
        if (
            aria is not None
            and ("aria-busy" in aria or self.pattern.id in INVALID_ALLOWED)
            and not self._has(aria.split("=", 1)[0])
        ):
            p.attr(self.anatomy.a11y_marker, aria)
        if not self.anatomy.owns_state:
            p.data_state.append(ident)
        p.stories[pascal(ident)] = {ident: True}
        p.note("states", ident, "declared", f"boolean prop, data-{kebab(ident)}")

    def _accessibility(self, proposal: Proposal) -> None:
        p = self.plan
        text = proposal.name.strip()
        aria = re.fullmatch(r'(aria-[a-z]+)(?:\s*[=:]\s*"?([^"]*?)"?)?', text)
        role = re.fullmatch(r'role\s*[=: ]\s*"?([a-z]+)"?', text)
        roles = self.pattern.accessibility.roles
        if aria:
            attr, value = aria.group(1), aria.group(2)
            if attr not in GLOBAL_ARIA:
                p.note(
                    "accessibility", text, "primitive", f"set by the {', '.join(roles)} primitive"
                )
            elif re.search(rf"\b{attr}=", self.jsx):
                p.note("accessibility", text, "content", f"{attr} comes from a content prop")
            elif self._has(attr):
                p.note("accessibility", text, "attribute", f"{attr} follows a requested state")
            elif value:
                if not ATTRIBUTE_VALUE.fullmatch(value):
                    p.note(
                        "accessibility",
                        text,
                        "omitted",
                        "the value has characters we will not write",
                    )
                    return
                p.attr(self.anatomy.a11y_marker, f"{attr}={json.dumps(value)}")
                p.note("accessibility", text, "attribute", f"{attr} set in the JSX")
            else:
                ident = camel(attr)
                assert ident is not None
                p.declared[f'"{attr}"'] = (
                    f'React.AriaAttributes["{attr}"]',
                    f"{attr} of the component",
                )
                p.destructure[f'"{attr}": {ident}'] = None
                p.attr(self.anatomy.a11y_marker, f"{attr}={{{ident}}}")
                p.note("accessibility", text, "attribute", f"{attr} prop, set in the JSX")
        elif role:
            if role.group(1) in roles:
                p.note("accessibility", text, "primitive", "the element already has this role")
            else:
                own = f"the {roles[0]} role's" if roles else "the element's"
                p.note("accessibility", text, "omitted", f"would change {own} semantics")
        else:
            keyboard = "; ".join(self.pattern.accessibility.keyboard) or "native keyboard support"
            p.note("accessibility", text, "primitive", keyboard)

    # -- assembly ----------------------------------------------------------------------------

    def compose(self) -> Draft:
        theme = build_theme(self.tokens)
        shown = self.shown
        kept = [c for c in theme.classes if shown.keeps(c)] + shown.surface
        theme.classes = list(dict.fromkeys(kept))
        self.plan.warnings.extend(theme.warnings)
        r = self.requirements
        for prop in r.props:
            self._prop(prop)
        for state in r.states:
            self._state(state)
        for event in r.events:
            self._event(event)
        for item in r.accessibility:
            self._accessibility(item)
        code = self._code(theme)
        return Draft(
            name=self.name,
            code=code,
            stories=self._stories(),
            theme=theme,
            ledger=self.plan.ledger,
            warnings=self.plan.warnings,
            imports=list(self.anatomy.imports),
            shown=dict(shown.applied),
        )

    def _code(self, theme: Theme) -> str:
        p, a = self.plan, self.anatomy
        jsx = self.jsx
        import_lines, alias = import_lines_of(
            self.pattern, self.anatomy.imports, self.name, self.shown.imports
        )
        for original, renamed in alias.items():
            jsx = re.sub(rf"(</?){original}(?=[\s>/])", rf"\g<1>{renamed}", jsx)
        base = a.base
        for original, renamed in alias.items():
            base = base.replace(f"typeof {original}>", f"typeof {renamed}>")
        for c in a.content:
            ts_type = c.type.replace("$N", self.name)
            default = self.shown.defaults.get(c.name, c.default)
            p.declared.setdefault(c.name, (ts_type, c.doc))
            p.destructure.setdefault(c.name, None if default == "undefined" else default)
        if self.shown.variant is not None and "variant" in a.variant_props:
            p.destructure["variant"] = json.dumps(self.shown.variant)
            p.attr("$ROOT", "variant={variant}")
        for marker in dict.fromkeys([*a.marker_classes, *self.shown.classes]):
            classes = with_defaults(
                a.marker_classes.get(marker, ""), self.shown.classes.get(marker, [])
            )
            if classes and marker in jsx:
                p.attr(marker, f"className={json.dumps(' '.join(classes))}")
        if theme.variables and "$ROW" in jsx:  # a label beside the surface sees its font too
            p.attr("$ROW", "style={theme}")
        if "children" in jsx:
            p.destructure["children"] = None
        if "inputId" in jsx:
            p.destructure["id"] = None
            p.body += ["const generatedId = React.useId()", "const inputId = id ?? generatedId"]
        uses_cn = bool(theme.classes)
        surface = [
            f'className={{cn("{" ".join(theme.classes)}", className)}}'
            if uses_cn
            else "className={className}",
            "style={{ ...theme, ...style }}" if theme.variables else "style={style}",
        ]
        p.attrs["$SURFACE"] = surface + p.attrs.get("$SURFACE", [])
        if p.keys:
            p.body.append(self._key_handler())
            p.attrs["$SURFACE"].append("onKeyDown={handleKeyDown}")
        if p.data_state:
            chain = " : ".join(f'{s} ? "{kebab(s)}"' for s in p.data_state) + " : undefined"
            p.attrs.setdefault("$ROOT", []).insert(0, f"data-state={{{chain}}}")
        root = [*p.attrs.get("$ROOT", []), "{...props}"]
        same = "$SURFACE" not in jsx
        if same:  # the surface is the root
            jsx = jsx.replace("$ROOT", "$ROOT $SURFACE")
        for marker in sorted({m for m in re.findall(r"\$[A-Z]+", jsx)}, key=len, reverse=True):
            attrs = root if marker == "$ROOT" else p.attrs.get(marker, [])
            jsx = jsx.replace(f" {marker}", "".join(f" {x}" for x in attrs))
        omit = ["className", "style"] + [
            n.strip('"') for n in p.declared if n.strip('"') not in ("className", "style")
        ]
        header = ['import * as React from "react"', *a.type_imports, ""]
        header += import_lines + (['import { cn } from "@/lib/utils"'] if uses_cn else [])
        lines = ['"use client"', "", *header, ""]
        if a.preamble:
            lines += [a.preamble.replace("$N", self.name)]
        if theme.variables:
            lines += ["const theme = {"]
            lines += [f'  "{k}": {json.dumps(v)},' for k, v in theme.variables.items()]
            lines += ["} as React.CSSProperties", ""]
        omitted = " | ".join(json.dumps(n) for n in omit)
        lines += [f"export interface {self.name}Props extends Omit<{base}, {omitted}> {{"]
        lines += ["  className?: string", "  style?: React.CSSProperties"]
        for ident, (ts_type, doc) in p.declared.items():
            lines += [f"  /** {doc_comment(doc)} */", f"  {ident}?: {ts_type}"]
        lines += ["}", ""]
        params = ["className", "style"] + [
            f"{k} = {v}" if v is not None else k for k, v in p.destructure.items()
        ]
        lines += [f"export function {self.name}({{"]
        lines += [f"  {x}," for x in params] + ["  ...props", f"}}: {self.name}Props) {{"]
        lines += [f"  {line}" for stmt in p.body for line in stmt.splitlines()]
        lines += ["  return (", *(f"    {line}" for line in jsx.splitlines()), "  )", "}", ""]
        return "\n".join(lines)

    def _key_handler(self) -> str:
        checks = "\n".join(
            f'  if (event.key === "{key}") {{\n'
            + "".join(f"    {h}?.()\n" for h in handlers)
            + "  }"
            for key, handlers in self.plan.keys.items()
        )
        return (
            f"const handleKeyDown = (event: React.KeyboardEvent<HTMLElement>) => {{\n{checks}\n}}"
        )

    def _stories(self) -> str:
        n, a = self.name, self.anatomy
        stories: dict[str, dict[str, object]] = {"Default": {}}
        for prop in a.variant_props:
            for value in self.pattern.variants.get(prop, []):
                if value != "default":
                    stories[f"{pascal(prop)}{pascal(camel(value) or value)}"] = {prop: value}
        if "disabled" in self.meta_props and a.dom_root:
            stories["Disabled"] = {"disabled": True}
        stories.update(self.plan.stories)
        return stories_file(n, stories)


def compose(
    pattern: Pattern,
    name: str,
    tokens: DesignTokens,
    requirements: Requirements,
    shown: Shown | None = None,
) -> Draft:
    return Composer(pattern, name, tokens, requirements, shown).compose()
