"""The services the routes call, built once at startup on top of the resources."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from componentforge.config import Settings
from componentforge.errors import ConfigError
from componentforge.extraction.graph import ExtractionGraph
from componentforge.extraction.llm import ChatEngine
from componentforge.extraction.ocr import TextReader
from componentforge.extraction.typeface import faces_in
from componentforge.generation.llm import TASK, ModelGenerator
from componentforge.generation.registry import THEME_CSS, Primitives
from componentforge.infra.breaker import Breakers
from componentforge.infra.broker import Broker, DatabaseBroker, NatsBroker
from componentforge.infra.bulkhead import Bulkhead, ProcessBulkhead, Runner
from componentforge.infra.cache import CacheBackend, ExactCache, MemoryLRU, RedisBackend
from componentforge.infra.db.jobs import JobStore
from componentforge.infra.figma import FigmaClient
from componentforge.infra.llm.calls import ModelCalls
from componentforge.infra.llm.factory import (
    build_chat_model,
    build_embeddings,
    embeddings_mode,
    model_name,
    provider,
)
from componentforge.infra.resources import Resources
from componentforge.infra.validator import ValidatorPool
from componentforge.infra.vectors import VectorStore
from componentforge.retrieval.embeddings import Embedder, LocalMiniLM, RemoteEmbedder
from componentforge.retrieval.library import PatternLibrary
from componentforge.retrieval.semantic import SemanticIndex
from componentforge.schemas.retrieval import Weights
from componentforge.services.batches import Describe
from componentforge.services.extraction import ExtractionService
from componentforge.services.generation import GenerationService
from componentforge.services.generation_history import GenerationHistory
from componentforge.services.job_runner import JobRunner
from componentforge.services.jobs import JobService
from componentforge.services.retrieval import RetrievalService
from componentforge.services.validation import ValidationService


def build_embedder(settings: Settings) -> Embedder:
    if embeddings_mode(settings) == "local":
        return LocalMiniLM()  # the model loads at the first embedding
    embeddings = build_embeddings(settings)
    if embeddings is None:  # Settings already refuses this combination
        raise ConfigError("remote embeddings need a model endpoint")
    return RemoteEmbedder(embeddings, settings.llm_embedding_model)


def build_semantic_index(
    store: VectorStore, embedder: Embedder, breakers: Breakers, timeout: float
) -> SemanticIndex:
    """The pattern index in `store`; embedder calls each within `timeout`."""
    return SemanticIndex(store, embedder, breakers, timeout)


def build_retrieval(
    resources: Resources, library: PatternLibrary, embedder: Embedder
) -> RetrievalService:
    s = resources.settings
    timeout = s.qdrant_timeout_seconds
    return RetrievalService(
        library,
        build_semantic_index(resources.vectors, embedder, resources.breakers, timeout),
        resources.metrics,
        Weights(bm25=s.retrieval_weight_bm25, semantic=s.retrieval_weight_semantic),
        timeout=s.qdrant_timeout_seconds,
    )


def build_validator_pool(s: Settings) -> ValidatorPool:
    pool = ValidatorPool(
        s.node_binary,
        s.validator_dir,
        s.validator_pool_size,
        s.validator_timeout_seconds,
        s.patterns_dir,
        s.validator_requests_per_worker,
        s.validator_warm_up,
        s.preview_enabled,
        s.preview_browser,
    )
    if s.validator_warm_up:
        pool.start()  # workers load TypeScript and ESLint in the background
    # else the first validation starts them: an app that never validates never runs Node
    return pool


def build_validation(resources: Resources, pool: ValidatorPool | None = None) -> ValidationService:
    """`pool`: Node workers the caller owns (and closes); by default the app's own."""
    s = resources.settings
    return ValidationService(
        pool or build_validator_pool(s),
        resources.records,
        resources.artifacts,
        resources.metrics,
        s.validation_max_code_bytes,
        {
            "timeoutMs": int(s.validator_render_timeout_seconds * 1000),
            "memoryMb": s.validator_render_memory_mb,
            "cpuSeconds": max(1, int(s.validator_render_timeout_seconds)),
            "htmlChars": s.validator_render_html_chars,
        },
        s.validation_max_stories,
        s.preview_enabled,
        s.preview_timeout_seconds,
    )


