"""The names, types and values a composition writes: identifiers from requirement names, the
component's default name, the types of props the pattern does not know, and which React, DOM
and ARIA names mean what."""

from __future__ import annotations

import json
import re

from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Proposal

REACT_RESERVED = {"key", "ref"}
RENAMED = {"class": "className", "for": "htmlFor"}
JS_RESERVED = set(
    "break case catch const continue debugger default delete do else enum export extends false "
    "finally for function if import in instanceof new null return super switch this throw true "
    "try typeof var void while with yield let static implements interface package private "
    "protected public await arguments eval".split()
)
PSEUDO_STATES = {"hover", "focus", "focus-visible", "focus-within", "active", "visited"}
DOM_EVENTS = {
    "onClick": "React.MouseEvent<HTMLElement>",
    "onDoubleClick": "React.MouseEvent<HTMLElement>",
    "onMouseEnter": "React.MouseEvent<HTMLElement>",
    "onMouseLeave": "React.MouseEvent<HTMLElement>",
    "onFocus": "React.FocusEvent<HTMLElement>",
    "onBlur": "React.FocusEvent<HTMLElement>",
    "onKeyDown": "React.KeyboardEvent<HTMLElement>",
    "onKeyUp": "React.KeyboardEvent<HTMLElement>",
    "onPointerDown": "React.PointerEvent<HTMLElement>",
    "onPointerUp": "React.PointerEvent<HTMLElement>",
}
KEYS = {
    "Escape": ("onDismiss", "onClose", "onCancel", "onEscape"),
    "Enter": ("onConfirm", "onAction", "onActivate", "onSubmit", "onEnter"),
}
GLOBAL_ARIA = {
    "aria-atomic",
    "aria-busy",
    "aria-controls",
    "aria-current",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-invalid",
    "aria-keyshortcuts",
    "aria-label",
    "aria-labelledby",
    "aria-live",
    "aria-owns",
    "aria-relevant",
    "aria-roledescription",
}
STATE_ARIA = {
    "loading": "aria-busy={loading || undefined}",
    "busy": "aria-busy={busy || undefined}",
    "pending": "aria-busy={pending || undefined}",
    "invalid": "aria-invalid={invalid || undefined}",
    "error": "aria-invalid={error || undefined}",
}
BOOLEAN_NAME = re.compile(
    r"^(is|has|show|hide|can|should|allow|disabled|loading|open|checked|required|invalid|error"
    r"|selected|active|expanded|collapsed|busy|pending|readOnly|hidden|visible|dismissible)"
)
# Where aria-invalid is allowed on the surface (form controls with a role that supports it).
INVALID_ALLOWED = {
    "shadcn-input",
    "shadcn-textarea",
    "shadcn-checkbox",
    "shadcn-radio-group",
    "shadcn-select",
}
ATTRIBUTE_VALUE = re.compile(r"^[A-Za-z0-9 _.,:;!?()#'-]{1,120}$")


def camel(name: str) -> str | None:
    """`is-open`, `is open`, `IsOpen` → `isOpen`; None when nothing identifier-like is left."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name.strip()) if w]
    if not words:
        return None
    head, *rest = words
    ident = head[0].lower() + head[1:] + "".join(w[0].upper() + w[1:] for w in rest)
    return ident if re.fullmatch(r"[a-z][A-Za-z0-9]{0,63}", ident) else None


def kebab(ident: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", ident).lower()


def pascal(ident: str) -> str:
    return ident[0].upper() + ident[1:]


def default_name(pattern: Pattern) -> str:
    """`App` + the pattern's name (AppButton): the app-level component over the ui primitive,
    whose file never clashes with the primitive's (button.tsx) on a case-insensitive disk."""
    return "App" + re.sub(r"[^A-Za-z0-9]", "", pattern.name.title())


def infer_type(proposal: Proposal, ident: str) -> tuple[str, str | None]:
    """(TypeScript type, default expression) for a prop the pattern does not know."""
    given, default = proposal.type, proposal.default
    if given and safe_type(given):
        return given, default if default and safe_expression(default) else None
    if BOOLEAN_NAME.match(ident):
        return "boolean", "false"
    if default and re.fullmatch(r"-?\d+(\.\d+)?", default):
        return "number", default
    if default in ("true", "false"):
        return "boolean", default
    if default is not None:
        return "string", json.dumps(default.strip("\"'"))
    return "string", None


def safe_type(text: str) -> bool:
    """A type expression we are willing to write: names, literals, unions, arrays, functions."""
    return bool(re.fullmatch(r"[A-Za-z0-9_<>\[\]|&\"' ().,:=?-]{1,200}", text)) and (
        "=>" not in text or text.count("(") == text.count(")")
    )


def safe_expression(text: str) -> bool:
    return bool(re.fullmatch(r'-?\d+(\.\d+)?|true|false|"[^"\\]{0,80}"|null|undefined', text))


def doc_comment(text: str) -> str:
    """Text that is safe inside a `/** ... */` comment, on one line."""
    return text.replace("*/", "* /").replace("\n", " ")[:200]
