"""Jobs as the API sees them: submit (the row first, then the broker), read, list, cancel and
follow. Workers run them (`services/job_runner.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from componentforge.errors import ComponentForgeError, NotFoundError, RateLimitedError
from componentforge.infra.broker import Broker
from componentforge.infra.db.jobs import JobStore
from componentforge.infra.db.models import JobRow, new_id
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.schemas.generation import (
    BatchResult,
    GenerationResult,
    Screenshot,
    ScreenshotGeneration,
)
from componentforge.schemas.jobs import (
    FINISHED,
    BatchJob,
    GenerateJob,
    Job,
    JobError,
    JobPage,
    JobProgress,
    JobSummary,
    ScreenshotJob,
)
from componentforge.services.extraction import ExtractionService
from componentforge.services.generation import GenerationService
from componentforge.tenancy import current_principal

log = logging.getLogger(__name__)
RESULTS: dict[str, type[GenerationResult | ScreenshotGeneration | BatchResult]] = {
    "generate": GenerationResult,
    "from-screenshot": ScreenshotGeneration,
    "batch": BatchResult,
}
CANCELLED = JobError(type="cancelled", message="the job was cancelled", status=409)


@dataclass(frozen=True)
class JobEvent:
    """One server-sent event: `id` (None for the closing one), name, and data."""

    id: int | None
    event: str
    data: dict[str, Any]


class JobService:
    def __init__(
        self,
        store: JobStore,
        broker: Broker,
        generation: GenerationService,
        extraction: ExtractionService,
        artifacts: ArtifactStore,
        metrics: Metrics,
        *,
        max_open_per_tenant: int,
        poll: float,
        lease: float,
    ) -> None:
        self.store = store
        self.broker = broker
        self.generation = generation
        self.extraction = extraction
        self.artifacts = artifacts
        self.metrics = metrics
        self.max_open_per_tenant = max_open_per_tenant
        self.poll = poll
        self.lease = lease

    async def submit(self, body: GenerateJob | BatchJob, request_id: str | None) -> Job:
        """What the synchronous route would refuse at once (an unknown pattern, a clashing
        name) is refused here too, before the job exists."""
        if isinstance(body, GenerateJob):
            await self.generation.prepare(body)  # a GenerationRequest with a `kind`
            project = body.project
        else:
            project = None
        payload = body.model_dump(mode="json", by_alias=True)
        return await self._enqueue(new_id(), body.kind, payload, project, request_id)

    async def submit_screenshot(self, shot: Screenshot, request_id: str | None) -> Job:
        """The image is read (a bad one is refused now) and kept as an artifact beside the
        generation it will become; the job names it."""
        await self.extraction.read(shot.data)
        if shot.component_name is not None:
            self.generation.check_name(shot.component_name)
        await self._check_room()  # a refused job's upload is not stored; the insert counts again
        job_id = new_id()
        key = f"components/{job_id}/input-screenshot"
        await self.artifacts.put(key, shot.data)
        job = ScreenshotJob(
            image_key=key,
            component_type=shot.component_type,
            component_name=shot.component_name,
            project=shot.project,
            scale=shot.scale,
            options=shot.options,
        )
        payload = job.model_dump(mode="json", by_alias=True)
        return await self._enqueue(job_id, job.kind, payload, shot.project, request_id)

    async def _check_room(self) -> None:
        if await self.store.open_count(current_principal().tenant) >= self.max_open_per_tenant:
            raise self._full()

    def _full(self) -> RateLimitedError:
        return RateLimitedError(
            f"at most {self.max_open_per_tenant} jobs may be queued or running per tenant",
            retry_after_seconds=max(1, int(self.lease)),
            limit="jobs",
        )

    async def _enqueue(
        self,
        job_id: str,
        kind: str,
        payload: dict[str, Any],
        project: str | None,
        request_id: str | None,
    ) -> Job:
        row = await self.store.create(
            {
                "id": job_id,
                "tenant": current_principal().tenant,
                "project": project,
                "kind": kind,
                "payload": payload,
                "request_id": request_id,
                "published": self.broker.name == "database",
            },
            max_open=self.max_open_per_tenant,
        )
        if row is None:
            raise self._full()
        self.metrics.jobs_submitted.labels(kind).inc()
        if await self.broker.publish(job_id, kind) and self.broker.name != "database":
            await self.store.mark_published(job_id)
            row.published = True
        return job_of(row)

    async def keep_publishing(self, every: float = 2.0) -> None:
        """Publish what the broker missed, for as long as the app runs (no-op embedded)."""
        if self.broker.name == "database":
            return
        while True:
            await asyncio.sleep(every)
            try:
                await self.republish()
            except ComponentForgeError as exc:
                log.warning("jobs not republished: %s", exc.message)

    async def republish(self) -> int:
        """Publish the jobs accepted while the broker was unreachable; how many went."""
        if self.broker.name == "database":
            return 0
        sent = 0
        for job_id in await self.store.unpublished():
            row = await self.store.get(job_id)
            if row is None or not await self.broker.publish(job_id, row.kind):
                break
            await self.store.mark_published(job_id)
            sent += 1
        if sent:
            log.info("published %d jobs kept while the broker was away", sent)
        # A job whose worker died after JetStream gave up redelivering it would stay running:
        # published once more per attempt (the message id keeps the processes from repeating it).
        for job_id, kind, attempts in await self.store.stale(self.lease * 2):
            if await self.broker.publish(job_id, kind, again=attempts):
                log.warning("job published again: its lease ran out", extra={"job_id": job_id})
                sent += 1
        return sent

    async def _owned(self, job_id: str) -> JobRow:
        row = await self.store.get(job_id)
        if row is None or not current_principal().owns(row.tenant):
            raise NotFoundError("no job with that id", {"job_id": job_id})
        return row

    async def get(self, job_id: str) -> Job:
        return job_of(await self._owned(job_id))

    async def page(
        self, status: str | None, kind: str | None, limit: int, offset: int, tenant: str | None
    ) -> JobPage:
        principal = current_principal()
        if not principal.admin:
            tenant = principal.tenant
        rows, total = await self.store.page(tenant, status, kind, limit, offset)
        return JobPage(
            items=[summary_of(row) for row in rows], total=total, limit=limit, offset=offset
        )

    async def cancel(self, job_id: str) -> Job:
        """A queued job never runs; a running one stops at its worker's next heartbeat or
        stage (its model call is cancelled with it). A finished job stays as it is."""
        await self._owned(job_id)
        row = await self.store.cancel(job_id)
        if row is None:
            raise NotFoundError("no job with that id", {"job_id": job_id})
        if row.status == "cancelled":
            self.metrics.jobs_finished.labels(row.kind, "cancelled").inc()
        return job_of(row)

    async def events(self, job_id: str, after: int = 0) -> AsyncIterator[JobEvent]:
        """The job's events after `after` (an SSE `Last-Event-ID`) as they are written, then
        one `result` (or `error`) event once it has ended. Another tenant's job is refused
        here, before anything is streamed."""
        await self._owned(job_id)
        return self._events(job_id, after)

    async def _events(self, job_id: str, after: int) -> AsyncIterator[JobEvent]:
        page = 200
        while True:
            changed = self.store.changed(job_id)  # before reading: no change slips between
            found = await self.store.events(job_id, after, limit=page)
            for row in found:
                after = row.id
                yield JobEvent(row.id, row.event, row.data)
            # Every end writes its `status` event last; without one, the row still decides.
            if any(r.event == "status" and r.data.get("status") in FINISHED for r in found):
                yield closing_event(await self._owned(job_id))
                return
            if len(found) == page:
                continue
            if not found:
                job = await self._owned(job_id)
                if job.status in FINISHED and not await self.store.events(job_id, after, 1):
                    yield closing_event(job)
                    return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), self.poll)

    async def refresh_gauges(self) -> None:
        depth = await self.store.depth(alive_within=self.lease)
        for kind in RESULTS:
            self.metrics.jobs_queued.labels(kind).set(depth.queued.get(kind, 0))
        self.metrics.jobs_running.set(depth.running)
        self.metrics.job_oldest_queued.set(round(depth.oldest_queued_seconds, 3))
        self.metrics.job_workers_alive.set(depth.workers_alive)


def closing_event(row: JobRow) -> JobEvent:
    """`result` with the body as stored (it was dumped from the model), or `error`."""
    if row.status == "succeeded" and row.result is not None:
        return JobEvent(None, "result", row.result)
    error = JobError.model_validate(row.error) if row.error is not None else CANCELLED
    return JobEvent(None, "error", {"status": error.status, "error": error.model_dump()})


def summary_of(row: JobRow) -> JobSummary:
    return JobSummary(**_summary(row))


def _summary(row: JobRow) -> dict[str, Any]:
    return {
        "job_id": row.id,
        "kind": row.kind,
        "status": row.status,
        "progress": JobProgress(stage=row.stage, percent=row.percent),
        "attempts": row.attempts,
        "reason": row.reason,
        "created_at": row.created_at,
        "finished_at": row.finished_at,
    }


def job_of(row: JobRow) -> Job:
    result = None
    if row.result is not None:
        result = RESULTS[row.kind].model_validate(row.result)
    error = JobError.model_validate(row.error) if row.error is not None else None
    if row.status == "cancelled" and error is None:
        error = CANCELLED
    return Job(
        **_summary(row),
        cancel_requested=row.cancel_requested,
        started_at=row.started_at,
        tenant=row.tenant,
        project=row.project,
        request_id=row.request_id,
        published=row.published,
        result=result,
        error=error,
    )
