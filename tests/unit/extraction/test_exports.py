"""Token exports: W3C design tokens JSON, shadcn CSS variables, Tailwind theme."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from pydantic import ValidationError

from componentforge.colours import hsl_triplet, parse_colour
from componentforge.extraction.exports import export_tokens, shadcn_variables
from componentforge.schemas.tokens import DesignTokens

BUTTON = DesignTokens.model_validate(
    {
        "colors": {
            "primary": "#2563EB",
            "background": "#2563eb",
            "page_background": "#fff",
            "foreground": "rgb(255 255 255)",
            "border": "hsl(240 5.9% 90%)",
        },
        "typography": {"font_family": "Inter", "font_size_px": 14, "font_weight": 500},
        "spacing": {"padding_x_px": 16, "padding_y_px": 8},
        "border": {"radius_px": 6, "width_px": 0},
        "shadow": "md",
    }
)
CARD = DesignTokens.model_validate(
    {"colors": {"background": "#f4f4f5", "page_background": "#ffffff", "foreground": "#09090b"}}
)


def test_colours_are_normalised_to_lowercase_rrggbb() -> None:
    assert BUTTON.colors.primary == "#2563eb" and BUTTON.colors.page_background == "#ffffff"
    assert BUTTON.colors.foreground == "#ffffff" and BUTTON.colors.border == "#e4e4e7"
    with pytest.raises(ValidationError, match="not a colour"):
        DesignTokens.model_validate({"colors": {"primary": "blueish"}})
    with pytest.raises(ValidationError):
        DesignTokens.model_validate({"colors": {"brand": "#000000"}})  # unknown name


def test_hsl_triplets_match_shadcn_notation() -> None:
    # shadcn's default blue theme writes #2563eb as 221.2 83.2% 53.3%.
    assert hsl_triplet(parse_colour("#2563eb") or (0, 0, 0)) == "221.2 83.2% 53.3%"
    assert hsl_triplet((1.0, 1.0, 1.0)) == "0 0% 100%"
    assert hsl_triplet((0.0, 0.0, 0.0)) == "0 0% 0%"


def test_w3c_json_has_types_values_and_units() -> None:
    doc = json.loads(export_tokens(BUTTON, "json"))
    primary = doc["color"]["primary"]
    assert primary["$type"] == "color" and primary["$value"]["hex"] == "#2563eb"
    assert primary["$value"]["colorSpace"] == "srgb"
    assert primary["$value"]["components"] == pytest.approx([0.1451, 0.3882, 0.9216], abs=1e-3)
    assert doc["font"]["size"] == {"$type": "dimension", "$value": {"value": 14, "unit": "px"}}
    assert doc["font"]["weight"] == {"$type": "fontWeight", "$value": 500}
    assert doc["font"]["family"]["$value"][0] == "Inter"
    assert doc["spacing"]["padding-x"]["$value"] == {"value": 16, "unit": "px"}
    assert doc["border"]["radius"]["$value"] == {"value": 6, "unit": "px"}
    shadow = doc["shadow"]["component"]
    assert shadow["$type"] == "shadow" and len(shadow["$value"]) == 2
    assert "line-height" not in doc["font"]  # absent values are left out, not nulls
    assert json.loads(export_tokens(DesignTokens(), "json")) == {}


def test_css_maps_a_filled_component_onto_primary() -> None:
    variables = shadcn_variables(BUTTON)
    assert variables["primary"] == "221.2 83.2% 53.3%"
    assert variables["primary-foreground"] == "0 0% 100%"  # the label on the fill
    assert variables["background"] == "0 0% 100%"  # the page
    assert "foreground" not in variables and "card" not in variables
    assert variables["ring"] == variables["primary"] and variables["input"] == variables["border"]
    assert variables["radius"] == "0.375rem"
    css = export_tokens(BUTTON, "css")
    assert css.startswith("/*") and ":root {" in css and css.rstrip().endswith("}")
    assert re.search(r"^  --primary: 221\.2 83\.2% 53\.3%;$", css, re.M)
    assert '--font-sans: "Inter", ui-sans-serif' in css


def test_css_maps_a_surface_onto_card() -> None:
    variables = shadcn_variables(CARD)
    assert variables["card"] == "240 4.8% 95.9%" and variables["foreground"] == "240 10% 3.9%"
    assert variables["card-foreground"] == variables["foreground"]
    assert "primary" not in variables and "radius" not in variables
    pill = DesignTokens.model_validate({"border": {"radius_px": 9999}})
    assert shadcn_variables(pill)["radius"] == "9999px"


def test_tailwind_theme_reads_the_css_variables() -> None:
    text = export_tokens(BUTTON, "tailwind")
    body = json.loads(text.split("module.exports = ", 1)[1])
    extend = body["theme"]["extend"]
    assert extend["colors"]["primary"] == {
        "DEFAULT": "hsl(var(--primary))",
        "foreground": "hsl(var(--primary-foreground))",
    }
    assert extend["colors"]["border"] == "hsl(var(--border))"
    assert extend["borderRadius"]["lg"] == "var(--radius)"
    assert extend["fontSize"]["component"] == "14px" and extend["fontWeight"]["component"] == "500"
    assert extend["spacing"] == {"component-x": "16px", "component-y": "8px"}
    assert extend["boxShadow"]["component"].count("rgb(0 0 0 / 0.1)") == 2


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_tailwind_theme_is_javascript_node_can_load() -> None:
    script = export_tokens(BUTTON, "tailwind") + "\nconsole.log(JSON.stringify(module.exports))"
    run = subprocess.run(
        ["node", "-e", f"const module = {{exports: {{}}}};\n{script}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout)["theme"]["extend"]["colors"]["ring"] == "hsl(var(--ring))"
