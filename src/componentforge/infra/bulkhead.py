"""Bulkheads: a blocking client (boto3, the local embedding model, image decoding and
analysis) runs on a bounded thread pool of its own, so calls that hang hold only that client's
threads and never the ones the rest of the service needs."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Bulkhead:
    def __init__(self, name: str, threads: int) -> None:
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix=f"cf-{name}")

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`func(*args, **kwargs)` on one of this bulkhead's threads. Cancelling the await (a
        timeout) drops the call if it has not started yet; one that runs finishes on its own
        thread, which is this client's, not anyone else's."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(func, *args, **kwargs))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
