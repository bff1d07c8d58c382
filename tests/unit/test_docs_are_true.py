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
