"""A Figma node's design tokens and component type, read from its properties.

Figma states what pixels only suggest, so these values are exact: fills, strokes, corner radius,
auto-layout padding and gap, the text's style and the drop shadows. What is still inferred is
which colour plays which role. A colour bound to a variable or style named like a shadcn theme
colour (`primary`, `color/border`, `Primary/Foreground`) takes that role. Otherwise the role
comes from the component's anatomy, as the pixel engine does it.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from componentforge.colours import RGB, luminance, to_hex
from componentforge.extraction.proposers import Evidence
from componentforge.infra.figma import FigmaNode
from componentforge.schemas.tokens import DesignTokens, Shadow
from componentforge.schemas.vocabulary import ComponentType

Node = dict[str, Any]

# Checked in this order; the word that comes first in a name wins ("Radio Button" is a radio).
TYPE_WORDS: tuple[tuple[ComponentType, tuple[str, ...]], ...] = (
    ("radio-group", ("radio group", "radiogroup", "radio")),
    ("checkbox", ("checkbox", "check box")),
    ("switch", ("switch", "toggle")),
    ("textarea", ("textarea", "text area", "multiline")),
    ("select", ("select", "dropdown", "combobox", "combo box", "picker")),
    ("input", ("input", "text field", "textfield", "text input", "search field")),
    ("progress", ("progress", "progress bar")),
    ("slider", ("slider", "range")),
    ("tabs", ("tabs", "tab bar", "tablist", "tab")),
    ("avatar", ("avatar", "profile picture")),
    ("badge", ("badge", "tag", "chip", "pill")),
    ("alert", ("alert", "callout", "banner", "toast", "notice")),
    ("dialog", ("dialog", "modal", "sheet", "popup")),
    ("table", ("table", "data grid", "datagrid")),
    ("card", ("card", "tile", "panel")),
    ("button", ("button", "btn", "cta")),
)
ROLES = {
    "primary",
    "primary-foreground",
    "secondary",
    "secondary-foreground",
    "accent",
    "accent-foreground",
    "destructive",
    "destructive-foreground",
    "muted",
    "muted-foreground",
    "foreground",
    "card",
    "card-foreground",
    "popover",
    "popover-foreground",
    "border",
    "input",
    "ring",
    "background",
}
INDICATOR_TYPES = {"checkbox", "switch", "radio-group", "progress", "slider", "tabs"}


@dataclass
class FigmaReading:
    tokens: DesignTokens
    evidence: Evidence
    warnings: list[str] = field(default_factory=list)


def component_type(node: FigmaNode) -> ComponentType | None:
    """The type its names give: the component set's, the component's, then the node's own."""
    for name in _names(node):
        text = re.sub(r"[\s_/.=,-]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", name)).lower()
        best: tuple[int, int, ComponentType] | None = None
        for order, (kind, words) in enumerate(TYPE_WORDS):
            for word in words:
                if (m := re.search(rf"\b{word}s?\b", text)) and (
                    best is None or (m.start(), order) < best[:2]
                ):
                    best = (m.start(), order, kind)
        if best is not None:
            return best[2]
    return None


def _names(node: FigmaNode) -> list[str]:
    doc = node.document
    component_id = doc.get("componentId") if doc.get("type") == "INSTANCE" else doc.get("id")
    component = node.components.get(str(component_id)) or {}
    set_id = component.get("componentSetId")
    names = [(node.component_sets.get(str(set_id)) or {}).get("name"), component.get("name")]
    return [n for n in [*names, doc.get("name")] if n]


