"""A small design-system file in the Figma REST API's format, written by hand for the tests,
and a responder that serves it as api.figma.com does (`/v1/files/:key`, `/nodes?ids=`,
`/variables/local`; 403 for a bad token, 404 for an unknown file, `null` for an unknown node)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.recorder import Recorded

FILE_KEY = "Fk3xPq9LmN2rT7vW"
TOKEN = "figd_test-token"


def rgb(hex_: str, a: float = 1.0) -> dict[str, float]:
    r, g, b = (int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return {"r": r, "g": g, "b": b, "a": a}


def solid(hex_: str, **extra: Any) -> dict[str, Any]:
    return {"blendMode": "NORMAL", "type": "SOLID", "color": rgb(hex_), **extra}


def box(x: float, y: float, w: float, h: float) -> dict[str, float]:
    return {"x": x, "y": y, "width": w, "height": h}


def text(id_: str, chars: str, colour: str, size: float, weight: int, at: dict[str, float]) -> Any:
    return {
        "id": id_,
        "name": chars,
        "type": "TEXT",
        "characters": chars,
        "fills": [solid(colour)],
        "absoluteBoundingBox": at,
        "style": {
            "fontFamily": "Inter",
            "fontPostScriptName": "Inter-Medium",
            "fontWeight": weight,
            "fontSize": size,
            "lineHeightPx": size * 1.4286,
            "textAlignHorizontal": "CENTER",
        },
    }


BUTTON = {
    "id": "1:2",
    "name": "Variant=Default, Size=Default",
    "type": "COMPONENT",
    "fills": [
        solid(
            "#2563eb", boundVariables={"color": {"type": "VARIABLE_ALIAS", "id": "VariableID:1:9"}}
        )
    ],
    "strokes": [],
    "strokeWeight": 1,
    "cornerRadius": 6,
    "layoutMode": "HORIZONTAL",
    "paddingLeft": 16,
    "paddingRight": 16,
    "paddingTop": 8,
    "paddingBottom": 8,
    "itemSpacing": 8,
    "effects": [
        {
            "type": "DROP_SHADOW",
            "visible": True,
            "color": rgb("#000000", 0.05),
            "offset": {"x": 0, "y": 1},
            "radius": 2,
            "spread": 0,
        }
    ],
    "absoluteBoundingBox": box(0, 0, 92, 36),
    "children": [text("1:3", "Continue", "#ffffff", 14, 500, box(16, 8, 60, 20))],
}

CHECKBOX = {
    "id": "3:4",
    "name": "Accept terms",
    "type": "INSTANCE",
    "componentId": "2:1",
    "fills": [],
    "strokes": [],
    "layoutMode": "HORIZONTAL",
    "paddingLeft": 0,
    "paddingRight": 0,
    "paddingTop": 0,
    "paddingBottom": 0,
    "itemSpacing": 8,
    "absoluteBoundingBox": box(200, 0, 160, 20),
    "children": [
        {
            "id": "3:5",
            "name": "Box",
            "type": "RECTANGLE",
            "fills": [solid("#18181b")],
            "strokes": [solid("#18181b")],
            "strokeWeight": 1,
            "cornerRadius": 4,
            "absoluteBoundingBox": box(200, 2, 16, 16),
            "styles": {"stroke": "S:border"},
        },
        {
            "id": "3:6",
            "name": "Check",
            "type": "VECTOR",
            "fills": [solid("#fafafa")],
            "absoluteBoundingBox": box(203, 5, 10, 10),
        },
        text("3:7", "Accept terms and conditions", "#09090b", 14, 500, box(224, 0, 136, 20)),
    ],
}

PAGE = {
    "id": "0:1",
    "name": "Components",
    "type": "CANVAS",
    "backgroundColor": rgb("#f5f5f5"),
    "children": [
        {
            "id": "1:1",
            "name": "Button",
            "type": "COMPONENT_SET",
            "absoluteBoundingBox": box(0, 0, 92, 36),
            "children": [BUTTON],
        },
        CHECKBOX,
    ],
}

COMPONENTS = {
    "1:2": {"key": "k12", "name": "Variant=Default, Size=Default", "componentSetId": "1:1"},
    "2:1": {"key": "k21", "name": "Checkbox/Checked", "description": ""},
}
COMPONENT_SETS = {"1:1": {"key": "ks1", "name": "Button", "description": ""}}
STYLES = {"S:border": {"key": "sb", "name": "Zinc/900 border", "styleType": "FILL"}}
VARIABLES = {
    "VariableID:1:9": {
        "id": "VariableID:1:9",
        "name": "color/primary",
        "resolvedType": "COLOR",
        "valuesByMode": {"1:0": rgb("#2563eb")},
    }
}
FILE = {
    "name": "Design System",
    "lastModified": "2026-11-20T10:00:00Z",
    "version": "4242",
    "document": {"id": "0:0", "name": "Document", "type": "DOCUMENT", "children": [PAGE]},
    "components": COMPONENTS,
    "componentSets": COMPONENT_SETS,
    "styles": STYLES,
    "schemaVersion": 0,
}
NODES = {"1:2": BUTTON, "3:4": CHECKBOX}


def figma_api(req: Recorded) -> tuple[int, Any]:
    """api.figma.com for FILE_KEY, read with TOKEN."""
    url = urlsplit(req.path)
    if req.headers.get("x-figma-token") != TOKEN:
        return 403, {"status": 403, "err": "Invalid token"}
    parts = url.path.strip("/").split("/")
    if parts[:2] != ["v1", "files"] or len(parts) < 3 or parts[2] != FILE_KEY:
        return 404, {"status": 404, "err": "Not found"}
    meta = {k: FILE[k] for k in ("name", "lastModified", "version")}
    if parts[3:] == []:
        return 200, FILE
    if parts[3:] == ["nodes"]:
        ids = parse_qs(url.query)["ids"][0].split(",")
        nodes = {
            i: {
                "document": NODES[i],
                "components": COMPONENTS,
                "componentSets": COMPONENT_SETS,
                "styles": STYLES,
                "schemaVersion": 0,
            }
            if i in NODES
            else None
            for i in ids
        }
        return 200, {**meta, "nodes": nodes}
    if parts[3:] == ["variables", "local"]:
        return 200, {
            "status": 200,
            "error": False,
            "meta": {"variables": VARIABLES, "variableCollections": {}},
        }
    return 404, {"status": 404, "err": "Not found"}
