"""Generate a component: L1 exact cache, else the generation graph; then artifacts and a record.

Every generation, hit, miss or failure, becomes a row in `generations` (through the outbox when
the database is down). A hit's row is queued and written after the answer, in batches, so the hit
path stays a cache read and a few dictionary operations.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from componentforge.canonical import digest
from componentforge.errors import InvalidInputError, NotFoundError
from componentforge.generation.graph import REVISION, GenerationGraph
from componentforge.generation.template import default_name
from componentforge.generation.writer import Call, ComponentWriter
from componentforge.infra.cache import ExactCache
from componentforge.infra.db.batches import BatchedWriter
from componentforge.infra.db.models import new_id
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.logging import session_id_var
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.infra.tracing import Tracer
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.generation import (
    GenerationOptions,
    GenerationRequest,
    GenerationResult,
    ScreenshotGeneration,
    Source,
)
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.retrieval import SearchRequest
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport, ValidationRequest
from componentforge.schemas.vocabulary import ComponentType, Progress
from componentforge.services.extraction import ExtractionService
from componentforge.services.generation_records import cost_rows, outcome, usage
from componentforge.services.generation_traces import document, session_metadata, traced
from componentforge.services.retrieval import RetrievalService
from componentforge.services.validation import ValidationService
from componentforge.tenancy import LOCAL_TENANT, current_principal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    pattern: Pattern
    name: str
    key: str
    degraded: list[str]


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
        self.graph = GenerationGraph(self._validate, generator)
        self._rows = BatchedWriter(records, "generations")
        # Pattern files by lower-cased path: a component file must not clash with one.
        self._sources = {p.source.lower(): p.source for p in library}

    async def _validate(
        self,
        code: str,
        stories: str | None,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
    ) -> ValidationReport:
        return await self.validation.validate(
            ValidationRequest(
                code=code,
                stories=stories,
                component_name=name,
                tokens=tokens.model_dump(mode="json"),
                requirements=requirements,
                fix=True,
                format=True,
            )
        )

    async def _pattern(self, request: GenerationRequest) -> tuple[Pattern, list[str]]:
        """The requested pattern, or retrieval's best for the query; and why it is degraded."""
        if request.pattern_id is not None:
            pattern = self.library.get(request.pattern_id)
            if pattern is None:
                raise NotFoundError(
                    f"no pattern {request.pattern_id!r}", {"pattern_id": request.pattern_id}
                )
            return pattern, []
        async with self.tracer.span(
            "retriever", "retriever", inputs={"query": request.query, "top_k": 1}
        ) as run:
            found = await self.retrieval.search(
                SearchRequest(query=request.query, requirements=request.requirements, top_k=1)
            )
            if run is not None:
                run.add_outputs({"documents": [document(hit) for hit in found.results]})
        if not found.results:
            raise NotFoundError("no pattern matches the query", {"query": request.query})
        pattern = self.library.get(found.results[0].pattern_id)
        assert pattern is not None  # retrieval answers from this library
        reasons = (
            [f"pattern chosen by BM25 alone: {found.degraded_reason}"] if found.degraded else []
        )
        return pattern, reasons

    def check_name(self, name: str) -> None:
        clash = self._sources.get(f"components/ui/{name}.tsx".lower())
        if clash is not None:
            raise InvalidInputError(
                f"component_name {name!r} would be {name}.tsx beside the pattern file {clash}: "
                "the two clash on case-insensitive file systems; choose another name",
                {"field": "component_name", "clashes_with": clash},
            )

    def key_for(self, request: GenerationRequest, pattern: Pattern, name: str) -> str:
        """The L1 key: every input that shapes the files, and the tenant (no tenant is ever
        answered from another's entries; the local tenant's keys are as before tenants)."""
        tenant = current_principal().tenant
        return digest(
            {
                **({"tenant": tenant} if tenant != LOCAL_TENANT else {}),
                "source": request.source.model_dump() if request.source else None,
                "tokens": request.tokens.model_dump(mode="json"),
                "requirements": request.requirements.model_dump(mode="json"),
                "pattern": [pattern.id, pattern.version, pattern.content_hash],
                "engine": self.graph.engine,
                "revision": REVISION,
                "model": self.generator.model if self.generator is not None else None,
                "name": name,
                "options": request.options.model_dump(),
            }
        )

    async def prepare(self, request: GenerationRequest) -> Plan:
        """The pattern, the component's name and the cache key; raises what the request got
        wrong (unknown pattern, a clashing name) before any work starts."""
        pattern, degraded = await self._pattern(request)
        name = request.component_name or default_name(pattern)
        self.check_name(name)
        return Plan(pattern, name, self.key_for(request, pattern, name), degraded)

    async def generate(
        self,
        request: GenerationRequest,
        *,
        request_id: str | None = None,
        progress: Progress | None = None,
        plan: Plan | None = None,
    ) -> GenerationResult:
        """One generation; with LangSmith configured, one trace (or a child of the caller's):
        the retriever, the graph's steps and its model calls are its children, and its id is
        in the result and the row."""
        if not self.tracer.enabled:  # the hit path pays nothing for what a trace would record
            return await self._generate(request, request_id, progress, plan)
        async with self.tracer.span(
            "generation",
            inputs=request.model_dump(mode="json", exclude={"tokens", "requirements"}),
            metadata=session_metadata(request_id),
        ) as run:
            result = await self._generate(request, request_id, progress, plan)
            if run is not None:
                run.add_outputs(traced(result))
        return result

    async def _generate(
        self,
        request: GenerationRequest,
        request_id: str | None,
        progress: Progress | None,
        plan: Plan | None,
    ) -> GenerationResult:
        start = time.perf_counter()
        started_at = datetime.now(UTC)
        generation_id = new_id()
        if progress is not None:
            await progress("load_pattern", "start", 0.0)
        plan = plan or await self.prepare(request)
        pattern, name, key, degraded = plan.pattern, plan.name, plan.key, plan.degraded
        self.tracer.annotate([f"component_type:{pattern.component_type}"])
        if progress is not None:
            await progress("load_pattern", "end", _ms(start))
        trace_id = Tracer.current_trace_id()
        row = {
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
        cached = await self.cache.get(_scoped(key))
        if cached is not None:
            result, origin = await self._from_cache(cached, generation_id, start, degraded)
            result.trace_id = trace_id
            result.project = request.project
            self._annotate(result)
            self._record_later({**row, **outcome(result, "L1", key, origin)})
            return result
        try:
            labels = {**session_metadata(request_id), "generation_id": generation_id}
            result, calls = await self._run(
                request, pattern, name, key, generation_id, progress, labels
            )
        except (Exception, asyncio.CancelledError) as exc:
            # A cancelled generation (the client went away) is recorded after this task ends.
            cancelled = isinstance(exc, asyncio.CancelledError)
            failed = {
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
        self._annotate(result)
        if progress is not None:
            await progress("store", "start", 0.0)
        stored_at = time.perf_counter()
        finished = {**outcome(result, "L4", key, generation_id), **usage(calls)}
        result.stored = await self.records.add("generations", {**row, **finished})
        if progress is not None:
            await progress("store", "end", _ms(stored_at))
        self._observe({**row, **finished})
        return result

    async def from_screenshot(
        self,
        data: bytes,
        *,
        component_type: ComponentType | None = None,
        component_name: str | None = None,
        options: GenerationOptions | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
        project: str | None = None,
    ) -> ScreenshotGeneration:
        """Extraction → the pattern for the type read (retrieval when the library has none)
        → generation. What is wrong with the image (extraction reads it first) or the name
        is raised before any work."""
        if component_name is not None:
            self.check_name(component_name)
        if not self.tracer.enabled:
            return await self._from_screenshot(
                data, component_type, component_name, options, request_id, progress, project
            )
        async with self.tracer.span(
            "generation.from_screenshot",
            inputs={"bytes": len(data), "component_type": component_type},
            metadata=session_metadata(request_id),
        ) as run:
            result = await self._from_screenshot(
                data, component_type, component_name, options, request_id, progress, project
            )
            self.tracer.annotate([f"component_type:{result.extraction.component_type}"])
            self._annotate(result.generation)
            if run is not None:
                run.add_outputs(traced(result.generation))
        return result

    async def _from_screenshot(
        self,
        data: bytes,
        component_type: ComponentType | None,
        component_name: str | None,
        options: GenerationOptions | None,
        request_id: str | None,
        progress: Progress | None,
        project: str | None,
    ) -> ScreenshotGeneration:
        assert self.extraction is not None, "built without an extraction service"
        start = time.perf_counter()
        if progress is not None:
            await progress("extract", "start", 0.0)
        extracted = await self.extraction.from_screenshot(data, component_type)
        if progress is not None:
            await progress("extract", "end", _ms(start))
        pattern = self.library.by_component_type(extracted.component_type)
        request = GenerationRequest(
            pattern_id=pattern.id if pattern is not None else None,
            query=None if pattern is not None else extracted.component_type,
            component_name=component_name,
            tokens=extracted.tokens,
            requirements=extracted.requirements,
            source=Source(screenshot_sha256=hashlib.sha256(data).hexdigest()),
            options=options or GenerationOptions(),
            project=project,
        )
        result = await self.generate(request, request_id=request_id, progress=progress)
        return ScreenshotGeneration(extraction=extracted, generation=result)

    async def batch(
        self, requests: list[GenerationRequest], *, request_id: str | None = None
    ) -> list[GenerationResult | Exception]:
        """Each request on its own (one failing does not stop the others), at most
        `batch_concurrency` at once; answers in the requests' order."""
        gate = asyncio.Semaphore(self.batch_concurrency)

        async def one(request: GenerationRequest) -> GenerationResult | Exception:
            async with gate:
                try:
                    return await self.generate(request, request_id=request_id)
                except Exception as exc:
                    return exc

        return list(await asyncio.gather(*(one(r) for r in requests)))

    def _annotate(self, result: GenerationResult) -> None:
        """The current run's cache layer, cost and latency (LangSmith filters on them)."""
        self.tracer.annotate(
            [f"cache_layer:{result.cache_layer}", f"engine:{result.engine}"],
            {
                "generation_id": result.generation_id,
                "cost_usd": result.cost_usd,
                "tokens_used": result.tokens_used,
                "latency_ms": result.latency_ms,
                "degraded": result.degraded,
            },
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
            artifacts={s.key.rsplit("/", 1)[1]: s.url for s in stored},
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
            envelope = {
                "result": result.model_dump(mode="json"),
                "keys": {s.key.rsplit("/", 1)[1]: s.key for s in stored},
            }
            await self.cache.set(_scoped(key), json.dumps(envelope).encode())
        return result, made.calls

    async def _record_costs(self, calls: list[Call], generation_id: str) -> None:
        """One `costs` row per model call, in one transaction."""
        if calls:
            provider = self.graph.engine.removeprefix("llm:")
            await self.records.add_many("costs", cost_rows(calls, generation_id, provider))

    async def _from_cache(
        self, cached: bytes, generation_id: str, start: float, degraded: list[str]
    ) -> tuple[GenerationResult, str]:
        """The stored result under this request's id, and the id of the run that made it."""
        envelope = json.loads(cached)
        result = GenerationResult.model_validate(envelope["result"])
        result.generation_id = generation_id
        result.cache_layer = "L1"
        result.cost_usd = 0.0
        result.tokens_used = 0
        result.stages = []
        result.degraded_reasons = degraded
        result.degraded = bool(degraded)
        result.artifacts = {
            name: await self.artifacts.url(key) for name, key in envelope["keys"].items()
        }
        result.latency_ms = _ms(start)
        return result, envelope["result"]["generation_id"]

    def _record_later(self, values: dict[str, Any]) -> None:
        """A row written after the answer, in a batch with others."""
        self._observe(values)
        self._rows.add(values)

    async def drain(self) -> None:
        """Wait for the records still being written (shutdown, tests)."""
        await self._rows.drain()

    def _observe(self, record: dict[str, Any]) -> None:
        """Latency and outcome metrics from a generation's record."""
        labels = (record["component_type"], record["cache_layer"])
        self.metrics.generation_latency.labels(*labels).observe(record["duration_ms"] / 1000)
        self.metrics.generations.labels(*labels, str(record["success"]).lower()).inc()

    async def forget(self, key: str) -> bool:
        """Drop one L1 entry; raises DependencyError when the cache cannot say."""
        return await self.cache.delete(_scoped(key))


def _scoped(key: str) -> str:
    """Where a tenant's L1 entry lives: its own namespace, so a key read off another tenant's
    provenance neither hits nor deletes anything."""
    tenant = current_principal().tenant
    return key if tenant == LOCAL_TENANT else f"t:{tenant}:{key}"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
