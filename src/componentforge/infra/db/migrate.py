"""Run Alembic migrations from code: at startup in embedded mode, or `componentforge db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def _migrations() -> Path:
    """`alembic/` at the top of a source checkout (an editable install), or its copy that a
    wheel ships as `componentforge/migrations` (pyproject.toml maps one to the other)."""
    package = Path(__file__).resolve().parents[2]
    for folder in (package / "migrations", package.parents[1] / "alembic"):
        if (folder / "env.py").is_file():
            return folder
    raise RuntimeError(f"no migrations beside {package}: the installation is incomplete")


MIGRATIONS = _migrations()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the database behind `engine` to `revision`, on one of its connections."""

    def run(connection: Connection) -> None:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)