def build_figma(resources: Resources) -> FigmaClient:
    """Figma answers are cached beside the L1 cache (Redis or in process), under their own
    prefix and metric layer, so they never count as L1 entries."""
    s = resources.settings
    backend: CacheBackend
    if resources.redis is not None:
        backend = RedisBackend(resources.redis, prefix=f"{s.redis_key_prefix}:figma:")
    else:
        backend = MemoryLRU(s.figma_cache_max_entries, s.cache_max_bytes // 4)
    cache = ExactCache(
        backend, resources.breakers, resources.metrics, s.redis_timeout_seconds, layer="figma"
    )
    return FigmaClient(
        resources.http,
        str(s.figma_base_url),
        token=s.figma_token,
        breakers=resources.breakers,
        cache=cache,
        timeout=s.figma_timeout_seconds,
        attempts=s.figma_max_retries + 1,
        fresh_seconds=s.figma_cache_seconds,
        stale_seconds=s.figma_stale_seconds,
    )


def build_model_extractor(resources: Resources) -> ChatEngine | None:
    """The configured model engine for extraction, or None when no model is configured."""
    s, r = resources.settings, resources
    vision, text = build_chat_model(s, "vision"), build_chat_model(s, "text")
    if vision is None or text is None:
        return None
    return ChatEngine(
        vision,
        text,
        models=(model_name(s, "vision"), model_name(s, "text")),
        vendor=provider(s),
        calls=ModelCalls.from_settings(s, r.breakers, r.metrics, r.prices),
    )


def build_model_generator(resources: Resources) -> ModelGenerator | None:
    """The configured model generator, or None (no model, or GENERATION_ENGINE=offline)."""
    s, r = resources.settings, resources
    if s.generation_engine == "offline":
        return None
    chat = build_chat_model(s, TASK)
    if chat is None:
        return None
    return ModelGenerator(
        chat,
        model=model_name(s, TASK),
        vendor=provider(s),
        calls=ModelCalls.from_settings(s, r.breakers, r.metrics, r.prices),
    )


def build_extraction(resources: Resources, library: PatternLibrary) -> ExtractionService:
    r = resources
    s = r.settings
    images = Bulkhead("images", s.extraction_image_concurrency)
    analysis: Runner = images
    if s.extraction_analysis == "processes":
        analysis = ProcessBulkhead(
            "analysis",
            s.extraction_image_concurrency,
            preload=["componentforge.extraction.reading"],
        )
    reader = TextReader() if s.extraction_ocr else None
    faces = faces_in(s.validator_dir / "node_modules")
    graph = ExtractionGraph(library, build_model_extractor(r), analysis, reader, faces)
    return ExtractionService(
        graph,
        resources.settings,
        resources.metrics,
        resources.tracer,
        build_figma(resources),
        images,
    )


def build_broker(resources: Resources, store: JobStore) -> Broker:
    s = resources.settings
    if s.jobs_broker_url is None:
        return DatabaseBroker(store, s.jobs_poll_seconds)
    return NatsBroker(
        s.jobs_broker_url,
        s.jobs_stream_prefix,
        resources.breakers,
        s.jobs_broker_timeout_seconds,
        s.jobs_lease_seconds,
        s.jobs_max_attempts,
    )


def build_jobs(
    resources: Resources, generation: GenerationService, extraction: ExtractionService
) -> JobService:
    s = resources.settings
    store = JobStore(resources.sessions, resources.breakers, s.database_timeout_seconds)
    broker = build_broker(resources, store)
    store.on_change = broker.changed  # other processes' followers hear of this one's changes
    return JobService(
        store,
        broker,
        generation,
        extraction,
        resources.artifacts,
        resources.metrics,
        max_open_per_tenant=s.jobs_max_queued_per_tenant,
        poll=s.jobs_poll_seconds,
        lease=s.jobs_lease_seconds,
    )


def build_runner(
    resources: Resources, jobs: JobService, describe: Describe, concurrency: int
) -> JobRunner:
    s = resources.settings
    return JobRunner(
        jobs.store,
        jobs.broker,
        jobs.generation,
        resources.artifacts,
        resources.metrics,
        describe,
        concurrency=concurrency,
        lease=s.jobs_lease_seconds,
        timeout=s.job_timeout_seconds,
        max_attempts=s.jobs_max_attempts,
    )


@dataclass
class Services:
    retrieval: RetrievalService
    validation: ValidationService
    extraction: ExtractionService
    generation: GenerationService
    history: GenerationHistory
    jobs: JobService
    primitives: Primitives
    # The jobs this process runs itself (the API's in-process worker, or `componentforge worker`)
    runner: JobRunner | None = None
    _tasks: tuple[asyncio.Task[None], ...] = ()
    _own_validator: bool = True

    @classmethod
    async def start(
        cls,
        resources: Resources,
        describe: Describe,
        *,
        run_jobs: int | None = None,
        validator: ValidatorPool | None = None,
    ) -> Services:
        """`run_jobs`: how many jobs this process runs at once (default: the API's share,
        `Settings.jobs_in_api`). `validator`: Node workers shared with other apps of this
        process, which their owner closes; by default the app starts its own."""
        validation = build_validation(resources, validator)
        library = PatternLibrary.load(
            resources.settings.patterns_dir
        )  # a broken file stops startup
        retrieval = build_retrieval(resources, library, build_embedder(resources.settings))
        await retrieval.ensure_indexed()

        async def reindex_if_needed() -> None:
            if not retrieval.indexed:
                await retrieval.ensure_indexed()

        resources.maintenance_hooks.append(reindex_if_needed)
        extraction = build_extraction(resources, library)
        generation = GenerationService(
            library,
            retrieval,
            validation,
            resources.cache,
            resources.records,
            resources.artifacts,
            resources.metrics,
            build_model_generator(resources),
            batch_concurrency=resources.settings.generation_batch_concurrency,
            extraction=extraction,
            tracer=resources.tracer,
        )
        jobs = build_jobs(resources, generation, extraction)
        resources.gauge_hooks.append(jobs.refresh_gauges)
        concurrency = resources.settings.jobs_in_api if run_jobs is None else run_jobs
        runner = build_runner(resources, jobs, describe, concurrency) if concurrency else None
        tasks = [
            asyncio.create_task(jobs.keep_publishing(), name="jobs-publisher"),
            asyncio.create_task(jobs.broker.watch(jobs.store.wake), name="jobs-watcher"),
        ]
        if runner is not None:
            tasks.append(asyncio.create_task(runner.run(), name="jobs-runner"))
        if resources.settings.extraction_analysis == "processes":
            tasks.append(asyncio.create_task(extraction.graph.warm(), name="extraction-warm-up"))
        return cls(
            retrieval=retrieval,
            validation=validation,
            extraction=extraction,
            generation=generation,
            history=GenerationHistory(resources.records, resources.artifacts),
            jobs=jobs,
            primitives=Primitives(library.root, resources.settings.validator_dir / THEME_CSS),
            runner=runner,
            _tasks=tuple(tasks),
            _own_validator=validator is None,
        )

    async def close(self, grace: float = 0.0) -> None:
        """`grace`: seconds the running jobs get to finish before they are handed back."""
        if self.runner is not None:
            await self.runner.stop(grace)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.jobs.broker.close()
        await self.generation.drain()
        if self._own_validator:
            await self.validation.pool.close()
        # Idle threads of a bulkhead keep their memory (malloc arenas): let them go.
        self.extraction.images.close()
        if self.extraction.graph.images is not None:
            self.extraction.graph.images.close()
        embedder = self.retrieval.semantic.embedder
        if isinstance(embedder, LocalMiniLM):
            embedder.close()
