"""Before a generation runs: the pattern (asked for, or retrieval's best for the query), the
component's name (checked against the pattern files) and its L1 key."""

from __future__ import annotations

from dataclasses import dataclass

from componentforge.canonical import digest
from componentforge.errors import NotFoundError
from componentforge.generation.graph import REVISION
from componentforge.generation.idents import default_name
from componentforge.infra.tracing import Tracer
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.generation import GenerationRequest
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.retrieval import SearchRequest
from componentforge.services.generation_traces import document
from componentforge.services.retrieval import RetrievalService
from componentforge.tenancy import LOCAL_TENANT, current_principal


@dataclass(frozen=True)
class GenerationPlan:
    pattern: Pattern
    name: str
    key: str
    degraded: list[str]  # why the plan is weaker than asked (the pattern chosen by BM25 alone)


class Planner:
    def __init__(
        self,
        library: PatternLibrary,
        retrieval: RetrievalService,
        tracer: Tracer,
        engine: str,
        model: str | None,
    ) -> None:
        self.library = library
        self.retrieval = retrieval
        self.tracer = tracer
        self.engine = engine
        self.model = model

    async def pattern(self, request: GenerationRequest) -> tuple[Pattern, list[str]]:
        """The requested pattern, or retrieval's best for the query; and why it is degraded."""
        if request.pattern_id is not None:
            return self.library.require(request.pattern_id), []
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
                "content": request.content.model_dump(mode="json") if request.content else None,
                "anatomy": [p.model_dump(mode="json") for p in request.anatomy],
                "pattern": [pattern.id, pattern.version, pattern.content_hash],
                "engine": self.engine,
                "revision": REVISION,
                "model": self.model,
                "name": name,
                "options": request.options.model_dump(),
            }
        )

    async def prepare(self, request: GenerationRequest) -> GenerationPlan:
        """The pattern, the component's name and the cache key; raises what the request got
        wrong (unknown pattern, a clashing name) before any work starts."""
        pattern, degraded = await self.pattern(request)
        name = request.component_name or default_name(pattern)
        self.library.check_name(name)
        return GenerationPlan(pattern, name, self.key_for(request, pattern, name), degraded)
