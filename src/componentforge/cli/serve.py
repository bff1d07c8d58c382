"""`componentforge serve`: the API under uvicorn, migrated once before its workers start."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from componentforge.cli.database import upgrade
from componentforge.cli.settings import settings_or_exit
from componentforge.config import Settings


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
        upgrade(settings, "head")
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
