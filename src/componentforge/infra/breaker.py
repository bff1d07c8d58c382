"""Circuit breakers (purgatory) and retries (tenacity) around every adapter call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import HalfOpenedState, OpenedState
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from componentforge.errors import DependencyError
from componentforge.infra.metrics import BREAKER_STATES, Metrics

T = TypeVar("T")


class Breakers:
    """One named breaker per dependency; state changes feed a gauge and the health report."""

    def __init__(self, metrics: Metrics, threshold: int, reset_seconds: float) -> None:
        self._factory = AsyncCircuitBreakerFactory(
            default_threshold=threshold,
            default_ttl=reset_seconds,
            exclude=[asyncio.CancelledError],
        )
        self._factory.add_listener(self._on_event)
        self._metrics = metrics
        self._states: dict[str, str] = {}

    def _on_event(self, name: str, event_type: str, payload: Any) -> None:
        if event_type == "state_changed":
            self._set_state(name, payload.state)
        elif event_type == "failed":
            self._metrics.dependency_failures.labels(name).inc()

    def _set_state(self, name: str, state: str) -> None:
        self._states[name] = state
        self._metrics.breaker_state.labels(name).set(BREAKER_STATES.get(state, 0))

    def register(self, name: str) -> None:
        """Make a dependency's breaker visible (closed) before its first call."""
        if name not in self._states:
            self._set_state(name, "closed")

    def state(self, name: str) -> str:
        return self._states.get(name, "closed")

    @asynccontextmanager
    async def guard(
        self, name: str, timeout: float | None = None, *, open_on_timeout: bool = False
    ) -> AsyncIterator[None]:
        """Run a block under breaker `name` (and a time limit); failures raise DependencyError.
        With `open_on_timeout`, one time-out opens the breaker: a dependency that hangs is not
        waited on again by the next callers (the health check's trial closes it)."""
        self.register(name)
        breaker = await self._factory.get_breaker(name)
        try:
            async with breaker:
                if timeout is None:
                    yield
                else:
                    async with dependency_timeout(timeout):
                        yield
        except OpenedState as exc:
            self._metrics.dependency_failures.labels(name).inc()
            raise DependencyError(name, f"{name} is unavailable (circuit open)") from exc
        except TimeoutError as exc:
            if open_on_timeout and breaker.context.state != "opened":
                breaker.context.set_state(OpenedState(name))
                self._set_state(name, "opened")
            raise DependencyError(name, f"{name} did not answer within {timeout:g} s") from exc
        except DependencyError:
            raise
        except Exception as exc:
            raise DependencyError(name, f"{name} failed: {type(exc).__name__}") from exc

    async def call(
        self,
        name: str,
        func: Callable[[], Awaitable[T]],
        *,
        timeout: float | None = None,
        attempts: int = 1,
        retry_on: Callable[[BaseException], bool] | None = None,
        open_on_timeout: bool = False,
    ) -> T:
        """Call `func` under the breaker, retrying transient failures with backoff and jitter."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(max(1, attempts)),
            wait=wait_exponential(multiplier=0.2, max=5.0) + wait_random(0, 0.2),
            retry=retry_if_exception(lambda exc: _should_retry(exc, retry_on)),
            reraise=True,
        )

        async def attempt() -> T:
            async with self.guard(name, timeout, open_on_timeout=open_on_timeout):
                return await func()

        async for try_ in retrying:
            with try_:
                return await attempt()
        raise AssertionError("unreachable")  # pragma: no cover

    async def trial(self, name: str, func: Callable[[], Awaitable[T]], timeout: float) -> T:
        """A health check's call: made even while the breaker is open (as its half-open trial),
        so that readiness follows the dependency, not a stale breaker; success closes it."""
        breaker = await self._factory.get_breaker(name)
        if breaker.context.state == "opened":
            breaker.context.set_state(HalfOpenedState())
        return await self.call(name, func, timeout=timeout)

    def snapshot(self) -> dict[str, str]:
        return dict(self._states)


def _should_retry(exc: BaseException, retry_on: Callable[[BaseException], bool] | None) -> bool:
    cause = exc.__cause__ or exc
    if isinstance(cause, OpenedState):
        return False
    return retry_on(cause) if retry_on else True


# A deadline that fires this late was held up by our own event loop (a busy process), not by
# the dependency: it is given the time again, up to LAG_GRACE times.
LAG_TOLERANCE = 0.05
LAG_GRACE = 3


@asynccontextmanager
async def dependency_timeout(seconds: float) -> AsyncIterator[None]:
    """asyncio.timeout(seconds) that measures the dependency, not our event loop's delay:
    when the deadline's own callback runs late, the loop was busy and the answer may be
    sitting unread in the socket, so the wait is extended instead of blamed on the peer."""
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(None)
    graces = 0

    def check(expected: float) -> None:
        nonlocal graces
        late = loop.time() - expected
        if late > LAG_TOLERANCE and graces < LAG_GRACE:
            graces += 1
            handle[0] = loop.call_at(loop.time() + seconds, check, loop.time() + seconds)
        else:
            cm.reschedule(loop.time())

    async with cm:
        deadline = loop.time() + seconds
        handle = [loop.call_at(deadline, check, deadline)]
        try:
            yield
        finally:
            handle[0].cancel()


def elapsed_ms(start: float) -> float:
    """Milliseconds since `start`, a `time.perf_counter()` reading."""
    return round((time.perf_counter() - start) * 1000, 3)
