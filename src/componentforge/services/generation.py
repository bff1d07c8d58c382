"""Generate a component: L1 exact cache, else the generation graph; then artifacts and a record.

Every generation, hit, miss or failure, becomes a row in `generations` (through the outbox when
the database is down). A hit's row is queued and written after the answer, in batches, so the hit
path stays a cache read and a few dictionary operations.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import time
from datetime import UTC, datetime
from typing import Any

from componentforge.generation.graph import GenerationGraph
from componentforge.generation.writer import Call, ComponentWriter
from componentforge.infra.cache import ExactCache
from componentforge.infra.db.batches import BatchedWriter
from componentforge.infra.db.models import new_id
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.rows import GenerationValues
from componentforge.infra.logging import session_id_var
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.infra.tracing import Tracer
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.generation import (
    GenerationRequest,
    GenerationResult,
    GenerationSource,
    Screenshot,
    ScreenshotGeneration,
)
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.vocabulary import Progress
from componentforge.services import batches
from componentforge.services.batches import Finished
from componentforge.services.extraction import ExtractionService
from componentforge.services.generation_cache import entry, reuse, tenant_key
from componentforge.services.generation_plan import GenerationPlan, Planner
from componentforge.services.generation_records import cost_rows, outcome, usage
from componentforge.services.generation_traces import annotate, session_metadata, traced
from componentforge.services.previews import previews, reference_of
from componentforge.services.retrieval import RetrievalService
from componentforge.services.validation import ValidationService
from componentforge.tenancy import current_principal
from componentforge.validation.visual import Reference

log = logging.getLogger(__name__)


class GenerationService:
    def __init__(
        self,
        library: PatternLibrary,
        retrieval: RetrievalService,
        validation: ValidationService,
        cache: ExactCache,
        records: MetadataStore,
        artifacts: ArtifactStore,
        metrics: Metrics,
        generator: ComponentWriter | None = None,
        batch_concurrency: int = 3,
        extraction: ExtractionService | None = None,
        tracer: Tracer | None = None,
    ) -> None:
        self.library = library
        self.retrieval = retrieval
        self.validation = validation
        self.cache = cache
        self.records = records
        self.artifacts = artifacts
        self.metrics = metrics
        self.generator = generator
        self.batch_concurrency = batch_concurrency
        self.extraction = extraction
        self.tracer = tracer or Tracer(None)
        self.graph = GenerationGraph(validation.check_generated, generator)
        self._rows = BatchedWriter(records, "generations")
        self.planner = Planner(
            library,
            retrieval,
            self.tracer,
            self.graph.engine,
            generator.model if generator is not None else None,
        )

    def check_name(self, name: str) -> None:
        self.library.check_name(name)

    async def prepare(self, request: GenerationRequest) -> GenerationPlan:
        """The pattern, the component's name and the cache key; raises what the request got
        wrong (unknown pattern, a clashing name) before any work starts."""
        return await self.planner.prepare(request)

    async def generate(
        self,
        request: GenerationRequest,
        *,
        request_id: str | None = None,
        progress: Progress | None = None,
        plan: GenerationPlan | None = None,
        reference: Reference | None = None,
        generation_id: str | None = None,
    ) -> GenerationResult:
        """One generation; with LangSmith configured, one trace (or a child of the caller's):
        the retriever, the graph's steps and its model calls are its children, and its id is
        in the result and the row. A `generation_id` given (a job's) makes a repeated run
        write the same row and artifacts again rather than a second set."""
        work = functools.partial(
            self._generate, request, request_id, progress, plan, reference, generation_id
        )
        if not self.tracer.enabled:  # the hit path pays nothing for what a trace would record
            return await work()
        async with self.tracer.span(
            "generation",
            inputs=request.model_dump(mode="json", exclude={"tokens", "requirements"}),
            metadata=session_metadata(request_id),
        ) as run:
            result = await work()
            if run is not None:
                run.add_outputs(traced(result))
        return result

    async def _generate(
        self,
        request: GenerationRequest,
        request_id: str | None,
        progress: Progress | None,
        plan: GenerationPlan | None,
        reference: Reference | None = None,
        generation_id: str | None = None,
    ) -> GenerationResult:
        start = time.perf_counter()
        started_at = datetime.now(UTC)
        generation_id = generation_id or new_id()
        if progress is not None:
            await progress("load_pattern", "start", 0.0)
        plan = plan or await self.prepare(request)
        pattern, name, key, degraded = plan.pattern, plan.name, plan.key, plan.degraded
        self.tracer.annotate([f"component_type:{pattern.component_type}"])
        if progress is not None:
            await progress("load_pattern", "end", _ms(start))
        trace_id = Tracer.current_trace_id()
        row: GenerationValues = {
            "id": generation_id,
            "request_id": request_id,
            "session_id": session_id_var.get(),
            "component_type": pattern.component_type,
            "component_name": name,
            "pattern_id": pattern.id,
            "pattern_version": pattern.version,
            "started_at": started_at,
            "engine": self.graph.engine,
            "trace_id": trace_id,
            "tenant": current_principal().tenant,
            "project": request.project,
        }
        cached = await self.cache.get(tenant_key(key))
        if cached is not None:
            result, origin = await reuse(cached, generation_id, degraded, self.artifacts)
            result.latency_ms = _ms(start)
            result.trace_id = trace_id
            result.project = request.project
            annotate(self.tracer, result)
            self._record_later({**row, **outcome(result, "L1", key, origin)})
            return result
        try:
            labels = {**session_metadata(request_id), "generation_id": generation_id}
            result, calls = await self._run(
                request, pattern, name, key, generation_id, progress, labels, reference
            )
        except (Exception, asyncio.CancelledError) as exc:
            # A cancelled generation (the client went away) is recorded after this task ends.
            cancelled = isinstance(exc, asyncio.CancelledError)
            failed: GenerationValues = {
                **row,
                "cache_layer": "L4",
                "success": False,
                "error_type": "Cancelled" if cancelled else type(exc).__name__,
                "error_message": "the client disconnected" if cancelled else str(exc)[:2000],
                "completed_at": datetime.now(UTC),
                "duration_ms": _ms(start),
                "meta": {"cache_key": key},
            }
            if cancelled:
                self._record_later(failed)
            else:
                await self.records.add("generations", failed)
                self._observe(failed)
            raise
        result.degraded_reasons = degraded + result.degraded_reasons
        result.degraded = bool(result.degraded_reasons)
        result.latency_ms = _ms(start)
        result.trace_id = trace_id
        annotate(self.tracer, result)
        if progress is not None:
            await progress("store", "start", 0.0)
        stored_at = time.perf_counter()
        finished: GenerationValues = {**outcome(result, "L4", key, generation_id), **usage(calls)}
        result.stored = await self.records.add("generations", {**row, **finished})
        if progress is not None:
            await progress("store", "end", _ms(stored_at))
        self._observe({**row, **finished})
        return result

    async def from_screenshot(
        self,
        shot: Screenshot,
        *,
        request_id: str | None = None,
        progress: Progress | None = None,
        generation_id: str | None = None,
    ) -> ScreenshotGeneration:
        """Extraction → the pattern for the type read (retrieval when the library has none)
        → generation. What is wrong with the image (extraction reads it first) or the name
        is raised before any work."""
        if shot.component_name is not None:
            self.check_name(shot.component_name)
        work = functools.partial(self._from_screenshot, shot, request_id, progress, generation_id)
        if not self.tracer.enabled:
            return await work()
        async with self.tracer.span(
            "generation.from_screenshot",
            inputs={"bytes": len(shot.data), "component_type": shot.component_type},
            metadata=session_metadata(request_id),
        ) as run:
            result = await work()
            self.tracer.annotate([f"component_type:{result.extraction.component_type}"])
            annotate(self.tracer, result.generation)
            if run is not None:
                run.add_outputs(traced(result.generation))
        return result

    async def _from_screenshot(
        self,
        shot: Screenshot,
        request_id: str | None,
        progress: Progress | None,
        generation_id: str | None,
    ) -> ScreenshotGeneration:
        assert self.extraction is not None, "built without an extraction service"
        start = time.perf_counter()
        if progress is not None:
            await progress("extract", "start", 0.0)
        extracted = await self.extraction.from_screenshot(
            shot.data, shot.component_type, shot.scale
        )
        if progress is not None:
            await progress("extract", "end", _ms(start))
        pattern = self.library.by_component_type(extracted.component_type)
        request = GenerationRequest(
            pattern_id=pattern.id if pattern is not None else None,
            query=None if pattern is not None else extracted.component_type,
            component_name=shot.component_name,
            tokens=extracted.tokens,
            requirements=extracted.requirements,
            content=extracted.content,
            anatomy=extracted.anatomy,
            source=GenerationSource(screenshot_sha256=hashlib.sha256(shot.data).hexdigest()),
            options=shot.options,
            project=shot.project,
        )
        result = await self.generate(
            request,
            request_id=request_id,
            progress=progress,
            reference=reference_of(shot.data, extracted),
            generation_id=generation_id,
        )
        return ScreenshotGeneration(extraction=extracted, generation=result)

    async def batch(
        self,
        requests: list[GenerationRequest],
        *,
        request_id: str | None = None,
        ids: list[str] | None = None,
        done: Finished | None = None,
    ) -> list[GenerationResult | Exception]:
        """Each request on its own, at most `batch_concurrency` at once (`batches.run`)."""
        return await batches.run(
            self.generate, requests, self.batch_concurrency, request_id, ids, done
        )

    async def _run(
        self,
        request: GenerationRequest,
        pattern: Pattern,
        name: str,
        key: str,
        generation_id: str,
        progress: Progress | None,
        traced: dict[str, Any],
        reference: Reference | None = None,
    ) -> tuple[GenerationResult, list[Call]]:
        """The graph (each step's trace run tagged and labelled like its generation's), the
        artifacts, the result, and the cache entry."""
        opts = request.options
        made = await self.graph.run(
            pattern,
            name,
            request.tokens,
            request.requirements,
            key=key,
            content=request.content,
            anatomy=request.anatomy,
            reference=reference,
            validate=opts.validate_output,
            include_stories=opts.include_stories,
            max_fix_rounds=opts.max_fix_rounds,
            progress=progress,
            tags=[f"component_type:{pattern.component_type}", "cache_layer:L4"],
            metadata=traced,
        )
        files, report = made.files, made.report
        await self._record_costs(made.calls, generation_id)
        stored = await self.artifacts.put_many(
            [(f"components/{generation_id}/{f}", text.encode()) for f, text in files.items()]
        )
        reasons: list[str] = []
        warnings = list(made.warnings)
        if report is not None and report.status == "UNVERIFIED":
            reasons.append("the component was not validated: Node.js checks unavailable")
        if made.fallback is not None:
            reasons.append(f"offline result: {made.fallback}")
            self.metrics.fallbacks.labels("llm").inc()
        if any(s.deferred for s in stored):
            warnings.append("artifact storage was down: files kept locally, uploaded later")
        result = GenerationResult(
            generation_id=generation_id,
            pattern_id=pattern.id,
            component_name=name,
            cache_layer="L4",
            files=files,
            validation=report,
            artifacts={s.key.rsplit("/", 1)[1]: s.url for s in stored} | previews(report),
            provenance=made.provenance,
            engine=made.engine,
            model=self.generator.model if self.generator is not None else None,
            notes=made.notes,
            model_attempts=made.attempts,
            degraded=bool(reasons),
            degraded_reasons=reasons,
            warnings=warnings,
            applied=made.applied,
            stages=made.stages,
            fix_rounds=made.rounds,
            latency_ms=0.0,
            cost_usd=round(sum(c.cost_usd for c in made.calls), 8),
            tokens_used=sum(c.prompt_tokens + c.completion_tokens for c in made.calls),
            tenant=current_principal().tenant,
            project=request.project,
        )
        await self.artifacts.put(
            f"components/{generation_id}/result.json", result.model_dump_json().encode()
        )
        # A fallback is not cached: the next request gives the model another chance.
        if (report is None or report.status == "PASS") and made.fallback is None:
            await self.cache.set(tenant_key(key), entry(result, stored))
        return result, made.calls

    async def _record_costs(self, calls: list[Call], generation_id: str) -> None:
        """One `costs` row per model call, in one transaction."""
        if calls:
            provider = self.graph.engine.removeprefix("llm:")
            await self.records.add_many("costs", cost_rows(calls, generation_id, provider))

    def _record_later(self, values: GenerationValues) -> None:
        """A row written after the answer, in a batch with others."""
        self._observe(values)
        self._rows.add(values)

    async def drain(self) -> None:
        """Wait for the records still being written (shutdown, tests)."""
        await self._rows.drain()

    def _observe(self, record: GenerationValues) -> None:
        """Latency and outcome metrics from a generation's record."""
        labels = (record["component_type"], record["cache_layer"])
        self.metrics.generation_latency.labels(*labels).observe(
            (record["duration_ms"] or 0.0) / 1000
        )
        self.metrics.generations.labels(*labels, str(record["success"]).lower()).inc()

    async def forget(self, key: str) -> bool:
        """Drop one L1 entry; raises DependencyError when the cache cannot say."""
        return await self.cache.delete(tenant_key(key))


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
