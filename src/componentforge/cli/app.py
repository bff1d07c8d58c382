"""The `componentforge` command: serve the API, run jobs, generate components, manage the
database, the pattern index and API keys. Each command lives in its own module; this one only
puts them together."""

from __future__ import annotations

import gc

import typer

from componentforge.cli.database import db_cli
from componentforge.cli.generate import generate
from componentforge.cli.keys import keys_cli
from componentforge.cli.patterns import patterns_cli
from componentforge.cli.serve import serve
from componentforge.cli.worker import worker

cli = typer.Typer(help="ComponentForge: screenshots and Figma nodes to shadcn/ui components.")
cli.command()(serve)
cli.command()(generate)
cli.command()(worker)
cli.add_typer(db_cli, name="db")
cli.add_typer(patterns_cli, name="patterns")
cli.add_typer(keys_cli, name="keys")


def main() -> None:
    try:
        cli()
    finally:
        # The process ends here: its heap (the app's modules, models and schemas) is left out
        # of the collections the interpreter runs on the way out, about a second of CPU.
        gc.freeze()
