"""Prometheus metrics, one registry per app so that tests and apps do not share counters.

With several uvicorn workers, each is a process with its own counters: set
PROMETHEUS_MULTIPROC_DIR (prometheus-client's own variable, read when it is imported) and every
worker writes its samples to files there, which `/metrics` merges, whichever worker answers.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
GENERATION_BUCKETS = (0.005, 0.02, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60, 120)
BREAKER_STATES = {"closed": 0, "half-opened": 1, "opened": 2}
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


class Metrics:
    """Every metric the service exports, named per prometheus-client conventions."""

    def __init__(self) -> None:
        folder = multiprocess_dir()
        if folder is not None:  # where this process's samples go (any command, not only serve)
            folder.mkdir(parents=True, exist_ok=True)
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "componentforge_http_requests_total",
            "HTTP requests by method, route template and status code.",
            ["method", "route", "status"],
            registry=r,
        )
        self.http_latency = Histogram(
            "componentforge_http_request_duration_seconds",
            "HTTP request latency by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.http_in_flight = Gauge(
            "componentforge_http_requests_in_flight",
            "HTTP requests being served now.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.generation_latency = Histogram(
            "componentforge_generation_duration_seconds",
            "Generation latency by component type and cache layer.",
            ["component_type", "cache_layer"],
            buckets=GENERATION_BUCKETS,
            registry=r,
        )
        self.generations = Counter(
            "componentforge_generations_total",
            "Generations by component type, cache layer and outcome.",
            ["component_type", "cache_layer", "success"],
            registry=r,
        )
        self.llm_cost = Counter(
            "componentforge_llm_cost_usd_total",
            "Model spend in US dollars, priced from the configured table.",
            ["model", "task"],
            registry=r,
        )
        self.llm_tokens = Counter(
            "componentforge_llm_tokens_total",
            "Model tokens by model, task and kind (prompt or completion).",
            ["model", "task", "kind"],
            registry=r,
        )
        self.cache_requests = Counter(
            "componentforge_cache_requests_total",
            "Cache look-ups by layer and result (hit, miss, error).",
            ["layer", "result"],
            registry=r,
        )
        self.cache_bytes_saved = Counter(
            "componentforge_cache_bytes_saved_total",
            "Bytes served from cache instead of being produced again.",
            ["layer"],
            registry=r,
        )
        self.breaker_state = Gauge(
            "componentforge_circuit_breaker_state",
            "Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open "
            "(with several workers, the worst of them).",
            ["dependency"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.dependency_failures = Counter(
            "componentforge_dependency_failures_total",
            "Failed calls to a dependency (errors, time-outs, open breaker).",
            ["dependency"],
            registry=r,
        )
        self.fallbacks = Counter(
            "componentforge_fallbacks_total",
            "Requests answered by a declared fallback because a dependency failed.",
            ["dependency"],
            registry=r,
        )
        self.db_pool_in_use = Gauge(
            "componentforge_db_pool_connections_in_use",
            "Database connections checked out of the pool (all workers).",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.redis_memory = Gauge(
            "componentforge_redis_memory_bytes",
            "Redis memory, read at each scrape: used, and the maxmemory limit (0: none).",
            ["kind"],
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self.deferred_writes = Gauge(
            "componentforge_deferred_writes",
            "Records and artifacts kept locally, waiting for their store to come back.",
            ["store"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self.retrieval_latency = Histogram(
            "componentforge_retrieval_duration_seconds",
            "Pattern search latency by mode (hybrid, or bm25_only when semantic search failed).",
            ["mode"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.retrieval_degraded = Counter(
            "componentforge_retrieval_degraded_total",
            "Searches answered by BM25 alone, by the part that failed.",
            ["reason"],
            registry=r,
        )
        self.validations = Counter(
            "componentforge_validations_total",
            "Validations by verdict (PASS, FAIL, UNVERIFIED).",
            ["status"],
            registry=r,
        )
        self.validation_findings = Counter(
            "componentforge_validation_findings_total",
            "Problems found by each check (typescript, eslint, a11y, security, ...).",
            ["check"],
            registry=r,
        )
        self.validation_latency = Histogram(
            "componentforge_validation_duration_seconds",
            "Validation latency (all checks).",
            buckets=GENERATION_BUCKETS,
            registry=r,
        )
        self.extraction_seconds = Histogram(
            "componentforge_extraction_duration_seconds",
            "Extraction latency by source (screenshot, figma, requirements).",
            ["source"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.rate_limited = Counter(
            "componentforge_rate_limited_total",
            "Requests refused by a rate limit, by route group.",
            ["group"],
            registry=r,
        )
        self.jobs_submitted = Counter(
            "componentforge_jobs_submitted_total", "Jobs accepted, by kind.", ["kind"], registry=r
        )
        self.jobs_finished = Counter(
            "componentforge_jobs_finished_total",
            "Jobs that ended, by kind and status (succeeded, failed, cancelled).",
            ["kind", "status"],
            registry=r,
        )
        self.job_wait = Histogram(
            "componentforge_job_wait_seconds",
            "Time from submission to a worker starting the job, by kind.",
            ["kind"],
            buckets=GENERATION_BUCKETS,
            registry=r,
        )
        self.job_run = Histogram(
            "componentforge_job_run_seconds",
            "Time a worker spent on a job, by kind and status.",
            ["kind", "status"],
            buckets=(*GENERATION_BUCKETS, 300),
            registry=r,
        )
        self.job_redeliveries = Counter(
            "componentforge_job_redeliveries_total",
            "Jobs taken again after their worker stopped heartbeating (died, hung).",
            registry=r,
        )
        self.job_dead_letters = Counter(
            "componentforge_job_dead_letters_total",
            "Jobs failed as dead-lettered after their last allowed delivery.",
            registry=r,
        )
        # Read from the database when Prometheus scrapes: the same figure from every process.
        self.jobs_queued = Gauge(
            "componentforge_jobs_queued",
            "Jobs waiting for a worker, by kind.",
            ["kind"],
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self.jobs_running = Gauge(
            "componentforge_jobs_running",
            "Jobs a worker is running now.",
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self.job_oldest_queued = Gauge(
            "componentforge_job_oldest_queued_seconds",
            "Age of the oldest job still waiting for a worker (0: none waiting).",
            registry=r,
            multiprocess_mode="mostrecent",
        )
        self.job_workers_alive = Gauge(
            "componentforge_job_workers_alive",
            "Worker processes that heartbeated within three heartbeat periods.",
            registry=r,
            multiprocess_mode="mostrecent",
        )


def multiprocess_dir() -> Path | None:
    value = os.environ.get(MULTIPROCESS_DIR)
    return Path(value) if value else None


def exposition(metrics: Metrics) -> bytes:
    """What `/metrics` answers: this app's registry, or every worker's samples merged."""
    if multiprocess_dir() is None:
        return generate_latest(metrics.registry)
    merged = CollectorRegistry()
    multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
    return generate_latest(merged)


def forget_process() -> None:
    """A worker that stops takes its live gauges (in-flight, pool, breakers) with it."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def reset_multiprocess_dir() -> None:
    """Before the workers start: an empty folder, so a restart does not add the samples of
    the processes that ran before it to the new ones."""
    folder = multiprocess_dir()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
