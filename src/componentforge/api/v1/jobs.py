"""Long generations as jobs: submit at once, then poll, follow or cancel."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Response
from fastapi.sse import EventSourceResponse, format_sse_event

from componentforge.api.deps import JobServiceDep
from componentforge.api.v1.generation import SCREENSHOT_ERRORS, ScreenshotForm, TenantQuery
from componentforge.infra.logging import request_id_var
from componentforge.schemas.jobs import JOB_ID, Job, JobKind, JobPage, JobRequest, JobStatus
from componentforge.services.jobs import JobEvent

router = APIRouter(prefix="/jobs", tags=["jobs"])
submit_router = APIRouter(prefix="/jobs", tags=["jobs"])
JobId = Annotated[str, Path(pattern=JOB_ID, description="From the 202 answer's `job_id`")]
QUEUE_ERRORS: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the job is stored and queued; `Location` names it"},
    429: {"description": "too many queued or running jobs for this tenant (`Retry-After`)"},
}


def _accepted(job: Job, response: Response) -> Job:
    response.headers["Location"] = f"/api/v1/jobs/{job.job_id}"
    return job


@submit_router.post(
    "",
    status_code=202,
    summary="Queue a generation or a batch; answers at once with the job",
    responses={
        **QUEUE_ERRORS,
        404: {"description": "unknown pattern_id, or no pattern matches the query"},
    },
)
async def submit(
    body: Annotated[JobRequest, Body(discriminator="kind")],
    jobs: JobServiceDep,
    response: Response,
) -> Job:
    """`{"kind": "generate", ...}` takes `/generation/generate`'s body, `{"kind": "batch",
    "requests": [...]}` `/generation/batch`'s. The job is written before this answers, so it
    is never lost; a worker runs it (`componentforge worker`, or the API's own when no broker
    is configured). Follow it with `GET /jobs/{id}` or `GET /jobs/{id}/events`. What the
    synchronous route would refuse at once (an unknown pattern, a clashing name) is refused
    here too, with the same status."""
    return _accepted(await jobs.submit(body, request_id_var.get()), response)


@submit_router.post(
    "/from-screenshot",
    status_code=202,
    summary="Queue a screenshot → component job (multipart, as /generation/from-screenshot)",
    responses={**QUEUE_ERRORS, **SCREENSHOT_ERRORS},
)
async def submit_screenshot(shot: ScreenshotForm, jobs: JobServiceDep, response: Response) -> Job:
    """The upload is checked (a bad image is refused now) and stored as an artifact,
    `components/{job_id}/input-screenshot`, before the answer:
    `curl -F file=@button.png .../api/v1/jobs/from-screenshot`."""
    return _accepted(await jobs.submit_screenshot(shot, request_id_var.get()), response)


@router.get("", summary="Jobs, newest first")
async def list_jobs(
    jobs: JobServiceDep,
    status: JobStatus | None = None,
    kind: JobKind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    tenant: TenantQuery = None,
) -> JobPage:
    return await jobs.page(status, kind, limit, offset, tenant)


@router.get("/{job_id}", summary="One job: status, progress, attempts, result or error")
async def get_job(job_id: JobId, jobs: JobServiceDep) -> Job:
    """`result` is the body the synchronous route returns; `error` is its error envelope's
    body with the `status` it would have had. A failed job's `reason` says why: `error`,
    `timeout` (`JOB_TIMEOUT_SECONDS`) or `dead-lettered` (delivered `JOBS_MAX_ATTEMPTS` times
    without an end)."""
    return await jobs.get(job_id)


def _sse(event: JobEvent) -> bytes:
    ident = str(event.id) if event.id is not None else None
    return format_sse_event(event=event.event, data_str=json.dumps(event.data), id=ident)


async def _follow(events: AsyncIterator[JobEvent]) -> AsyncIterator[bytes]:
    async for event in events:
        yield _sse(event)


@router.get(
    "/{job_id}/events",
    summary="Follow a job (Server-Sent Events), resumable with Last-Event-ID",
    response_model=None,
    responses={
        200: {
            "description": "`text/event-stream`: `status` events (`queued`, `running`, "
            "`cancelled`...), `stage` events (`{stage, status: start|end, ms}`, the streaming "
            "routes' events), `item` events for a batch, each with an `id`; then one `result` "
            "event (the synchronous body) or one `error` event (`{status, error}`)",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def job_events(
    job_id: JobId,
    jobs: JobServiceDep,
    last_event_id: Annotated[
        int | None, Header(ge=0, description="Resume after this event (EventSource sends it)")
    ] = None,
    after: Annotated[int | None, Query(ge=0, description="As Last-Event-ID, for curl")] = None,
) -> EventSourceResponse:
    """Events already written are sent at once, so a client that joins late (or comes back
    with `Last-Event-ID`) misses nothing; the stream ends after the job's end.
    `curl -N .../api/v1/jobs/{id}/events`"""
    start = last_event_id if last_event_id is not None else (after or 0)
    events = await jobs.events(job_id, start)
    return EventSourceResponse(
        _follow(events), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.delete("/{job_id}", summary="Cancel a job")
async def cancel_job(job_id: JobId, jobs: JobServiceDep) -> Job:
    """A queued job is `cancelled` at once and never runs. A running one gets
    `cancel_requested: true` and stops within a second (its model call is cancelled with it),
    then reads `cancelled`. A finished job is returned as it is."""
    return await jobs.cancel(job_id)
