"""`componentforge patterns reindex`: check patterns/ and bring the vector index up to date."""

from __future__ import annotations

import asyncio

import typer

from componentforge.cli.settings import settings_or_exit
from componentforge.errors import ConfigError, DependencyError

INDEX_TIMEOUT = 120.0  # seconds for each call to the store or the embedder, as at startup
patterns_cli = typer.Typer(help="The pattern library and its search index.")


@patterns_cli.command("reindex")
def patterns_reindex() -> None:
    """Validate patterns/ and bring the vector index up to date (only changes are embedded)."""
    from componentforge.infra.breaker import Breakers
    from componentforge.infra.metrics import Metrics
    from componentforge.infra.vectors import open_vectors
    from componentforge.retrieval.library import PatternLibrary
    from componentforge.services.container import build_embedder, build_semantic_index

    settings = settings_or_exit()
    try:
        library = PatternLibrary.load(settings.patterns_dir)
    except ConfigError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(2) from None

    async def run() -> tuple[str, list[str], int, list[str]]:
        breakers = Breakers(
            Metrics(), settings.breaker_failure_threshold, settings.breaker_reset_seconds
        )
        store = open_vectors(
            str(settings.qdrant_url) if settings.qdrant_url else None,
            settings.qdrant_api_key,
            settings.data_dir.resolve() / "qdrant",
            breakers,
            settings.qdrant_timeout_seconds,
            call_timeout=INDEX_TIMEOUT,
        )
        try:
            embedder = build_embedder(settings)
            index = build_semantic_index(store, embedder, breakers, INDEX_TIMEOUT)
            report = await index.sync(library)
        finally:
            await store.close()
        return report.collection, report.embedded, report.unchanged, report.removed

    try:
        collection, embedded, unchanged, removed = asyncio.run(run())
    except RuntimeError as exc:  # local mode: the folder is locked by a running server
        typer.echo(f"componentforge: cannot open the index: {exc}", err=True)
        raise typer.Exit(1) from None
    except DependencyError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{len(library)} patterns in {collection}: {len(embedded)} embedded, "
        f"{unchanged} unchanged, {len(removed)} removed"
    )
