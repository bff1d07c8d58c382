"""A worker: takes jobs from the broker and runs them through the same pipeline as the
synchronous routes, at most `concurrency` at once.

At least once, effectively once: a job is claimed on its row (compare-and-set) before it runs,
its lease is renewed while it runs (and JetStream told it is in progress), and its end is
written only by the worker that holds it. A worker that dies loses its lease; the job is taken
again, with the same generation id, so its row and artifacts are written again rather than
twice. After `max_attempts` deliveries it is failed as `dead-lettered`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from typing import Any

from pydantic import BaseModel

from componentforge.errors import ComponentForgeError, NotFoundError
from componentforge.infra.broker import Broker, Delivery
from componentforge.infra.db.jobs import JobStore
from componentforge.infra.db.models import JobRow, new_id, utcnow
from componentforge.infra.logging import request_id_var
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.schemas.generation import GenerationRequest, GenerationResult, Screenshot
from componentforge.schemas.jobs import FINISHED, BatchJob, ScreenshotJob
from componentforge.schemas.vocabulary import StageStatus
from componentforge.services import batches
from componentforge.services.batches import Describe
from componentforge.services.generation import GenerationService
from componentforge.tenancy import Principal, principal_var

log = logging.getLogger(__name__)
# The stages a job goes through, for its percentage (`fix` and `fallback` happen only at times).
STAGES = {
    "generate": ("load_pattern", "plan", "generate", "validate", "assemble", "provenance", "store"),
    "from-screenshot": (
        "extract",
        "load_pattern",
        "plan",
        "generate",
        "validate",
        "assemble",
        "provenance",
        "store",
    ),
}


def worker_name() -> str:
    return f"{socket.gethostname()[:64]}-{os.getpid()}-{new_id()[:6]}"


Event = tuple[str, dict[str, Any]]


class Events:
    """A job's events, written in the background in batches a moment after they happen (a
    stage never waits for them); what is left at the job's end is written with its end."""

    def __init__(self, store: JobStore, job_id: str, kind: str, delay: float = 0.1) -> None:
        self.store, self.job_id, self.kind, self.delay = store, job_id, kind, delay
        self.pending: list[Event] = []
        self.ended: set[str] = set()
        self.stage: str | None = None
        self.percent = 0.0
        self._writing: asyncio.Task[None] | None = None
        self._busy = False

    def add(self, event: str, data: dict[str, Any]) -> None:
        self.pending.append((event, data))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())

    async def stage_event(self, stage: str, status: StageStatus, ms: float) -> None:
        self.stage = stage
        known = STAGES.get(self.kind, ())
        if status == "end" and stage in known:
            self.ended.add(stage)
            self.percent = round(99.0 * len(self.ended) / len(known), 1)
        self.add("stage", {"stage": stage, "status": status, "ms": ms})

    async def item_done(self, index: int, total: int, ok: bool) -> None:
        self.ended.add(str(index))
        self.stage, self.percent = "batch", round(99.0 * len(self.ended) / total, 1)
        self.add("item", {"index": index, "ok": ok, "done": len(self.ended), "total": total})

    async def _write(self) -> None:
        await asyncio.sleep(self.delay)  # the events of the next moment join this write
        self._busy = True
        try:
            while self.pending:
                batch, self.pending = self.pending, []
                try:
                    await self.store.add_events(self.job_id, batch, self.stage, self.percent)
                except ComponentForgeError as exc:  # progress is best effort; the end is not
                    log.warning("job events not written: %s", exc.message)
        finally:
            self._busy = False

    async def rest(self) -> list[Event]:
        """Stop writing in the background; what is not written yet (for the job's end)."""
        task = self._writing
        if task is not None and not task.done():
            if self._busy:
                await asyncio.shield(task)
            else:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        rest, self.pending = self.pending, []
        return rest


