"""The README and .env.example name every setting, so the documentation cannot fall behind."""

from __future__ import annotations

from pathlib import Path

from componentforge.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for name in Settings.model_fields:
        variable = name.upper()
        assert f"`{variable}`" in readme, f"{variable} is missing from the README's table"
        assert f"{variable}=" in example, f"{variable} is missing from .env.example"


def test_every_route_is_in_the_endpoint_table() -> None:
    from componentforge.config import load_settings
    from componentforge.main import create_app

    readme = (ROOT / "README.md").read_text()
    paths = create_app(load_settings(_env_file=None)).openapi()["paths"]
    assert paths
    for path, operations in paths.items():
        for method in operations:
            assert f"`{method.upper()} {path}" in readme, f"{method.upper()} {path} is undocumented"
