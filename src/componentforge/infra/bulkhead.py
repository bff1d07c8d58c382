"""Bulkheads: a blocking client (boto3, the local embedding model, image decoding and
analysis) runs on a bounded pool of its own, so calls that hang hold only that client's
threads and never the ones the rest of the service needs.

`Bulkhead` runs calls on threads: right for I/O and for libraries that release the
interpreter's lock. `ProcessBulkhead` runs them in processes of its own, for pure-Python CPU
work (image analysis): on a thread it would hold the lock the event loop needs, and every
request waits behind it."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Runner(Protocol):
    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    def close(self) -> None: ...


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


class ProcessBulkhead:
    """At most `processes` calls at once, each in a worker process. The workers start on first
    use, from a fork server that has already imported `preload` (a fork, not a fresh
    interpreter, per worker), and run at a lower CPU priority (`nice`) than the serving
    process. `func`, its arguments and its answer cross by pickle. A worker that dies (killed,
    out of memory) fails the calls it held with `BrokenProcessPool`; the next call starts new
    workers. A worker ends with the process that owns the pool, however that one ends (a
    SIGKILL leaves no chance to shut the pool down). Like every multiprocessing start but fork,
    the fork server imports the parent's `__main__`: a script that starts the app must do so
    under `if __name__ == "__main__"`."""

    def __init__(
        self, name: str, processes: int, preload: Sequence[str] = (), nice: int = 5
    ) -> None:
        self.name = name
        self._size = processes
        self._preload = list(preload)
        self._nice = nice
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(self._preload)
            self._executor = ProcessPoolExecutor(
                self._size,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self._nice, os.getpid()),
            )
        return self._executor

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        call = functools.partial(func, *args, **kwargs)
        pool = self._pool()
        try:
            future = pool.submit(call)
        except BrokenProcessPool:  # broken before this call: it runs on new workers
            self._drop(pool)
            pool = self._pool()
            future = pool.submit(call)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:  # a worker died during the call: it is not tried again
            self._drop(pool)
            raise

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        if self._executor is pool:
            self._executor = None
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _start_worker(nice: int, owner: int) -> None:
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    threading.Thread(target=_exit_with, args=(owner,), name="cf-owner", daemon=True).start()


def _exit_with(owner: int) -> None:
    """Wait for the pool's owner to end, then end this worker. The worker is the fork server's
    child, not the owner's, and the fork server outlives the owner while any worker runs: no
    one else would stop it."""
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # no pidfd (not Linux, or Linux before 5.3): poll
        while _alive(owner):
            time.sleep(1.0)
        os._exit(0)
    select.select([handle], [], [])
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        pass
    return True
