"""What a generation's LangSmith runs carry: its thread, its outcome, its retrieved documents."""

from __future__ import annotations

from typing import Any

from componentforge.infra.logging import session_id_var
from componentforge.infra.tracing import Tracer
from componentforge.schemas.generation import GenerationResult
from componentforge.schemas.retrieval import SearchResult


def session_metadata(request_id: str | None) -> dict[str, Any]:
    """LangSmith groups the runs of one `session_id` into a thread: the caller's X-Session-ID,
    else the request's id."""
    return {"session_id": session_id_var.get() or request_id, "request_id": request_id}


def traced(result: GenerationResult) -> dict[str, Any]:
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


def document(hit: SearchResult) -> dict[str, Any]:
    """A search result as LangSmith shows a retriever's documents."""
    return {"page_content": hit.name, "metadata": {"id": hit.pattern_id, "score": hit.score}}


def annotate(tracer: Tracer, result: GenerationResult) -> None:
    """The current run's cache layer, cost and latency (LangSmith filters on them)."""
    tracer.annotate(
        [f"cache_layer:{result.cache_layer}", f"engine:{result.engine}"],
        {
            "generation_id": result.generation_id,
            "cost_usd": result.cost_usd,
            "tokens_used": result.tokens_used,
            "latency_ms": result.latency_ms,
            "degraded": result.degraded,
        },
    )
