"""The docs and .env.example name every setting and route, so the documentation cannot fall
behind; the README stays short and points at documents that exist."""

from __future__ import annotations

import re
from pathlib import Path

from componentforge.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_every_setting_is_documented() -> None:
    configuration = (DOCS / "configuration.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for name in Settings.model_fields:
        variable = name.upper()
        assert f"`{variable}`" in configuration, f"{variable} is missing from the settings table"
        assert f"{variable}=" in example, f"{variable} is missing from .env.example"


def test_every_route_is_in_the_endpoint_table() -> None:
    from componentforge.config import load_settings
    from componentforge.main import create_app

    api = (DOCS / "api.md").read_text()
    paths = create_app(load_settings(_env_file=None)).openapi()["paths"]
    assert paths
    for path, operations in paths.items():
        for method in operations:
            assert f"`{method.upper()} {path}" in api, f"{method.upper()} {path} is undocumented"


def test_the_readme_is_short_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme.count("\n") <= 300
    documents = [ROOT / "README.md", *DOCS.glob("*.md")]
    for document in documents:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", document.read_text()):
            assert (document.parent / target).is_file(), f"{document.name} links to {target}"
