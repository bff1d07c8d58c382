"""A batch of generations: each request on its own, a few at once, answered in order."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from componentforge.schemas.generation import (
    BatchItem,
    BatchResult,
    GenerationRequest,
    GenerationResult,
)

Finished = Callable[[int, GenerationResult | Exception], Awaitable[None]]
# An exception's HTTP status and error envelope (the HTTP edge's `describe`).
Describe = Callable[[Exception], tuple[int, dict[str, Any]]]


class Generate(Protocol):
    async def __call__(
        self,
        request: GenerationRequest,
        *,
        request_id: str | None = ...,
        generation_id: str | None = ...,
    ) -> GenerationResult: ...


async def run(
    generate: Generate,
    requests: list[GenerationRequest],
    concurrency: int,
    request_id: str | None = None,
    ids: list[str] | None = None,
    done: Finished | None = None,
) -> list[GenerationResult | Exception]:
    """One failing request does not stop the others; at most `concurrency` run at once.
    `ids`: the generation ids to use (a job's, so a repeated run rewrites the same rows);
    `done` hears of each request as it ends."""
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int, request: GenerationRequest) -> GenerationResult | Exception:
        async with gate:
            outcome: GenerationResult | Exception
            try:
                outcome = await generate(
                    request,
                    request_id=request_id,
                    generation_id=ids[index] if ids is not None else None,
                )
            except Exception as exc:
                outcome = exc
            if done is not None:
                await done(index, outcome)
            return outcome

    return list(await asyncio.gather(*(one(i, r) for i, r in enumerate(requests))))


def result_of(
    outcomes: list[GenerationResult | Exception], started: float, describe: Describe
) -> BatchResult:
    """The batch's answer: each request's status and result or error envelope."""
    items = []
    for index, outcome in enumerate(outcomes):
        if isinstance(outcome, GenerationResult):
            items.append(BatchItem(index=index, status=200, result=outcome))
        else:
            status, envelope = describe(outcome)
            items.append(BatchItem(index=index, status=status, error=envelope["error"]))
    ok = sum(1 for i in items if i.result is not None)
    return BatchResult(
        succeeded=ok,
        failed=len(items) - ok,
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
        items=items,
    )