def read(node: FigmaNode, kind: ComponentType) -> FigmaReading:
    doc = node.document
    surface = _surface(doc)
    text = _main_text(doc)
    fill = _solid(surface.get("fills"))
    stroke = _solid(surface.get("strokes"))
    stroke_width = _stroke_weight(surface) if stroke is not None else 0.0
    colors: dict[str, str | None] = {
        "background": _hex(fill),
        "border": _hex(stroke) if stroke_width > 0 else None,
        "foreground": _hex(_solid(text.get("fills"))) if text else None,
    }
    confidence = {f"colors.{k}": 1.0 for k, v in colors.items() if v}
    primary = _primary(doc, surface, kind, fill)
    if primary is not None:
        colors["primary"] = to_hex(primary)
        confidence["colors.primary"] = 0.75
        if kind in ("button", "badge") and primary == fill and colors["foreground"]:
            colors["primary_foreground"] = colors["foreground"]
    for role, colour in _Namer(node).roles().items():  # a colour's own name beats the anatomy
        key = "page_background" if role == "background" else role.replace("-", "_")
        colors[key] = colour
        confidence[f"colors.{key}"] = 1.0

    style = (text or {}).get("style") or {}
    line_height = style.get("lineHeightPx")
    typography = {
        "font_family": style.get("fontFamily"),
        "font_size_px": style.get("fontSize"),
        "font_weight": int(style["fontWeight"]) if style.get("fontWeight") else None,
        "line_height_px": round(float(line_height), 2) if line_height else None,
    }
    spacing: dict[str, float | None] = {}
    auto = next(
        (n for n in (doc, surface) if n.get("layoutMode") in ("HORIZONTAL", "VERTICAL")), None
    )
    if auto is not None:
        spacing["padding_x_px"] = (auto.get("paddingLeft", 0) + auto.get("paddingRight", 0)) / 2
        spacing["padding_y_px"] = (auto.get("paddingTop", 0) + auto.get("paddingBottom", 0)) / 2
        if len(auto.get("children") or []) > 1:
            spacing["gap_px"] = auto.get("itemSpacing", 0)
    radius = _radius(surface)
    confidence.update({f"typography.{k}": 1.0 for k, v in typography.items() if v is not None})
    confidence.update({f"spacing.{k}": 1.0 for k in spacing})
    confidence.update({"border.radius_px": 1.0, "border.width_px": 1.0, "shadow": 1.0})
    warnings: list[str] = []
    tokens = _validated(
        {
            "colors": colors,
            "typography": typography,
            "spacing": spacing,
            "border": {"radius_px": radius, "width_px": stroke_width},
            "shadow": _shadow([doc, surface]),
            "confidence": confidence,
        },
        warnings,
    )
    if text is None:
        warnings.append("the node has no text layer: no typography or foreground colour")
    if auto is None:
        warnings.append("the node has no auto layout: padding is not known")
    evidence = Evidence(
        component_type=kind,
        text_lines=sum(1 for n in _walk(doc) if n.get("type") == "TEXT"),
        icon_only=kind == "button" and text is None,
        label_beside=text is not None and surface is not doc and not _inside(text, surface),
        filled=fill is not None,
        bordered=colors["border"] is not None,
        fill_share=_indicator_share(doc, surface) if kind in ("progress", "slider") else None,
    )
    return FigmaReading(tokens, evidence, warnings)


def _validated(data: dict[str, Any], warnings: list[str]) -> DesignTokens:
    """The tokens, with any value out of the model's range left out and named in a warning
    (a 2000 px font or a negative padding in a file is the file's oddity, not our error)."""
    for _ in range(20):
        try:
            return DesignTokens.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                section, *rest = (str(part) for part in error["loc"])
                inner = data.get(section)
                if rest and isinstance(inner, dict):
                    inner.pop(rest[0], None)
                    data["confidence"].pop(f"{section}.{rest[0]}", None)
                else:
                    data.pop(section, None)
                warnings.append(f"figma value left out: {'.'.join(map(str, error['loc']))}")
    return DesignTokens()


def _hex(rgb: RGB | None) -> str | None:
    return to_hex(rgb) if rgb is not None else None


def _walk(node: Node) -> Iterator[Node]:
    """The node and its visible descendants, depth first."""
    if node.get("visible") is False:
        return
    yield node
    for child in node.get("children") or []:
        yield from _walk(child)


def _area(node: Node) -> float:
    box = node.get("absoluteBoundingBox") or {}
    return float(box.get("width") or 0) * float(box.get("height") or 0)


def _surface(doc: Node) -> Node:
    """The shape that is the component: the node itself when it is painted, else its largest
    painted descendant (a checkbox's box beside its label)."""
    if _solid(doc.get("fills")) is not None or _solid(doc.get("strokes")) is not None:
        return doc
    painted = [
        n
        for n in _walk(doc)
        if n is not doc
        and n.get("type") != "TEXT"
        and (_solid(n.get("fills")) is not None or _solid(n.get("strokes")) is not None)
    ]
    return max(painted, key=_area) if painted else doc


def _main_text(doc: Node) -> Node | None:
    texts = [n for n in _walk(doc) if n.get("type") == "TEXT"]
    if not texts:
        return None
    return max(
        texts,
        key=lambda n: (len(n.get("characters") or ""), (n.get("style") or {}).get("fontSize", 0)),
    )


def _visible_paint(paints: Any) -> dict[str, Any] | None:
    """The top visible solid paint (Figma lists paints bottom to top)."""
    for paint in reversed(paints or []):
        if paint.get("visible", True) and paint.get("type") == "SOLID":
            return dict(paint)
    return None


def _solid(paints: Any) -> RGB | None:
    paint = _visible_paint(paints)
    if paint is None:
        return None
    colour = paint.get("color") or {}
    alpha = float(colour.get("a", 1)) * float(paint.get("opacity", 1))
    if alpha <= 0.02:
        return None
    # A translucent paint is shown over white, as on a light page.
    rgb = (float(colour.get("r", 0)), float(colour.get("g", 0)), float(colour.get("b", 0)))
    return tuple(alpha * v + (1 - alpha) for v in rgb)  # type: ignore[return-value]


