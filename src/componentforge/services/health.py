"""Readiness: every dependency checked at once, each within its own time limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text

from componentforge import __version__
from componentforge.errors import DependencyError
from componentforge.infra.breaker import elapsed_ms
from componentforge.infra.llm.factory import embeddings_mode, provider
from componentforge.infra.resources import Resources
from componentforge.infra.storage import S3ArtifactStore
from componentforge.infra.validator import ValidatorPool
from componentforge.schemas.health import DependencyHealth, Liveness, Readiness
from componentforge.services.retrieval import RetrievalService


class HealthService:
    def __init__(
        self,
        resources: Resources,
        validator: ValidatorPool | None = None,
        retrieval: RetrievalService | None = None,
    ) -> None:
        self.r = resources
        self.validator = validator
        self.retrieval = retrieval

    def liveness(self) -> Liveness:
        return Liveness(
            version=__version__, uptime_seconds=round(time.time() - self.r.started_at, 3)
        )

    async def readiness(self) -> Readiness:
        checks = await asyncio.gather(
            self._database(), self._cache(), self._vectors(), self._artifacts(), self._embeddings()
        )
        deps = [*checks, self._validator()]
        deps += [self._llm(), self._figma(), self._tracing()]
        embedded_down = any(d.status == "down" and d.mode == "embedded" for d in deps)
        external_down = any(d.status in ("down", "degraded") or d.breaker == "opened" for d in deps)
        status = "unhealthy" if embedded_down else "degraded" if external_down else "healthy"
        return Readiness(status=status, version=__version__, dependencies=deps)

    async def _probe(
        self,
        name: str,
        breaker: str | None,
        timeout: float,
        probe: Callable[[], Awaitable[Any]],
        **fields: Any,
    ) -> DependencyHealth:
        ok_detail = fields.pop("detail", None)
        start = time.perf_counter()
        try:
            if breaker:  # a trial even while the breaker is open: health follows the peer
                await self.r.breakers.trial(breaker, probe, timeout=timeout)
            else:
                async with asyncio.timeout(timeout):
                    await probe()
            status, detail = "ok", ok_detail
        except DependencyError as exc:
            status, detail = "down", exc.message
        except Exception as exc:
            status, detail = "down", f"{type(exc).__name__}: {exc}"[:200]
        return DependencyHealth(
            name=name,
            status=status,
            latency_ms=elapsed_ms(start),
            breaker=self.r.breakers.state(breaker) if breaker else None,
            detail=detail,
            **fields,
        )

    async def _database(self) -> DependencyHealth:
        s = self.r.settings

        async def ping() -> None:
            async with self.r.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

        return await self._probe(
            "database",
            "database",
            s.database_timeout_seconds,
            ping,
            mode="embedded" if s.database_is_sqlite else "external",
            backend="sqlite" if s.database_is_sqlite else "postgresql",
            info={"deferred_records": self.r.records.pending_count()},
        )

    async def _cache(self) -> DependencyHealth:
        redis = self.r.redis
        if redis is None:
            return DependencyHealth(name="cache", mode="embedded", backend="memory", status="ok")
        return await self._probe(
            "cache",
            "redis",
            self.r.settings.redis_timeout_seconds,
            redis.ping,
            mode="external",
            backend="redis",
            detail="rate limits and L1 cache",
        )

    async def _vectors(self) -> DependencyHealth:
        external = self.r.settings.qdrant_url is not None
        return await self._probe(
            "vector_store",
            "qdrant" if external else None,
            self.r.settings.qdrant_timeout_seconds,
            self.r.vectors.ping,
            mode="external" if external else "embedded",
            backend="qdrant" if external else "qdrant-local",
        )

    async def _artifacts(self) -> DependencyHealth:
        store = self.r.artifacts
        if isinstance(store, S3ArtifactStore):
            return await self._probe(
                "artifacts",
                "s3",
                self.r.settings.s3_timeout_seconds,
                lambda: store.bulkhead.run(store.client.head_bucket, Bucket=store.bucket),
                mode="external",
                backend="s3",
                info={"deferred_uploads": len(store.pending.list_keys()), "bucket": store.bucket},
            )

        async def writable() -> None:
            probe = store.root / ".health-probe"
            await asyncio.to_thread(probe.write_bytes, b"ok")
            await asyncio.to_thread(probe.unlink)

        return await self._probe("artifacts", None, 1.0, writable, mode="embedded", backend="local")

    async def _embeddings(self) -> DependencyHealth:
        settings = self.r.settings
        if embeddings_mode(settings) != "local":
            return self._configured("embeddings", "embeddings", settings.llm_embedding_model)
        opened = self.r.breakers.state("embeddings") == "opened"
        if opened and self.retrieval is not None:
            # A stale open breaker would keep readiness down until some search closed it.
            probed = await self._probe(
                "embeddings",
                None,
                5.0,
                self.retrieval.probe_embeddings,
                mode="embedded",
                backend="all-minilm-l6-v2-int8",
            )
            return probed.model_copy(update={"breaker": self.r.breakers.state("embeddings")})
        return DependencyHealth(
            name="embeddings",
            mode="embedded",
            backend="all-minilm-l6-v2-int8",
            status="down" if opened else "ok",
            breaker=self.r.breakers.state("embeddings"),
        )

    def _validator(self) -> DependencyHealth:
        pool = self.validator
        if pool is None or not pool.available:
            return DependencyHealth(
                name="validator",
                mode="off",
                backend="node",
                status="disabled",
                detail=(
                    f"{pool.reason if pool else 'not started'}: "
                    "only syntax is checked and reports say UNVERIFIED"
                ),
            )
        info = pool.info()
        short = pool.degraded
        return DependencyHealth(
            name="validator",
            mode="embedded",
            backend="node",
            status="degraded" if short else "ok",
            detail=(
                f"{info['running']} of {info['workers']} workers running; the others restart"
                if short
                else "TypeScript, ESLint and axe-core workers (they restart on demand)"
                if pool.started
                else "TypeScript, ESLint and axe-core workers (they start with the first check)"
            ),
            info=info,
        )

    def _llm(self) -> DependencyHealth:
        kind = provider(self.r.settings)
        if kind == "offline":
            return DependencyHealth(
                name="llm",
                mode="embedded",
                backend="offline",
                status="ok",
                detail="offline engines: pixel analysis, pattern knowledge, templates",
            )
        return self._configured("llm", "openai", kind)

    def _figma(self) -> DependencyHealth:
        if not self.r.settings.figma_token:
            return DependencyHealth(
                name="figma",
                mode="off",
                backend="figma",
                status="disabled",
                detail="no FIGMA_TOKEN; requests may pass X-Figma-Token",
            )
        return self._configured("figma", "figma", "figma")

    def _tracing(self) -> DependencyHealth:
        if not self.r.tracer.enabled:
            return DependencyHealth(
                name="tracing", mode="off", backend="langsmith", status="disabled"
            )
        return DependencyHealth(name="tracing", mode="external", backend="langsmith", status="ok")

    def _configured(self, name: str, breaker: str, backend: str) -> DependencyHealth:
        """Paid APIs are not called by health checks; their breaker tells how calls went."""
        state = self.r.breakers.state(breaker)
        return DependencyHealth(
            name=name,
            mode="external",
            backend=backend,
            status="down" if state == "opened" else "ok",
            breaker=state,
        )
