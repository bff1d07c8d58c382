"""Figma links, node ids, type names and colour roles, on hand-written nodes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from componentforge.errors import BadRequestError
from componentforge.extraction.figma_node import component_type, read
from componentforge.infra.figma import FigmaNode, first_component, normalise_node_id, parse_url
from tests.support.figma_files import BUTTON, CHECKBOX, COMPONENT_SETS, COMPONENTS, FILE, solid


def node(document: dict[str, Any], **extra: Any) -> FigmaNode:
    values: dict[str, Any] = {
        "file_key": "Fk3xPq9LmN2rT7vW",
        "node_id": document["id"],
        "document": document,
        "file_name": None,
        "last_modified": None,
        "styles": {},
        "components": COMPONENTS,
        "component_sets": COMPONENT_SETS,
        "variables": None,
    }
    return FigmaNode(**{**values, **extra})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.figma.com/design/AbCdEf123456/Kit?node-id=12-34&t=x",
            ("AbCdEf123456", "12:34"),
        ),
        ("https://figma.com/file/AbCdEf123456/Kit?node-id=12%3A34", ("AbCdEf123456", "12:34")),
        (
            "https://www.figma.com/design/AbCdEf123456/branch/BrAnCh987654/Kit",
            ("BrAnCh987654", None),
        ),
        ("https://www.figma.com/proto/AbCdEf123456/Kit", ("AbCdEf123456", None)),
    ],
)
def test_links_give_file_key_and_node(url: str, expected: tuple[str, str | None]) -> None:
    assert parse_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/design/AbCdEf123456/x", "https://www.figma.com/community/file/1", "x"],
)
def test_other_links_are_refused(url: str) -> None:
    with pytest.raises(BadRequestError):
        parse_url(url)


def test_node_ids_as_links_and_the_api_write_them() -> None:
    assert normalise_node_id("1-2") == "1:2" and normalise_node_id("1:2") == "1:2"
    assert normalise_node_id("I5:6;7:8") == "I5:6;7:8"
    for bad in ("button", "1:2:3", "", "1:2,3:4"):
        with pytest.raises(BadRequestError):
            normalise_node_id(bad)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Radio Button", "radio-group"),
        ("Icon Button / Ghost", "button"),
        ("TextField/Default", "input"),
        ("Toggle", "switch"),
        ("Modal - Confirm", "dialog"),
        ("ProgressBar", "progress"),
        ("Chips", "badge"),
        ("Frame 12", None),
    ],
)
def test_the_type_comes_from_the_names(name: str, expected: str | None) -> None:
    doc = {"id": "9:1", "name": name, "type": "FRAME"}
    assert component_type(node(doc, components={})) == expected


def test_named_colours_take_their_roles_over_the_anatomy() -> None:
    doc = copy.deepcopy(CHECKBOX)
    doc["children"][2]["fills"][0]["boundVariables"] = {
        "color": {"type": "VARIABLE_ALIAS", "id": "V:fg"}
    }
    variables = {"V:fg": {"name": "Semantic/Muted Foreground"}}
    styles = {"S:border": {"name": "color/border"}}
    tokens = read(node(doc, variables=variables, styles=styles), "checkbox").tokens
    assert tokens.colors.muted_foreground == "#09090b"
    assert tokens.colors.border == "#18181b" and tokens.confidence["colors.border"] == 1.0


def test_hidden_layers_translucent_fills_pills_and_shadows() -> None:
    doc = copy.deepcopy(BUTTON)
    doc["fills"] = [solid("#2563eb"), solid("#dc2626", visible=False)]  # the top one is hidden
    doc["cornerRadius"] = 18  # half of 36: a pill
    doc["effects"][0]["radius"] = 15
    doc["effects"][0]["offset"]["y"] = 10
    doc["children"][0]["fills"] = [solid("#000000", opacity=0.5)]
    tokens = read(node(doc), "button").tokens
    assert tokens.colors.background == "#2563eb" and tokens.border.radius_px == 9999
    assert tokens.shadow == "lg" and tokens.colors.foreground == "#808080"
    doc["layoutMode"] = "NONE"
    doc["children"] = []
    reading = read(node(doc), "button")
    assert reading.tokens.spacing.padding_x_px is None and reading.evidence.icon_only
    assert len(reading.warnings) == 2


def test_a_file_without_a_node_gives_its_first_component() -> None:
    assert first_component(FILE["document"])["id"] == "1:2"  # type: ignore[index]
    assert first_component({"children": [{"type": "CANVAS", "children": []}]}) is None


def test_values_out_of_range_are_left_out_with_a_warning() -> None:
    doc = copy.deepcopy(BUTTON)
    doc["children"][0]["style"]["fontSize"] = 2000
    doc["paddingLeft"] = doc["paddingRight"] = 5000
    reading = read(node(doc), "button")
    tokens = reading.tokens
    assert tokens.typography.font_size_px is None and tokens.spacing.padding_x_px is None
    assert tokens.typography.font_family == "Inter" and tokens.spacing.padding_y_px == 8
    assert "typography.font_size_px" not in tokens.confidence
    assert {w for w in reading.warnings if w.startswith("figma value left out")} == {
        "figma value left out: typography.font_size_px",
        "figma value left out: spacing.padding_x_px",
    }
