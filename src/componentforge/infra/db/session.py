"""The async engine and session factory, built once in the app's lifespan."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from componentforge.infra.metrics import Metrics


def build_engine(url: str, pool_size: int, timeout: float) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": timeout})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended level: a commit is not fsynced (a process that dies loses
            # nothing; a power cut may lose the last commits); the default costs an fsync per
            # commit, and a job makes several.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=timeout,
        connect_args={"timeout": timeout, "command_timeout": timeout},
    )


def build_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def count_pool_connections(engine: AsyncEngine, metrics: Metrics) -> None:
    """Keep `componentforge_db_pool_connections_in_use` as connections leave and come back,
    so each worker's count is current whichever worker answers the scrape."""
    in_use = metrics.db_pool_in_use
    event.listen(engine.sync_engine.pool, "checkout", lambda *_: in_use.inc())
    event.listen(engine.sync_engine.pool, "checkin", lambda *_: in_use.dec())
