"""LangSmith tracing that is active only when configured and costs nothing otherwise."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, TypeVar

import langsmith
from langsmith.run_trees import RunTree
from pydantic import BaseModel

P = ParamSpec("P")
T = TypeVar("T")


class Tracer:
    """Opens LangSmith runs; with no API key every method is a pass-through."""

    def __init__(
        self, api_key: str | None, endpoint: str | None = None, project: str = "componentforge"
    ) -> None:
        self.project = project
        self._client: langsmith.Client | None = None
        if api_key:
            self._client = langsmith.Client(
                api_key=api_key, api_url=endpoint, hide_inputs=slim, hide_outputs=slim
            )

    @property
    def enabled(self) -> bool:
        return self._client is not None

    @asynccontextmanager
    async def span(
        self,
        name: str,
        run_type: str = "chain",
        *,
        inputs: dict[str, Any] | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AsyncIterator[RunTree | None]:
        """A run (child of the current one, if any); yields None when tracing is off."""
        if self._client is None:
            yield None
            return
        with langsmith.tracing_context(
            enabled=True, client=self._client, project_name=self.project
        ):
            async with langsmith.trace(
                name,
                run_type,  # type: ignore[arg-type]
                inputs=inputs or {},
                tags=tags,
                metadata=metadata,
                client=self._client,
                project_name=self.project,
            ) as run:
                yield run

    def traced(
        self, name: str, run_type: str = "chain"
    ) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
        """Decorate an async function so each call is a run when tracing is on."""

        def decorate(func: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
            @functools.wraps(func)
            async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
                if self._client is None:
                    return await func(*args, **kwargs)
                async with self.span(name, run_type) as run:
                    result = await func(*args, **kwargs)
                    if run is not None:
                        run.add_outputs({"output": repr(result)[:2000]})
                    return result

            return wrapper

        return decorate

    def annotate(
        self, tags: list[str] | None = None, metadata: dict[str, Any] | None = None
    ) -> None:
        """Add tags and metadata to the current run (none when tracing is off)."""
        run = langsmith.get_current_run_tree() if self._client is not None else None
        if run is None:
            return
        if tags:
            run.add_tags([t for t in tags if t not in (run.tags or [])])
        if metadata:
            run.add_metadata(metadata)

    @staticmethod
    def current_trace_id() -> str | None:
        run = langsmith.get_current_run_tree()
        return str(run.trace_id) if run is not None else None

    async def flush(self) -> None:
        if self._client is not None:
            await asyncio.to_thread(self._client.flush)


MAX_TEXT = 2000


def slim(value: Any) -> Any:
    """What a run keeps of its inputs and outputs: pixels, file bytes and long text (an
    image's data URL) become a short description, so a traced extraction posts kilobytes,
    not the megabytes of its image at every node."""
    if isinstance(value, dict):
        return {str(k): slim(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [slim(v) for v in value[:100]]
    if isinstance(value, BaseModel):
        return slim(value.model_dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: slim(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"<array {'x'.join(map(str, value.shape))} {value.dtype}>"
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return f"{value[:200]}… <{len(value)} characters>"
    return value
