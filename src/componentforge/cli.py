"""The `componentforge` command: serve the API, generate components, manage the database."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer

from componentforge.cli_generate import generate
from componentforge.cli_keys import keys_cli
from componentforge.cli_settings import settings_or_exit
from componentforge.config import Settings
from componentforge.errors import ConfigError

cli = typer.Typer(help="ComponentForge: screenshots and Figma nodes to shadcn/ui components.")
db_cli = typer.Typer(help="Metadata database (Alembic migrations).")
cli.add_typer(db_cli, name="db")
patterns_cli = typer.Typer(help="The pattern library and its search index.")
cli.add_typer(patterns_cli, name="patterns")
cli.add_typer(keys_cli, name="keys")
cli.command()(generate)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (docs/configuration.md).", envvar="WEB_CONCURRENCY", min=1
        ),
    ] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the API with uvicorn. Migrations that run at startup (SQLite, or
    DATABASE_AUTO_MIGRATE) run here once, before the workers start and race each other."""
    import uvicorn

    from componentforge.infra.metrics import reset_multiprocess_dir

    settings = settings_or_exit()
    if settings.migrate_on_start:
        _upgrade(settings, "head")
    reset_multiprocess_dir()
    uvicorn.run(
        "componentforge.main:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        access_log=False,
        log_level=settings.log_level.lower(),
        **proxy_options(settings),
    )


def proxy_options(settings: Settings) -> dict[str, Any]:
    """X-Forwarded-For is believed only from TRUSTED_PROXIES: anyone else could choose the
    address their requests are counted (and logged) under."""
    return {
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": ",".join(settings.trusted_proxies) or None,
    }


@db_cli.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations to DATABASE_URL (or the embedded SQLite file)."""
    current = _upgrade(settings_or_exit(), revision)
    typer.echo(f"database at revision {current}")


def _upgrade(settings: Settings, revision: str) -> str | None:
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


@patterns_cli.command("reindex")
def patterns_reindex() -> None:
    """Validate patterns/ and bring the vector index up to date (only changes are embedded)."""
    from componentforge.infra.vectors import build_qdrant
    from componentforge.retrieval.library import PatternLibrary
    from componentforge.retrieval.semantic import SemanticIndex
    from componentforge.services.container import build_embedder

    settings = settings_or_exit()
    try:
        library = PatternLibrary.load(settings.patterns_dir)
    except ConfigError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(2) from None

    async def run() -> tuple[str, list[str], int, list[str]]:
        client = build_qdrant(
            str(settings.qdrant_url) if settings.qdrant_url else None,
            settings.qdrant_api_key,
            settings.data_dir.resolve() / "qdrant",
            settings.qdrant_timeout_seconds,
        )
        try:
            report = await SemanticIndex(client, await build_embedder(settings)).sync(library)
        finally:
            await client.close()
        return report.collection, report.embedded, report.unchanged, report.removed

    try:
        collection, embedded, unchanged, removed = asyncio.run(run())
    except RuntimeError as exc:  # local mode: the folder is locked by a running server
        typer.echo(f"componentforge: cannot open the index: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{len(library)} patterns in {collection}: {len(embedded)} embedded, "
        f"{unchanged} unchanged, {len(removed)} removed"
    )


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
