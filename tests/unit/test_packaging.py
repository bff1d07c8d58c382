"""pyproject.toml lists the packages by hand (the migrations live outside src/): every folder
of modules under src/ must be on that list, or the wheel ships without it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_and_the_migrations_are_mapped() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    source = ROOT / "src"
    folders = {
        ".".join(folder.relative_to(source).parts)
        for folder in source.rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and not folder.name.endswith(".egg-info")
        and any(f.is_file() for f in folder.iterdir())
    }
    assert folders <= set(setuptools["packages"]), folders - set(setuptools["packages"])
    assert setuptools["package-dir"]["componentforge.migrations"] == "alembic"
    assert (ROOT / "alembic" / "env.py").is_file()
    assert not (ROOT / "alembic" / "__init__.py").exists()  # it would shadow the alembic library
