from __future__ import annotations

import asyncio
import time

import pytest

from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics


def gauge(metrics: Metrics, name: str) -> float | None:
    return metrics.registry.get_sample_value(
        "componentforge_circuit_breaker_state", {"dependency": name}
    )


async def test_opens_after_threshold_then_half_opens_and_closes() -> None:
    metrics = Metrics()
    breakers = Breakers(metrics, threshold=2, reset_seconds=0.2)
    calls = 0

    async def failing() -> None:
        nonlocal calls
        calls += 1
        raise ConnectionError("down")

    for _ in range(2):
        with pytest.raises(DependencyError):
            await breakers.call("redis", failing)
    assert breakers.state("redis") == "opened" and gauge(metrics, "redis") == 2

    with pytest.raises(DependencyError, match="circuit open"):
        await breakers.call("redis", failing)
    assert calls == 2  # the open breaker did not call through

    await asyncio.sleep(0.25)

    async def ok() -> str:
        return "pong"

    assert await breakers.call("redis", ok) == "pong"
    assert breakers.state("redis") == "closed" and gauge(metrics, "redis") == 0
    failures = metrics.registry.get_sample_value(
        "componentforge_dependency_failures_total", {"dependency": "redis"}
    )
    assert failures is not None and failures >= 3


async def test_timeout_counts_as_failure() -> None:
    breakers = Breakers(Metrics(), threshold=1, reset_seconds=30)

    async def slow() -> None:
        await asyncio.sleep(1)

    with pytest.raises(DependencyError, match=r"did not answer within 0\.05 s"):
        await breakers.call("qdrant", slow, timeout=0.05)
    assert breakers.state("qdrant") == "opened"


async def test_transient_failures_are_retried_with_backoff() -> None:
    breakers = Breakers(Metrics(), threshold=5, reset_seconds=30)
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise ConnectionResetError("blip")
        return "ok"

    assert await breakers.call("openai", flaky, attempts=3) == "ok"
    assert attempts == 3
    assert breakers.state("openai") == "closed"


async def test_non_retryable_errors_are_not_retried() -> None:
    breakers = Breakers(Metrics(), threshold=5, reset_seconds=30)
    attempts = 0

    async def bad_request() -> None:
        nonlocal attempts
        attempts += 1
        raise ValueError("400")

    with pytest.raises(DependencyError):
        await breakers.call(
            "openai", bad_request, attempts=3, retry_on=lambda e: not isinstance(e, ValueError)
        )
    assert attempts == 1


async def test_a_deadline_missed_by_our_own_busy_loop_is_not_the_dependencys() -> None:
    """The answer arrives in time but the loop is busy (blocked) past the deadline: the wait is
    extended, not reported as the dependency's time-out; a real silence still times out."""
    breakers = Breakers(Metrics(), threshold=5, reset_seconds=1)
    loop = asyncio.get_running_loop()

    async def answered_while_we_were_busy() -> str:
        answer: asyncio.Future[str] = loop.create_future()
        loop.call_later(0.05, answer.set_result, "ok")
        loop.call_later(0.01, time.sleep, 0.3)  # the whole loop stalls past the 0.1 s limit
        return await answer

    assert await breakers.call("redis", answered_while_we_were_busy, timeout=0.1) == "ok"

    async def silent() -> None:
        await asyncio.sleep(10)

    started = time.perf_counter()
    with pytest.raises(DependencyError, match=r"did not answer within 0\.1 s"):
        await breakers.call("redis", silent, timeout=0.1)
    assert time.perf_counter() - started < 1


async def test_a_timeout_can_open_the_breaker_and_a_trial_closes_it() -> None:
    breakers = Breakers(Metrics(), threshold=5, reset_seconds=60)

    async def hang() -> None:
        await asyncio.sleep(10)

    with pytest.raises(DependencyError):
        await breakers.call("s3", hang, timeout=0.05, open_on_timeout=True)
    assert breakers.state("s3") == "opened"

    async def fine() -> str:
        return "ok"

    with pytest.raises(DependencyError, match="circuit open"):
        await breakers.call("s3", fine)
    assert await breakers.trial("s3", fine, timeout=1) == "ok"
    assert breakers.state("s3") == "closed"
