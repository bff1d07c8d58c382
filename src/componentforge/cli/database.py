"""`componentforge db upgrade`: Alembic migrations from our settings."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from componentforge.cli.settings import settings_or_exit
from componentforge.config import Settings

db_cli = typer.Typer(help="Metadata database (Alembic migrations).")


@db_cli.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations to DATABASE_URL (or the embedded SQLite file)."""
    current = upgrade(settings_or_exit(), revision)
    typer.echo(f"database at revision {current}")


def upgrade(settings: Settings, revision: str) -> str | None:
    """Migrate to `revision`; the revision the database is at afterwards."""
    from componentforge.infra.db import migrate
    from componentforge.infra.db.session import build_engine

    settings.data_dir.mkdir(parents=True, exist_ok=True)

    async def run() -> str | None:
        engine = build_engine(settings.resolved_database_url, 1, settings.database_timeout_seconds)
        try:
            await migrate.upgrade(engine, revision)
            return await migrate.current_revision(engine)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except (OSError, ConnectionError) as exc:
        typer.echo(f"componentforge: database unreachable: {exc}", err=True)
        raise typer.Exit(1) from None
