"""Generate a component: L1 exact cache, else the generation graph; then artifacts and a record.

Every generation, hit, miss or failure, becomes a row in `generations` (through the outbox when
the database is down). A hit's row is queued and written after the answer, in batches, so the hit
path stays a cache read and a few dictionary operations.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from componentforge.canonical import digest
from componentforge.errors import DependencyError, InvalidInputError, NotFoundError
from componentforge.generation.graph import (
    REVISION,
    GenerationGraph,
    State,
    applied,
)
from componentforge.generation.llm import Call, ModelGenerator
from componentforge.generation.template import default_name
from componentforge.infra.cache import ExactCache
from componentforge.infra.db.models import Generation, new_id
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.repository import (
    GenerationFilters,
    generation_stats,
    get_generation,
    list_generations,
)
from componentforge.infra.logging import session_id_var
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.infra.tracing import Tracer
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.generation import (
    DailyCost,
    GenerationOptions,
    GenerationPage,
    GenerationRequest,
    GenerationResult,
    GenerationStats,
    GenerationSummary,
    GroupStats,
    ScreenshotGeneration,
    Source,
)
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.retrieval import SearchRequest, SearchResult
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport, ValidationRequest
from componentforge.schemas.vocabulary import ComponentType, Progress
from componentforge.services.extraction import ExtractionService
from componentforge.services.retrieval import RetrievalService
from componentforge.services.scoping import scoped
from componentforge.services.validation import ValidationService
from componentforge.tenancy import LOCAL_TENANT, current_principal

log = logging.getLogger(__name__)
# Hit rows per transaction: enough to keep up with hundreds of hits a second, few enough that
# one commit stays well inside DATABASE_TIMEOUT_SECONDS on SQLite.
BATCH_ROWS = 200


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
        generator: ModelGenerator | None = None,
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
        self._background: set[asyncio.Task[Any]] = set()
        self._queued: list[dict[str, Any]] = []
        self._writer: asyncio.Task[None] | None = None
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
                run.add_outputs({"documents": [_document(hit) for hit in found.results]})
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
            metadata=_session(request_id),
        ) as run:
            result = await self._generate(request, request_id, progress, plan)
            if run is not None:
                run.add_outputs(_traced(result))
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
            self._record_later({**row, **_outcome(result, "L1", key, origin)})
            return result
        try:
            traced = {**_session(request_id), "generation_id": generation_id}
            result, calls = await self._run(
                request, pattern, name, key, generation_id, progress, traced
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
        outcome = {**_outcome(result, "L4", key, generation_id), **_usage(calls)}
        result.stored = await self.records.add("generations", {**row, **outcome})
        if progress is not None:
            await progress("store", "end", _ms(stored_at))
        self._observe({**row, **outcome})
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
            metadata=_session(request_id),
        ) as run:
            result = await self._from_screenshot(
                data, component_type, component_name, options, request_id, progress, project
            )
            self.tracer.annotate([f"component_type:{result.extraction.component_type}"])
            self._annotate(result.generation)
            if run is not None:
                run.add_outputs(_traced(result.generation))
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
        state = await self.graph.run(
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
        files = state["files"]
        report = state["report"]
        await self._record_costs(state, generation_id)
        stored = await self.artifacts.put_many(
            [(f"components/{generation_id}/{f}", text.encode()) for f, text in files.items()]
        )
        reasons: list[str] = []
        warnings = list(state["draft"].warnings)
        if report is not None and report.status == "UNVERIFIED":
            reasons.append("the component was not validated: Node.js checks unavailable")
        if state["fallback"] is not None:
            reasons.append(f"offline result: {state['fallback']}")
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
            provenance=state["provenance"],
            engine=state["engine"],
            model=self.generator.model if self.generator is not None else None,
            notes=state["notes"],
            model_attempts=state["attempts"],
            degraded=bool(reasons),
            degraded_reasons=reasons,
            warnings=warnings,
            applied=applied(state),
            stages=state["stages"],
            fix_rounds=state["rounds"],
            latency_ms=0.0,
            cost_usd=round(sum(c.cost_usd for c in state["calls"]), 8),
            tokens_used=sum(c.prompt_tokens + c.completion_tokens for c in state["calls"]),
            tenant=current_principal().tenant,
            project=request.project,
        )
        await self.artifacts.put(
            f"components/{generation_id}/result.json", result.model_dump_json().encode()
        )
        # A fallback is not cached: the next request gives the model another chance.
        if (report is None or report.status == "PASS") and state["fallback"] is None:
            envelope = {
                "result": result.model_dump(mode="json"),
                "keys": {s.key.rsplit("/", 1)[1]: s.key for s in stored},
            }
            await self.cache.set(_scoped(key), json.dumps(envelope).encode())
        return result, state["calls"]

    async def _record_costs(self, state: State, generation_id: str) -> None:
        """One `costs` row per model call, in one transaction."""
        if not state["calls"]:
            return
        provider = self.graph.engine.removeprefix("llm:")
        rows = [
            {
                "generation_id": generation_id,
                "provider": provider,
                "model": call.model,
                "task": call.task,
                "prompt_tokens": call.prompt_tokens,
                "completion_tokens": call.completion_tokens,
                "cost_usd": call.cost_usd,
            }
            for call in state["calls"]
        ]
        await self.records.add_many("costs", rows)

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
        """Queue a row; one writer task writes what has queued up, a batch per transaction,
        so a burst of cache hits costs a few commits rather than one each."""
        self._observe(values)
        self._queued.append(values)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())
            self._background.add(self._writer)
            self._writer.add_done_callback(self._background.discard)

    async def _write_queued(self) -> None:
        while self._queued:
            rows, self._queued = self._queued[:BATCH_ROWS], self._queued[BATCH_ROWS:]
            try:
                await self.records.add_many("generations", rows, fresh=True)
            except Exception:  # the outbox itself failed (a full disk): say so, do not crash
                log.exception("generation records lost", extra={"rows": len(rows)})

    async def drain(self) -> None:
        """Wait for the records still being written (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def _observe(self, record: dict[str, Any]) -> None:
        """Latency and outcome metrics from a generation's record."""
        labels = (record["component_type"], record["cache_layer"])
        self.metrics.generation_latency.labels(*labels).observe(record["duration_ms"] / 1000)
        self.metrics.generations.labels(*labels, str(record["success"]).lower()).inc()

    # -- reading back ------------------------------------------------------------------------

    async def get(self, generation_id: str) -> GenerationResult:
        """The stored result, from the row's artifacts (a hit points at the run it reused)."""
        row: Generation | None = None
        try:
            async with self.records.sessions() as session:
                row = await get_generation(session, generation_id)
        except (SQLAlchemyError, OSError) as exc:
            log.info("generation %s read from artifacts: %s", generation_id, type(exc).__name__)
        missing = NotFoundError(
            f"no generation {generation_id!r}", {"generation_id": generation_id}
        )
        principal = current_principal()
        if row is not None and not principal.owns(row.tenant):
            raise missing  # another tenant's: as if it did not exist
        source = (row.meta or {}).get("artifact_id", generation_id) if row else generation_id
        data = await self.artifacts.get(f"components/{source}/result.json")
        if data is None:
            raise missing
        result = GenerationResult.model_validate_json(data)
        if not principal.owns(result.tenant):
            raise missing
        result.artifacts = {
            name: await self.artifacts.url(f"components/{source}/{name}")
            for name in result.artifacts
        }
        if row is not None:
            result.generation_id = row.id
            result.tenant, result.project = row.tenant, row.project
            result.cache_layer = "L1" if row.cache_layer == "L1" else "L4"
            result.latency_ms = row.duration_ms or result.latency_ms
            result.trace_id = row.trace_id
        return result

    async def page(self, filters: GenerationFilters, limit: int, offset: int) -> GenerationPage:
        filters = scoped(filters)
        try:
            async with self.records.sessions() as session:
                rows, total = await list_generations(session, filters, limit, offset)
        except (SQLAlchemyError, OSError) as exc:
            raise _database_down(exc) from exc
        return GenerationPage(
            items=[_summary(r) for r in rows], total=total, limit=limit, offset=offset
        )

    async def stats(self, filters: GenerationFilters) -> GenerationStats:
        filters = scoped(filters)
        try:
            async with self.records.sessions() as session:
                overall = await generation_stats(session, filters)
                groups = await _groups(session, filters)
        except (SQLAlchemyError, OSError) as exc:
            raise _database_down(exc) from exc
        return GenerationStats(
            count=overall.count,
            success_rate=round(overall.success_rate, 4),
            p50_ms=overall.p50_ms,
            p95_ms=overall.p95_ms,
            l1_hit_rate=round(overall.l1_hit_rate, 4),
            cost_usd=overall.cost_usd,
            cost_per_day=[
                DailyCost(day=d.day.isoformat(), generations=d.generations, cost_usd=d.cost_usd)
                for d in overall.cost_per_day
            ],
            by_group=groups,
        )

    async def forget(self, key: str) -> bool:
        """Drop one L1 entry; raises DependencyError when the cache cannot say."""
        return await self.cache.delete(_scoped(key))


async def _groups(session: AsyncSession, filters: GenerationFilters) -> list[GroupStats]:
    # One row per (type, layer); Select[Any] is what the filters take.
    query = cast("Select[Any]", select(Generation.component_type, Generation.cache_layer))
    pairs = await session.execute(
        filters.apply(query)
        .group_by(Generation.component_type, Generation.cache_layer)
        .order_by(Generation.component_type, Generation.cache_layer)
    )
    out = []
    for component_type, layer in pairs.all():
        narrowed = dataclasses.replace(filters, component_type=component_type, cache_layer=layer)
        s = await generation_stats(session, narrowed)
        out.append(
            GroupStats(
                component_type=component_type,
                cache_layer=layer,
                count=s.count,
                success_rate=round(s.success_rate, 4),
                p50_ms=s.p50_ms,
                p95_ms=s.p95_ms,
            )
        )
    return out


def _outcome(result: GenerationResult, layer: str, key: str, artifact_id: str) -> dict[str, Any]:
    report = result.validation
    return {
        "cache_layer": layer,
        "success": report is None or report.status != "FAIL",
        "error_type": "ValidationFailed"
        if report is not None and report.status == "FAIL"
        else None,
        "completed_at": datetime.now(UTC),
        "duration_ms": result.latency_ms,
        "engine": result.engine,
        "model": result.model,
        "cost_usd": result.cost_usd,
        "total_tokens": result.tokens_used,
        "meta": {
            "cache_key": key,
            "artifact_id": artifact_id,
            "files": sorted(result.files),
            "artifacts": result.artifacts,
            "validation_status": report.status if report is not None else None,
            "degraded": result.degraded,
        },
    }


def _usage(calls: list[Call]) -> dict[str, Any]:
    """Token counts and cost per task for a generation's row."""
    breakdown: dict[str, float] = {}
    for call in calls:
        breakdown[call.task] = round(breakdown.get(call.task, 0.0) + call.cost_usd, 8)
    return {
        "prompt_tokens": sum(c.prompt_tokens for c in calls),
        "completion_tokens": sum(c.completion_tokens for c in calls),
        "cost_breakdown": breakdown,
    }


def _summary(row: Generation) -> GenerationSummary:
    meta = row.meta or {}
    return GenerationSummary(
        generation_id=row.id,
        component_type=row.component_type,
        component_name=row.component_name,
        pattern_id=row.pattern_id,
        cache_layer=row.cache_layer,
        engine=row.engine,
        success=row.success,
        error_type=row.error_type,
        duration_ms=row.duration_ms,
        cost_usd=row.cost_usd,
        started_at=row.started_at,
        files=meta.get("files", []),
        artifacts=meta.get("artifacts", {}),
        validation_status=meta.get("validation_status"),
        trace_id=row.trace_id,
        tenant=row.tenant,
        project=row.project,
    )


def _database_down(exc: Exception) -> DependencyError:
    """Listing and stats have no fallback: the records are the answer."""
    return DependencyError(
        "database", f"the database cannot be read now ({type(exc).__name__}); retry later"
    )


def _scoped(key: str) -> str:
    """Where a tenant's L1 entry lives: its own namespace, so a key read off another tenant's
    provenance neither hits nor deletes anything."""
    tenant = current_principal().tenant
    return key if tenant == LOCAL_TENANT else f"t:{tenant}:{key}"


def _session(request_id: str | None) -> dict[str, Any]:
    """LangSmith groups the runs of one `session_id` into a thread: the caller's X-Session-ID,
    else the request's id."""
    return {"session_id": session_id_var.get() or request_id, "request_id": request_id}


def _traced(result: GenerationResult) -> dict[str, Any]:
    """What a generation's run keeps as its outputs: the outcome, not the files."""
    report = result.validation
    return {
        "generation_id": result.generation_id,
        "pattern_id": result.pattern_id,
        "component_name": result.component_name,
        "cache_layer": result.cache_layer,
        "validation": report.status if report is not None else None,
        "files": sorted(result.files),
        "degraded_reasons": result.degraded_reasons,
    }


def _document(hit: SearchResult) -> dict[str, Any]:
    """A search result as LangSmith shows a retriever's documents."""
    return {"page_content": hit.name, "metadata": {"id": hit.pattern_id, "score": hit.score}}


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
