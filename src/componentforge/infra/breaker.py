"""Circuit breakers (purgatory) and retries (tenacity) around every adapter call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState
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
    async def guard(self, name: str, timeout: float | None = None) -> AsyncIterator[None]:
        """Run a block under breaker `name` (and a time limit); failures raise DependencyError."""
        self.register(name)
        breaker = await self._factory.get_breaker(name)
        try:
            async with breaker:
                if timeout is None:
                    yield
                else:
                    async with asyncio.timeout(timeout):
                        yield
        except OpenedState as exc:
            self._metrics.dependency_failures.labels(name).inc()
            raise DependencyError(name, f"{name} is unavailable (circuit open)") from exc
        except TimeoutError as exc:
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
    ) -> T:
        """Call `func` under the breaker, retrying transient failures with backoff and jitter."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(max(1, attempts)),
            wait=wait_exponential(multiplier=0.2, max=5.0) + wait_random(0, 0.2),
            retry=retry_if_exception(lambda exc: _should_retry(exc, retry_on)),
            reraise=True,
        )

        async def attempt() -> T:
            async with self.guard(name, timeout):
                return await func()

        async for try_ in retrying:
            with try_:
                return await attempt()
        raise AssertionError("unreachable")  # pragma: no cover

    def snapshot(self) -> dict[str, str]:
        return dict(self._states)


def _should_retry(exc: BaseException, retry_on: Callable[[BaseException], bool] | None) -> bool:
    cause = exc.__cause__ or exc
    if isinstance(cause, OpenedState):
        return False
    return retry_on(cause) if retry_on else True


def elapsed_ms(start: float) -> float:
    """Milliseconds since `start`, a `time.perf_counter()` reading."""
    return round((time.perf_counter() - start) * 1000, 3)
