"""Server-Sent Events for long work: one event per pipeline stage as it starts and ends, then
the result (or the error envelope). A client that disconnects cancels the work."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi.sse import EventSourceResponse, format_sse_event
from pydantic import BaseModel

from componentforge.api.errors import describe
from componentforge.schemas.vocabulary import Progress, StageStatus

Work = Callable[[Progress], Awaitable[BaseModel]]

STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream`: `stage` events (`{stage, status: start|end, ms}`), "
        "then one `result` event (the same body as the plain endpoint) or one `error` event "
        "(the error envelope, with its HTTP status in `status`)",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


def _event(name: str, data: BaseModel | dict[str, Any]) -> bytes:
    text = data.model_dump_json() if isinstance(data, BaseModel) else json.dumps(data)
    return format_sse_event(event=name, data_str=text)


async def _events(work: Work) -> AsyncIterator[bytes]:
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def progress(stage: str, status: StageStatus, ms: float) -> None:
        await queue.put(_event("stage", {"stage": stage, "status": status, "ms": ms}))

    async def run() -> None:
        try:
            await queue.put(_event("result", await work(progress)))
        except Exception as exc:
            status, body = describe(exc)
            await queue.put(_event("error", {"status": status, **body}))
        finally:
            await queue.put(None)

    task = asyncio.create_task(run())
    try:
        while (event := await queue.get()) is not None:
            yield event
    finally:
        # Reached early when the client disconnects (the response stops iterating us).
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def stream(work: Work) -> EventSourceResponse:
    return EventSourceResponse(
        _events(work), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
