"""Reading generations back: one by id (from its artifacts, with its row when the database
answers), a page of them, and their statistics; each scoped to the caller's tenant."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from componentforge.errors import DependencyError, NotFoundError
from componentforge.infra.db.models import Generation
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.repository import (
    generation_stats,
    get_generation,
    list_generations,
)
from componentforge.infra.storage import ArtifactStore
from componentforge.schemas.generation import (
    GenerationFilters,
    GenerationPage,
    GenerationResult,
    GenerationStats,
    GenerationSummary,
)
from componentforge.services.scoping import scoped
from componentforge.tenancy import current_principal

log = logging.getLogger(__name__)


class GenerationHistory:
    def __init__(self, records: MetadataStore, artifacts: ArtifactStore) -> None:
        self.records = records
        self.artifacts = artifacts

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
                return await generation_stats(session, filters)
        except (SQLAlchemyError, OSError) as exc:
            raise _database_down(exc) from exc


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