def _stroke_weight(node: Node) -> float:
    sides = node.get("individualStrokeWeights")
    if isinstance(sides, dict) and sides:
        return float(max(sides.values()))
    return float(node.get("strokeWeight") or 0)


def _radius(node: Node) -> float:
    corners = node.get("rectangleCornerRadii")
    radius = float(sorted(corners)[len(corners) // 2]) if corners else node.get("cornerRadius", 0)
    box = node.get("absoluteBoundingBox") or {}
    short = min(float(box.get("width") or 0), float(box.get("height") or 0))
    if short and radius >= short / 2 - 0.5:
        return 9999
    return float(radius)


def _shadow(nodes: list[Node]) -> Shadow:
    """Tailwind's steps by blur plus drop: sm 0 1px 2px, md 0 4px 6px, lg 0 10px 15px."""
    drops = [
        e
        for n in {id(n): n for n in nodes}.values()
        for e in n.get("effects") or []
        if e.get("type") == "DROP_SHADOW" and e.get("visible", True)
    ]
    if not drops:
        return "none"
    size = max(
        float(e.get("radius", 0)) + abs(float((e.get("offset") or {}).get("y", 0))) for e in drops
    )
    return "sm" if size <= 4 else "md" if size <= 12 else "lg"


def _saturation(rgb: RGB) -> float:
    return colorsys.rgb_to_hls(*rgb)[2]


def _primary(doc: Node, surface: Node, kind: str, fill: RGB | None) -> RGB | None:
    """The accent: a button's or badge's fill; for indicator controls the most saturated fill
    that is not the surface (a checked box, a switch's track, a bar's indicator)."""
    if kind in ("button", "badge"):
        return fill if fill is not None and luminance(fill) < 0.85 else None
    if kind not in INDICATOR_TYPES:
        return None
    fills = [
        rgb
        for n in _walk(doc)
        if n.get("type") != "TEXT" and (rgb := _solid(n.get("fills"))) is not None
    ]
    candidates = [rgb for rgb in fills if rgb != fill or surface is not doc]
    if not candidates:
        return None
    vivid = max(candidates, key=_saturation)
    if _saturation(vivid) > 0.25:
        return vivid
    dark = min(candidates, key=luminance)
    return dark if luminance(dark) < 0.3 else None


def _inside(inner: Node, outer: Node) -> bool:
    a, b = inner.get("absoluteBoundingBox") or {}, outer.get("absoluteBoundingBox") or {}
    if not a or not b:
        return False
    return bool(
        a["x"] >= b["x"]
        and a["y"] >= b["y"]
        and a["x"] + a["width"] <= b["x"] + b["width"]
        and a["y"] + a["height"] <= b["y"] + b["height"]
    )


def _indicator_share(doc: Node, surface: Node) -> float | None:
    """A bar's indicator width over its track's: the painted child inside the track."""
    track = (surface.get("absoluteBoundingBox") or {}).get("width")
    if not track:
        return None
    inner = [
        n
        for n in _walk(doc)
        if n is not surface and _solid(n.get("fills")) is not None and _inside(n, surface)
    ]
    if not inner:
        return None
    width = max(float((n.get("absoluteBoundingBox") or {}).get("width") or 0) for n in inner)
    return round(min(1.0, width / float(track)), 3)


class _Namer:
    """Colour roles from the names of the styles and variables paints are bound to."""

    def __init__(self, node: FigmaNode) -> None:
        self._node = node

    def roles(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for n in _walk(self._node.document):
            styles = n.get("styles") or {}
            for kind, paints in (("fill", n.get("fills")), ("stroke", n.get("strokes"))):
                paint = _visible_paint(paints)
                rgb = _solid(paints)
                if paint is None or rgb is None:
                    continue
                for name in (self._variable(paint), self._style(styles.get(kind))):
                    role = _role(name)
                    if role and role not in found:
                        found[role] = to_hex(rgb)
        return found

    def _variable(self, paint: dict[str, Any]) -> str | None:
        alias = (paint.get("boundVariables") or {}).get("color") or {}
        variables = self._node.variables or {}
        return (variables.get(str(alias.get("id"))) or {}).get("name")

    def _style(self, style_id: Any) -> str | None:
        return (self._node.styles.get(str(style_id)) or {}).get("name") if style_id else None


def _role(name: str | None) -> str | None:
    """`color/primary/foreground` → primary-foreground; `Primary/500` → primary."""
    if not name:
        return None
    parts = [re.sub(r"[\s_]+", "-", p.strip().lower()) for p in name.split("/") if p.strip()]
    for i in range(len(parts) - 1, -1, -1):
        pair = "-".join(parts[i : i + 2])
        if pair in ROLES:
            return pair
        if parts[i] in ROLES:
            return parts[i]
    return None
