"""The `generations` and `costs` rows of a generation, as the metadata store writes them."""

from __future__ import annotations

from datetime import UTC, datetime

from componentforge.generation.writer import Call
from componentforge.infra.db.rows import CostValues, GenerationValues
from componentforge.schemas.generation import GenerationResult


def outcome(result: GenerationResult, layer: str, key: str, artifact_id: str) -> GenerationValues:
    """The columns a finished generation fills in (`artifact_id`: the run whose files these
    are; a hit's are the run it reused)."""
    report = result.validation
    failed = report is not None and report.status == "FAIL"
    return {
        "cache_layer": layer,
        "success": not failed,
        "error_type": "ValidationFailed" if failed else None,
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


def usage(calls: list[Call]) -> GenerationValues:
    """Token counts and cost per task for a generation's row."""
    breakdown: dict[str, float] = {}
    for call in calls:
        breakdown[call.task] = round(breakdown.get(call.task, 0.0) + call.cost_usd, 8)
    return {
        "prompt_tokens": sum(c.prompt_tokens for c in calls),
        "completion_tokens": sum(c.completion_tokens for c in calls),
        "cost_breakdown": breakdown,
    }


def cost_rows(calls: list[Call], generation_id: str, provider: str) -> list[CostValues]:
    """One `costs` row per model call."""
    return [
        {
            "generation_id": generation_id,
            "provider": provider,
            "model": call.model,
            "task": call.task,
            "prompt_tokens": call.prompt_tokens,
            "completion_tokens": call.completion_tokens,
            "cost_usd": call.cost_usd,
        }
        for call in calls
    ]
