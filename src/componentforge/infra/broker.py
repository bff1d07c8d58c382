"""Where workers find jobs: NATS JetStream (JOBS_BROKER_URL), or the jobs table itself.

Either way the job's state lives in the database; the broker only says which job to take next.
JetStream: a work-queue stream `<PREFIX>_JOBS` on subjects `<prefix>.jobs.<kind>`, one durable
pull consumer `<PREFIX>_WORKERS` shared by every worker (explicit ack, an ack wait of one lease,
in-progress acks while a job runs), and `<PREFIX>_JOBS_DEAD` keeping dead letters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import nats
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError as StreamNotFound

from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.db.jobs import JobStore

log = logging.getLogger(__name__)


class Delivery(Protocol):
    job_id: str

    async def ack(self) -> None: ...
    async def retry(self, delay: float) -> None: ...
    async def working(self) -> None: ...


class Broker(Protocol):
    name: str

    async def publish(self, job_id: str, kind: str, again: int = 0) -> bool: ...
    async def next(self, timeout: float) -> Delivery | None: ...
    async def dead_letter(self, job_id: str, kind: str, reason: str, attempts: int) -> None: ...
    def changed(self, job_id: str) -> None: ...
    async def watch(self, wake: Callable[[str], None]) -> None: ...
    async def close(self) -> None: ...


@dataclass
class RowDelivery:
    """A job row to claim: there is no message to acknowledge. Until it is settled, this
    process does not hand the same row to another of its slots."""

    job_id: str
    handed: set[str] | None = None

    def _settle(self) -> None:
        if self.handed is not None:
            self.handed.discard(self.job_id)

    async def ack(self) -> None:
        self._settle()

    async def retry(self, delay: float) -> None:
        self._settle()

    async def working(self) -> None:
        return None


class DatabaseBroker:
    """The embedded queue: jobs are taken from their table, oldest first. A job submitted in
    this process wakes its in-process workers at once; others find it at their next poll."""

    name = "database"

    def __init__(self, store: JobStore, poll: float) -> None:
        self.store = store
        self.poll = poll
        self._wake = asyncio.Event()
        self._looking = asyncio.Lock()
        self._handed: set[str] = set()  # taken by this process's slots, not yet settled

    async def publish(self, job_id: str, kind: str, again: int = 0) -> bool:
        self._wake.set()
        return True

    async def next(self, timeout: float) -> Delivery | None:
        # One slot looks at a time: an idle process polls once per interval, not once per
        # slot (each poll is event-loop time); a slot that takes a job lets the next look.
        async with self._looking:
            self._wake.clear()  # before looking: a job published meanwhile still wakes us
            job_id = await self.store.next_claimable(self._handed)
            if job_id is None:
                try:
                    await asyncio.wait_for(self._wake.wait(), min(timeout, self.poll))
                except TimeoutError:
                    return None  # the caller asks again, and that looks: one look a poll
                job_id = await self.store.next_claimable(self._handed)
            if job_id is None:
                return None
            self._handed.add(job_id)
            return RowDelivery(job_id, self._handed)

    async def dead_letter(self, job_id: str, kind: str, reason: str, attempts: int) -> None:
        return None  # the row keeps the payload, with status failed and reason dead-lettered

    def changed(self, job_id: str) -> None:
        return None  # other processes see changes at their next poll

    async def watch(self, wake: Callable[[str], None]) -> None:
        return None

    async def close(self) -> None:
        return None


@dataclass
class MessageDelivery:
    job_id: str
    message: Msg

    async def ack(self) -> None:
        with contextlib.suppress(Exception):  # a lost ack means a redelivery, which is safe
            await self.message.ack()

    async def retry(self, delay: float) -> None:
        with contextlib.suppress(Exception):
            await self.message.nak(delay=delay)

    async def working(self) -> None:
        with contextlib.suppress(Exception):
            await self.message.in_progress()


class NatsBroker:
    name = "nats"

    def __init__(
        self,
        url: str,
        prefix: str,
        breakers: Breakers,
        timeout: float,
        lease: float,
        max_attempts: int,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.stream = f"{prefix.upper()}_JOBS"
        self.dead_stream = f"{prefix.upper()}_JOBS_DEAD"
        self.consumer = f"{prefix.upper()}_WORKERS"
        self.timeout = timeout
        self.lease = lease
        self.max_attempts = max_attempts
        self._breakers = breakers
        self._nc: NATS | None = None
        self._js: JetStreamContext | None = None
        self._pull: JetStreamContext.PullSubscription | None = None
        self._lock = asyncio.Lock()
        self._sending: set[asyncio.Task[None]] = set()
        breakers.register("nats")

    async def _jetstream(self) -> JetStreamContext:
        """Connected, with the streams in place; (re)connects on first use after a failure."""
        async with self._lock:
            if self._js is not None and self._nc is not None and not self._nc.is_closed:
                return self._js
            # No reconnecting inside the client: a call while the server is away fails at
            # once (and the job waits in the database); the next call connects again.
            nc = await nats.connect(
                self.url,
                connect_timeout=self.timeout,
                allow_reconnect=False,
                error_cb=_quiet,
                name=f"componentforge-{self.prefix}",
            )
            js = nc.jetstream(timeout=self.timeout)
            await _ensure_stream(
                js,
                StreamConfig(
                    name=self.stream,
                    subjects=[f"{self.prefix}.jobs.*"],
                    retention=RetentionPolicy.WORK_QUEUE,
                    storage=StorageType.FILE,
                ),
            )
            await _ensure_stream(
                js,
                StreamConfig(
                    name=self.dead_stream,
                    subjects=[f"{self.prefix}.dead.*"],
                    retention=RetentionPolicy.LIMITS,
                    storage=StorageType.FILE,
                ),
            )
            self._nc, self._js = nc, js
            return js

    async def _publish(self, what: str, subject: str, job_id: str, headers: dict[str, str]) -> None:
        """Store one message in JetStream, or raise DependencyError (and drop the connection:
        the next call connects again)."""

        async def send() -> None:
            try:
                js = await self._jetstream()
                await js.publish(subject, job_id.encode(), headers=headers, timeout=self.timeout)
            except (OSError, nats.errors.Error) as exc:
                await self._reset()
                raise DependencyError("nats", f"NATS {what} failed: {exc}") from exc

        await self._breakers.call("nats", send, timeout=self.timeout * 2)

    async def publish(self, job_id: str, kind: str, again: int = 0) -> bool:
        """True once JetStream has stored the job; False when the broker cannot be reached
        (the job waits in the database and is published again later). `again`: a job
        published anew after its message was spent (the attempt it had), a message of its own."""
        # The message id makes a publish that is repeated after a lost answer a no-op.
        message_id = f"{job_id}:{again}" if again else job_id
        try:
            await self._publish(
                "publish", f"{self.prefix}.jobs.{kind}", job_id, {"Nats-Msg-Id": message_id}
            )
        except DependencyError as exc:
            log.warning("job kept for later: %s", exc.message, extra={"job_id": job_id})
            return False
        return True

    async def next(self, timeout: float) -> Delivery | None:
        async def fetch() -> list[Msg]:
            pull = await self._subscription()
            try:
                return await pull.fetch(1, timeout=timeout)
            except NatsTimeout:
                return []

        try:
            messages = await self._breakers.call("nats", fetch, timeout=timeout + self.timeout)
        except (DependencyError, OSError, nats.errors.Error) as exc:
            log.warning("no jobs from NATS: %s", exc)
            await self._reset()
            await asyncio.sleep(min(timeout, 1.0))
            return None
        if not messages:
            return None
        message = messages[0]
        return MessageDelivery(message.data.decode(errors="replace"), message)

    async def _subscription(self) -> JetStreamContext.PullSubscription:
        js = await self._jetstream()
        if self._pull is None:
            self._pull = await js.pull_subscribe(
                f"{self.prefix}.jobs.*",
                durable=self.consumer,
                stream=self.stream,
                config=ConsumerConfig(
                    ack_policy=AckPolicy.EXPLICIT,
                    ack_wait=self.lease,
                    # A backstop: workers dead-letter by the job's own attempt count first.
                    max_deliver=self.max_attempts + 2,
                ),
            )
        return self._pull

    async def dead_letter(self, job_id: str, kind: str, reason: str, attempts: int) -> None:
        headers = {"Job-Id": job_id, "Reason": reason, "Attempts": str(attempts)}
        try:
            await self._publish("dead letter", f"{self.prefix}.dead.{kind}", job_id, headers)
        except DependencyError as exc:
            log.error("dead letter not kept in NATS: %s", exc.message, extra={"job_id": job_id})

    def changed(self, job_id: str) -> None:
        """Tell the other processes (core NATS, at most once): their followers of this job
        read its events now rather than at their next poll."""
        nc = self._nc
        if nc is None or not nc.is_connected:
            return
        task = asyncio.create_task(nc.publish(f"{self.prefix}.changed", job_id.encode()))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        task.add_done_callback(lambda t: t.cancelled() or t.exception())  # a loss is harmless

    async def watch(self, wake: Callable[[str], None]) -> None:
        """Call `wake(job_id)` for every change another process announces, until cancelled;
        subscribed again on each new connection."""

        async def handler(message: Msg) -> None:
            wake(message.data.decode(errors="replace"))

        subscribed: NATS | None = None
        while True:
            try:
                await self._jetstream()
                nc = self._nc
                if nc is not None and nc is not subscribed:
                    await nc.subscribe(f"{self.prefix}.changed", cb=handler)
                    subscribed = nc
            except (TimeoutError, OSError, nats.errors.Error) as exc:
                log.debug("not following job changes yet: %s", exc)
            await asyncio.sleep(2.0)

    async def _reset(self) -> None:
        nc, self._nc, self._js, self._pull = self._nc, None, None, None
        if nc is not None:
            with contextlib.suppress(Exception):
                await nc.close()

    async def close(self) -> None:
        nc, self._nc, self._js, self._pull = self._nc, None, None, None
        if nc is not None:
            with contextlib.suppress(Exception):
                await nc.drain()


async def _quiet(exc: Exception) -> None:
    """The client's own error reports; the calls that fail say so where it matters."""
    log.debug("nats: %s", exc)


async def _ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        await js.stream_info(config.name or "")
    except StreamNotFound:
        await js.add_stream(config)