class JobRunner:
    def __init__(
        self,
        store: JobStore,
        broker: Broker,
        generation: GenerationService,
        artifacts: ArtifactStore,
        metrics: Metrics,
        describe: Describe,
        *,
        concurrency: int,
        lease: float,
        timeout: float,
        max_attempts: int,
    ) -> None:
        self.store = store
        self.broker = broker
        self.generation = generation
        self.artifacts = artifacts
        self.metrics = metrics
        self.describe = describe
        self.concurrency = concurrency
        self.lease = lease
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.name = worker_name()
        self.beat = min(1.0, lease / 3)
        self._stopping = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()
        self._asked: dict[str, str] = {}  # job id → why its work was cancelled

    async def run(self) -> None:
        """Take and run jobs until `stop()`."""
        slots = asyncio.Semaphore(self.concurrency)
        alive = asyncio.create_task(self._alive())
        try:
            while not self._stopping.is_set():
                await slots.acquire()
                try:
                    delivery = await self.broker.next(timeout=1.0)
                except ComponentForgeError as exc:  # the database is away: try again soon
                    log.warning("no job taken: %s", exc.message)
                    delivery = None
                    await asyncio.sleep(1.0)
                if delivery is None or self._stopping.is_set():
                    slots.release()
                    if delivery is not None:
                        await delivery.retry(0)
                    continue
                task = asyncio.create_task(self._handle(delivery))
                self._running.add(task)

                def ended(task: asyncio.Task[None]) -> None:
                    self._running.discard(task)
                    slots.release()

                task.add_done_callback(ended)
        finally:
            alive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await alive

    async def stop(self, grace: float = 0.0) -> None:
        """Take no more jobs; give `grace` seconds to the running ones, then hand them back."""
        self._stopping.set()
        if self._running and grace > 0:
            await asyncio.wait(set(self._running), timeout=grace)
        for task in list(self._running):
            task.cancel()
        for task in list(self._running):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(ComponentForgeError):
            await self.store.gone(self.name)

    async def _alive(self) -> None:
        while True:
            with contextlib.suppress(ComponentForgeError):
                await self.store.seen(self.name, self.concurrency)
            await asyncio.sleep(max(self.beat, self.lease / 3))

    async def _handle(self, delivery: Delivery) -> None:
        try:
            row = await self.store.claim(delivery.job_id, self.name, self.lease)
            if row is None:
                current = await self.store.get(delivery.job_id)
                if current is None or current.status in FINISHED:
                    await delivery.ack()  # already done (a duplicate, or cancelled)
                else:
                    await delivery.retry(self.lease)  # another worker holds a live lease
                return
        except ComponentForgeError as exc:
            log.warning("job not claimed: %s", exc.message, extra={"job_id": delivery.job_id})
            await delivery.retry(1.0)
            return
        if row.attempts > 1:
            self.metrics.job_redeliveries.inc()
        if row.attempts > self.max_attempts:
            await self._dead_letter(row, delivery)
            return
        if row.cancel_requested:
            await self._end(row, "cancelled", 0.0, delivery)
            return
        if row.attempts == 1:
            self.metrics.job_wait.labels(row.kind).observe(_age(row))
        await self._execute(row, delivery)

    async def _execute(self, row: JobRow, delivery: Delivery) -> None:
        events = Events(self.store, row.id, row.kind)
        started = time.perf_counter()
        work = asyncio.create_task(self._work(row, events))
        beat = asyncio.create_task(self._heartbeat(row, work, delivery))
        status, reason = "failed", "error"
        result: dict[str, Any] | None = None
        error: dict[str, Any] | None = None
        why: str | None
        try:
            async with asyncio.timeout(self.timeout):
                value = await work
            # Work that never yields cannot be interrupted; the limit still holds for it.
            if time.perf_counter() - started > self.timeout:
                raise TimeoutError
            status, result, reason = "succeeded", value.model_dump(mode="json"), ""
        except TimeoutError:
            error = {
                "type": "timeout",
                "message": f"the job ran longer than {self.timeout:g} s",
                "details": {"timeout_seconds": self.timeout},
                "status": 504,
            }
            reason = "timeout"
        except asyncio.CancelledError:
            why = self._asked.pop(row.id, None)
            current = asyncio.current_task()
            if current is not None and current.cancelling():  # this worker is stopping
                await self._release(row, delivery)
                raise
            if why == "lost":  # another worker has it now; the message comes back later
                await delivery.retry(self.lease)
                return
            status, reason = "cancelled", ""
        except Exception as exc:
            http_status, body = self.describe(exc)
            error = {**body["error"], "status": http_status}
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            self._asked.pop(row.id, None)
        rest = await events.rest()
        seconds = time.perf_counter() - started
        await self._end(
            row, status, seconds, delivery, result, error, reason or None, (rest, events.stage)
        )

    async def _work(self, row: JobRow, events: Events) -> BaseModel:
        principal_var.set(Principal(row.tenant))
        request_id_var.set(row.request_id)
        payload = {k: v for k, v in row.payload.items() if k != "kind"}
        if row.kind == "generate":
            return await self.generation.generate(
                GenerationRequest.model_validate(payload),
                request_id=row.request_id,
                progress=events.stage_event,
                generation_id=row.id,
            )
        if row.kind == "from-screenshot":
            job = ScreenshotJob.model_validate(row.payload)
            data = await self.artifacts.get(job.image_key)
            if data is None:
                raise NotFoundError("the job's screenshot is no longer stored", {"job": row.id})
            shot = Screenshot(
                data,
                component_type=job.component_type,
                component_name=job.component_name,
                options=job.options,
                project=job.project,
                scale=job.scale,
            )
            return await self.generation.from_screenshot(
                shot, request_id=row.request_id, progress=events.stage_event, generation_id=row.id
            )
        batch = BatchJob.model_validate(row.payload)
        total = len(batch.requests)

        async def done(index: int, outcome: GenerationResult | Exception) -> None:
            await events.item_done(index, total, isinstance(outcome, GenerationResult))

        started = time.perf_counter()
        outcomes = await self.generation.batch(
            batch.requests,
            request_id=row.request_id,
            ids=[f"{row.id[:28]}{i:04x}" for i in range(total)],
            done=done,
        )
        return batches.result_of(outcomes, started, self.describe)

    async def _heartbeat(self, row: JobRow, work: asyncio.Task[Any], delivery: Delivery) -> None:
        """Renew the lease; stop the work when a cancel is asked for or the lease was lost."""
        while not work.done():
            await asyncio.sleep(self.beat)
            try:
                asked = await self.store.heartbeat(row.id, self.name, row.attempts, self.lease)
            except ComponentForgeError as exc:
                log.warning("heartbeat not written: %s", exc.message, extra={"job_id": row.id})
                continue
            await delivery.working()
            if asked is None or asked:
                self._asked[row.id] = "lost" if asked is None else "cancel"
                work.cancel()
                return

    async def _end(
        self,
        row: JobRow,
        status: str,
        seconds: float,
        delivery: Delivery,
        result: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
        reason: str | None = None,
        progress: tuple[list[Event], str | None] = ([], None),
    ) -> None:
        """`progress`: the events not written yet and the last stage, written with the end."""
        try:
            written = await self.store.finish(
                row.id,
                self.name,
                row.attempts,
                status,
                result=result,
                error=error,
                reason=reason,
                events=progress[0],
                stage=progress[1],
            )
        except ComponentForgeError as exc:
            # Delivered again once the lease runs out, and run again (same ids).
            log.error("job end not written: %s", exc.message, extra={"job_id": row.id})
            await delivery.retry(self.lease)
            return
        if written:
            self.metrics.jobs_finished.labels(row.kind, status).inc()
            self.metrics.job_run.labels(row.kind, status).observe(seconds)
        await delivery.ack()

    async def _dead_letter(self, row: JobRow, delivery: Delivery) -> None:
        deliveries = row.attempts - 1
        error = {
            "type": "dead_lettered",
            "message": f"the job was delivered {deliveries} times and never finished",
            "details": {"deliveries": deliveries, "max_attempts": self.max_attempts},
            "status": 500,
        }
        await self.broker.dead_letter(row.id, row.kind, "dead-lettered", deliveries)
        self.metrics.job_dead_letters.inc()
        await self._end(row, "failed", 0.0, delivery, error=error, reason="dead-lettered")

    async def _release(self, row: JobRow, delivery: Delivery) -> None:
        with contextlib.suppress(ComponentForgeError):
            await self.store.release(row.id, self.name, row.attempts)
        await delivery.retry(0)


def _age(row: JobRow) -> float:
    return max(0.0, (utcnow() - row.created_at).total_seconds())
