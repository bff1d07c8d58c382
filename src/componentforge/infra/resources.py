"""Every client the app uses, built once at startup and closed at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from componentforge.config import Settings
from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.cache import CacheBackend, ExactCache, MemoryLRU, RedisBackend
from componentforge.infra.db import migrate
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.session import (
    build_engine,
    build_sessionmaker,
    count_pool_connections,
)
from componentforge.infra.keys import KeyStore
from componentforge.infra.llm.pricing import PriceTable
from componentforge.infra.metrics import Metrics
from componentforge.infra.ratelimit import RateLimiter
from componentforge.infra.storage import (
    ArtifactStore,
    LocalArtifactStore,
    S3ArtifactStore,
    build_s3_client,
)
from componentforge.infra.tracing import Tracer
from componentforge.infra.vectors import VectorStore, open_vectors

log = logging.getLogger(__name__)
CACHE_SNAPSHOT_SECONDS = 300.0


@dataclass
class Resources:
    settings: Settings
    metrics: Metrics
    breakers: Breakers
    tracer: Tracer
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    records: MetadataStore
    redis: Redis | None
    cache: ExactCache
    rate_limiter: RateLimiter
    artifacts: ArtifactStore
    vectors: VectorStore
    http: httpx.AsyncClient
    prices: PriceTable
    keys: KeyStore
    started_at: float = field(default_factory=time.time)
    # Extra work for each maintenance pass, registered by the services (e.g. a pending reindex).
    maintenance_hooks: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Gauges read from elsewhere when Prometheus scrapes (the jobs queue's depth).
    gauge_hooks: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(Exception):
            await self.snapshot_cache_stats()
        await self.tracer.flush()
        await self.http.aclose()
        await self.vectors.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()
        if isinstance(self.artifacts, S3ArtifactStore):
            self.artifacts.close()

    async def refresh_gauges(self) -> None:
        """Gauges read when Prometheus scrapes: Redis memory (one server for every worker).
        A Redis that does not answer leaves the last reading; its breaker says why."""
        for hook in self.gauge_hooks:
            with contextlib.suppress(DependencyError):
                await hook()
        if self.redis is None:
            return
        redis = self.redis
        try:
            info = await self.breakers.call(
                "redis", lambda: redis.info("memory"), timeout=self.settings.redis_timeout_seconds
            )
        except DependencyError:
            return
        self.metrics.redis_memory.labels("used").set(info.get("used_memory", 0))
        self.metrics.redis_memory.labels("max").set(info.get("maxmemory", 0))

    async def snapshot_cache_stats(self) -> None:
        stats = await self.cache.stats()
        await self.records.add(
            "cache_stats",
            {
                "layer": self.cache.layer,
                "backend": stats.backend,
                "hits": stats.hits,
                "misses": stats.misses,
                "errors": stats.errors,
                "bytes_saved": stats.bytes_saved,
                "entries": stats.entries,
            },
        )

    def start_maintenance(self) -> None:
        self._tasks.append(asyncio.create_task(self._maintain(), name="maintenance"))

    async def _maintain(self) -> None:
        """Replay deferred records and uploads; snapshot cache counters now and then."""
        last_snapshot = time.monotonic()
        while True:
            await asyncio.sleep(self.settings.outbox_replay_seconds)
            try:
                await self.replay_deferred()
                for hook in self.maintenance_hooks:
                    await hook()
                if time.monotonic() - last_snapshot >= CACHE_SNAPSHOT_SECONDS:
                    last_snapshot = time.monotonic()
                    await self.snapshot_cache_stats()
            except Exception:
                log.exception("maintenance pass failed")

    async def replay_deferred(self) -> None:
        if self.records.pending_count():
            await self.records.replay()
        if isinstance(self.artifacts, S3ArtifactStore) and self.artifacts.pending.list_keys():
            await self.artifacts.upload_pending()


async def open_resources(settings: Settings, metrics: Metrics | None = None) -> Resources:
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    metrics = metrics or Metrics()
    breakers = Breakers(metrics, settings.breaker_failure_threshold, settings.breaker_reset_seconds)

    engine = build_engine(
        settings.resolved_database_url,
        settings.database_pool_size,
        settings.database_timeout_seconds,
    )
    if settings.migrate_on_start:
        await migrate.upgrade(engine)
    count_pool_connections(engine, metrics)
    sessions = build_sessionmaker(engine)
    records = MetadataStore(
        sessions, breakers, metrics, data_dir / "outbox", settings.database_timeout_seconds
    )

    redis: Redis | None = None
    backend: CacheBackend
    if settings.redis_url:
        redis = Redis.from_url(
            settings.redis_url,
            socket_timeout=settings.redis_timeout_seconds,
            socket_connect_timeout=settings.redis_timeout_seconds,
        )
        backend = RedisBackend(redis, prefix=f"{settings.redis_key_prefix}:l1:")
    else:
        backend = MemoryLRU(settings.cache_max_entries, settings.cache_max_bytes)
    cache = ExactCache(backend, breakers, metrics, settings.redis_timeout_seconds)
    rate_limiter = RateLimiter(
        settings.redis_url,
        breakers,
        metrics,
        settings.redis_timeout_seconds,
        key_prefix=f"{settings.redis_key_prefix}:rl",
    )

    artifacts = await _open_artifacts(settings, data_dir, breakers, metrics)
    vectors = open_vectors(
        str(settings.qdrant_url) if settings.qdrant_url else None,
        settings.qdrant_api_key,
        data_dir / "qdrant",
        breakers,
        settings.qdrant_timeout_seconds,
    )
    tracer = Tracer(
        settings.langsmith_api_key,
        str(settings.langsmith_endpoint) if settings.langsmith_endpoint else None,
        settings.langsmith_project,
    )
    http = httpx.AsyncClient(timeout=httpx.Timeout(settings.llm_timeout_seconds, connect=5.0))
    resources = Resources(
        settings=settings,
        metrics=metrics,
        breakers=breakers,
        tracer=tracer,
        engine=engine,
        sessions=sessions,
        records=records,
        redis=redis,
        cache=cache,
        rate_limiter=rate_limiter,
        artifacts=artifacts,
        vectors=vectors,
        http=http,
        prices=PriceTable(settings.llm_prices),
        keys=KeyStore(sessions, settings.api_key_digests),
    )
    # Whether the database holds keys, known from the start: a database that goes down later
    # does not turn keys off (nor every request into a 503).
    with contextlib.suppress(DependencyError):
        await resources.keys.enabled()
    resources.start_maintenance()
    return resources


async def _open_artifacts(
    settings: Settings, root: Path, breakers: Breakers, metrics: Metrics
) -> ArtifactStore:
    if not settings.s3_bucket:
        return LocalArtifactStore(root / "artifacts")
    client = build_s3_client(
        str(settings.s3_endpoint_url) if settings.s3_endpoint_url else None,
        settings.s3_region,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
        settings.s3_timeout_seconds,
    )
    store = S3ArtifactStore(
        client,
        settings.s3_bucket,
        pending=LocalArtifactStore(root / "artifacts-pending"),
        breakers=breakers,
        metrics=metrics,
        presign_seconds=settings.s3_presign_seconds,
        timeout=settings.s3_timeout_seconds,
    )
    try:
        await store.ensure_bucket(settings.s3_expire_days)
    except DependencyError as exc:
        # Artifacts are kept locally until S3 answers; startup does not wait for it.
        log.warning("s3 bucket not ready at startup: %s", exc.message)
    return store
