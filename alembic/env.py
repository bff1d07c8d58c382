"""Alembic environment: runs on the app's connection when given one, else opens its own."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from componentforge.config import load_settings
from componentforge.infra.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    run_on(connection)
else:
    # Run as `alembic upgrade head`: the URL comes from our settings, like everything else.
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        settings = load_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # where the SQLite file goes
        url = settings.resolved_database_url
    asyncio.run(run_with_own_engine(url))
