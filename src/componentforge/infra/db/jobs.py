"""Jobs in the metadata database: their state and events, and (embedded mode) the queue itself.

Every change of state is a compare-and-set on the row (`UPDATE ... WHERE status = ...`), so two
workers can never both run a job, nor both finish it, on PostgreSQL or SQLite alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from componentforge.infra.breaker import Breakers
from componentforge.infra.db.job_depth import Depth, read_depth
from componentforge.infra.db.models import JobEventRow, JobRow, WorkerRow, utcnow

T = TypeVar("T")
OPEN = ("queued", "running")


class JobStore:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], breakers: Breakers, timeout: float
    ) -> None:
        self.sessions = sessions
        self._breakers = breakers
        self._timeout = timeout
        # Followers in this process are woken by a change made in it (the embedded worker's);
        # changes made by another process are seen at the followers' next poll.
        self._signals: dict[str, asyncio.Event] = {}
        # Tells other processes (the broker's `changed`), when there is a way to.
        self.on_change: Callable[[str], None] | None = None

    def changed(self, job_id: str) -> asyncio.Event:
        """Set at the job's next change made through this store."""
        return self._signals.setdefault(job_id, asyncio.Event())

    def wake(self, job_id: str) -> None:
        """Wake this process's followers of the job."""
        signal = self._signals.pop(job_id, None)
        if signal is not None:
            signal.set()

    def _touch(self, job_id: str) -> None:
        self.wake(job_id)
        if self.on_change is not None:
            self.on_change(job_id)

    async def _run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async def call() -> T:
            async with self.sessions() as session:
                return await work(session)

        return await self._breakers.call("database", call, timeout=self._timeout)

    # The API's side ------------------------------------------------------------------------

    async def create(self, values: dict[str, Any], max_open: int | None = None) -> JobRow | None:
        """The job's row and its first event. None: its tenant already has `max_open` jobs
        queued or running (counted in the same transaction)."""
        row = JobRow(status="queued", percent=0.0, attempts=0, **values)
        count = select(func.count()).where(JobRow.tenant == row.tenant, JobRow.status.in_(OPEN))

        async def work(session: AsyncSession) -> JobRow | None:
            if max_open is not None and int(await session.scalar(count) or 0) >= max_open:
                return None
            session.add(row)
            session.add(_event(row.id, "status", {"status": "queued", "attempt": 0}))
            await session.commit()
            return row

        return await self._run(work)

    async def get(self, job_id: str) -> JobRow | None:
        return await self._run(lambda s: s.get(JobRow, job_id))

    async def page(
        self,
        tenant: str | None,
        status: str | None,
        kind: str | None,
        limit: int,
        offset: int,
    ) -> tuple[Sequence[JobRow], int]:
        query = select(JobRow)
        if tenant is not None:
            query = query.where(JobRow.tenant == tenant)
        if status is not None:
            query = query.where(JobRow.status == status)
        if kind is not None:
            query = query.where(JobRow.kind == kind)

        async def work(session: AsyncSession) -> tuple[Sequence[JobRow], int]:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = await session.scalars(
                query.order_by(JobRow.created_at.desc(), JobRow.id).limit(limit).offset(offset)
            )
            return rows.all(), int(total or 0)

        return await self._run(work)

    async def open_count(self, tenant: str) -> int:
        query = select(func.count()).where(JobRow.tenant == tenant, JobRow.status.in_(OPEN))

        async def work(session: AsyncSession) -> int:
            return int(await session.scalar(query) or 0)

        return await self._run(work)

    async def mark_published(self, job_id: str) -> None:
        await self._change(update(JobRow).where(JobRow.id == job_id).values(published=True))

    async def unpublished(self, limit: int = 100) -> list[str]:
        query = (
            select(JobRow.id)
            .where(JobRow.status == "queued", JobRow.published.is_(False))
            .order_by(JobRow.created_at)
            .limit(limit)
        )

        async def work(session: AsyncSession) -> list[str]:
            return list((await session.scalars(query)).all())

        return await self._run(work)

    async def stale(self, for_seconds: float, limit: int = 100) -> list[tuple[str, str, int]]:
        """Running jobs whose lease ran out `for_seconds` ago and that nobody took again
        (their message was spent): id, kind, attempts."""
        query = (
            select(JobRow.id, JobRow.kind, JobRow.attempts)
            .where(
                JobRow.status == "running",
                JobRow.lease_until < utcnow() - timedelta(seconds=for_seconds),
            )
            .order_by(JobRow.lease_until)
            .limit(limit)
        )

        async def work(session: AsyncSession) -> list[tuple[str, str, int]]:
            return [(r.id, r.kind, r.attempts) for r in (await session.execute(query)).all()]

        return await self._run(work)

    async def cancel(self, job_id: str) -> JobRow | None:
        """A queued job is cancelled now; a running one is asked to stop (its worker does)."""

        async def work(session: AsyncSession) -> JobRow | None:
            now = utcnow()
            stopped = await session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == "queued")
                .values(status="cancelled", finished_at=now, cancel_requested=True)
            )
            if _count(stopped):
                session.add(_event(job_id, "status", {"status": "cancelled"}))
            else:
                await session.execute(
                    update(JobRow)
                    .where(JobRow.id == job_id, JobRow.status == "running")
                    .values(cancel_requested=True)
                )
            await session.commit()
            return await session.get(JobRow, job_id, populate_existing=True)

        outcome = await self._run(work)
        self._touch(job_id)
        return outcome

    async def events(self, job_id: str, after: int, limit: int = 200) -> list[JobEventRow]:
        query = (
            select(JobEventRow)
            .where(JobEventRow.job_id == job_id, JobEventRow.id > after)
            .order_by(JobEventRow.id)
            .limit(limit)
        )

        async def work(session: AsyncSession) -> list[JobEventRow]:
            return list((await session.scalars(query)).all())

        return await self._run(work)

    async def depth(self, alive_within: float) -> Depth:
        return await self._run(lambda session: read_depth(session, alive_within))

    # The worker's side ---------------------------------------------------------------------

    async def claim(self, job_id: str, worker: str, lease: float) -> JobRow | None:
        """Take the job if it is queued, or running under a lease that ran out (its worker
        died): the row is then this worker's, with one more attempt. None: not to be run."""

        async def work(session: AsyncSession) -> JobRow | None:
            now = utcnow()
            taken = await session.execute(
                update(JobRow)
                .where(
                    JobRow.id == job_id,
                    or_(
                        JobRow.status == "queued",
                        (JobRow.status == "running") & (JobRow.lease_until < now),
                    ),
                )
                .values(
                    status="running",
                    worker=worker,
                    attempts=JobRow.attempts + 1,
                    lease_until=now + timedelta(seconds=lease),
                    started_at=func.coalesce(JobRow.started_at, now),
                )
            )
            if not _count(taken):
                await session.rollback()
                return None
            row = await session.get(JobRow, job_id, populate_existing=True)
            assert row is not None
            session.add(_event(job_id, "status", {"status": "running", "attempt": row.attempts}))
            await session.commit()
            return row

        outcome = await self._run(work)
        self._touch(job_id)
        return outcome

    async def next_claimable(self, besides: Collection[str] = ()) -> str | None:
        """The embedded queue's head: the oldest job that is queued or whose worker died,
        other than those in `besides` (this process holds them already)."""
        query = (
            select(JobRow.id)
            .where(
                or_(
                    JobRow.status == "queued",
                    (JobRow.status == "running") & (JobRow.lease_until < utcnow()),
                ),
                JobRow.id.not_in(list(besides)),
            )
            .order_by(JobRow.created_at)
            .limit(1)
        )
        return await self._run(lambda s: s.scalar(query))

    async def release(self, job_id: str, worker: str, attempt: int) -> None:
        """A worker that stops before its job ends gives it back, its attempt not counted."""
        await self._change(
            update(JobRow)
            .where(*_mine(job_id, worker, attempt))
            .values(status="queued", worker=None, lease_until=None, attempts=attempt - 1)
        )
        self._touch(job_id)

    async def heartbeat(self, job_id: str, worker: str, attempt: int, lease: float) -> bool | None:
        """Extend the lease. Returns whether a cancel was asked for; None: the job is no
        longer this worker's (its lease ran out and another took it)."""

        async def work(session: AsyncSession) -> bool | None:
            owned = await session.execute(
                update(JobRow)
                .where(*_mine(job_id, worker, attempt))
                .values(lease_until=utcnow() + timedelta(seconds=lease))
                .returning(JobRow.cancel_requested)
            )
            flag = owned.scalar_one_or_none()
            await session.commit()
            return None if flag is None else bool(flag)

        return await self._run(work)

    async def add_events(
        self,
        job_id: str,
        events: list[tuple[str, dict[str, Any]]],
        stage: str | None,
        percent: float,
    ) -> None:
        async def work(session: AsyncSession) -> None:
            session.add_all(_event(job_id, event, data) for event, data in events)
            await session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == "running")
                .values(stage=stage, percent=percent)
            )
            await session.commit()

        await self._run(work)
        self._touch(job_id)

    async def finish(
        self,
        job_id: str,
        worker: str | None,
        attempt: int | None,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
        reason: str | None = None,
        events: Sequence[tuple[str, dict[str, Any]]] = (),
        stage: str | None = None,
    ) -> bool:
        """The job's end, written once: only by the worker that holds it (or, with no worker,
        for a job that is still queued: a dead letter), with its last `events` in the same
        transaction. False: someone else already did."""
        where = (
            _mine(job_id, worker, attempt)
            if worker is not None and attempt is not None
            else (JobRow.id == job_id, JobRow.status.in_(OPEN))
        )

        async def work(session: AsyncSession) -> bool:
            values: dict[str, Any] = {
                "status": status,
                "result": result,
                "error": error,
                "reason": reason,
                "finished_at": utcnow(),
                "lease_until": None,
            }
            if status == "succeeded":
                values["percent"] = 100.0
            if stage is not None:
                values["stage"] = stage
            done = await session.execute(update(JobRow).where(*where).values(**values))
            if not _count(done):
                await session.rollback()
                return False
            session.add_all(_event(job_id, event, data) for event, data in events)
            session.add(_event(job_id, "status", {"status": status, "reason": reason}))
            await session.commit()
            return True

        outcome = await self._run(work)
        self._touch(job_id)
        return outcome

    async def seen(self, worker: str, concurrency: int) -> None:
        async def work(session: AsyncSession) -> None:
            await session.merge(WorkerRow(id=worker, concurrency=concurrency, seen_at=utcnow()))
            await session.commit()

        await self._run(work)

    async def gone(self, worker: str) -> None:
        await self._change(delete(WorkerRow).where(WorkerRow.id == worker))

    async def _change(self, statement: Any) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(statement)
            await session.commit()

        await self._run(work)


def _mine(job_id: str, worker: str | None, attempt: int | None) -> tuple[Any, ...]:
    return (
        JobRow.id == job_id,
        JobRow.status == "running",
        JobRow.worker == worker,
        JobRow.attempts == attempt,
    )


def _event(job_id: str, event: str, data: dict[str, Any]) -> JobEventRow:
    return JobEventRow(job_id=job_id, event=event, data=data, created_at=utcnow())


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
