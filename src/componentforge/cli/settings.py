"""Settings for a command: a bad value ends it with one line and exit status 2."""

from __future__ import annotations

import typer

from componentforge.config import Settings, load_settings
from componentforge.errors import ConfigError


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(2) from None
