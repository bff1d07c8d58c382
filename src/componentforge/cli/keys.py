"""`componentforge keys`: API keys kept (hashed) in the metadata database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer

from componentforge.cli.settings import settings_or_exit
from componentforge.config import Settings
from componentforge.errors import ComponentForgeError
from componentforge.infra.keys import KeyInfo, KeyStore

keys_cli = typer.Typer(help="API keys: each belongs to a tenant; the database keeps a hash.")
T = TypeVar("T")


def _with_store(settings: Settings, use: Callable[[KeyStore], Awaitable[T]]) -> T:
    from componentforge.infra.db import migrate
    from componentforge.infra.db.session import build_engine, build_sessionmaker

    settings.data_dir.mkdir(parents=True, exist_ok=True)

    async def run() -> T:
        engine = build_engine(settings.resolved_database_url, 1, settings.database_timeout_seconds)
        try:
            if settings.migrate_on_start:
                await migrate.upgrade(engine)
            return await use(KeyStore(build_sessionmaker(engine), frozenset()))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except ComponentForgeError as exc:
        typer.echo(f"componentforge: {exc.message}", err=True)
        raise typer.Exit(2) from None
    except (OSError, ConnectionError) as exc:
        typer.echo(f"componentforge: database unreachable: {exc}", err=True)
        raise typer.Exit(1) from None


@keys_cli.command("create")
def create(
    name: Annotated[str, typer.Option(help="What the key is for (unique).")],
    tenant: Annotated[
        str | None, typer.Option(help="The tenant it acts for (default: the name).")
    ] = None,
    admin: Annotated[bool, typer.Option(help="May read every tenant's data.")] = False,
) -> None:
    """Make a key and print it once: only its SHA-256 digest is stored."""
    key, info = _with_store(settings_or_exit(), lambda store: store.create(name, tenant, admin))
    typer.echo(key)
    typer.echo(
        f"key {info.name!r} for tenant {info.tenant!r}{' (admin)' if info.admin else ''}: "
        "keep it now, it is not shown again",
        err=True,
    )


@keys_cli.command("list")
def list_keys() -> None:
    """Name, tenant, created and last used of every key (never the key)."""
    rows = _with_store(settings_or_exit(), lambda store: store.list())
    typer.echo(f"{'name':<24} {'tenant':<24} {'admin':<6} {'created':<20} {'last used':<20} state")
    for row in rows:
        typer.echo(_line(row))


@keys_cli.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Stop a key from working (within seconds on running servers)."""
    info = _with_store(settings_or_exit(), lambda store: store.revoke(name))
    typer.echo(f"key {info.name!r} revoked")


def _line(row: KeyInfo) -> str:
    def when(value: object) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else "-"

    state = "revoked" if row.revoked_at else "active"
    return (
        f"{row.name:<24} {row.tenant:<24} {'yes' if row.admin else 'no':<6} "
        f"{when(row.created_at):<20} {when(row.last_used_at):<20} {state}"
    )
