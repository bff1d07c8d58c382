"""Image analysis in worker processes (EXTRACTION_ANALYSIS=processes, the service's default):
the same answers as on threads, and a worker that dies costs at most the call it held."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from tests.conftest import Api
from tests.support.drawing import component_png

SHOT = "/api/v1/extraction/screenshot"
MakeApi = Callable[..., Awaitable[Api]]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def analysis_workers() -> list[int]:
    """The pool's workers: children of this process's multiprocessing fork server."""
    servers = [
        pid
        for pid in _children(os.getpid())
        if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    return [worker for server in servers for worker in _children(server)]


async def extract(api: Api, kind: str) -> dict[str, Any]:
    files = {"file": ("shot.png", component_png(kind), "image/png")}
    response = await api.http.post(SHOT, files=files)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def essentials(body: dict[str, Any]) -> tuple[Any, ...]:
    return (body["component_type"], body["content"], body["tokens"], body["anatomy"])


async def test_processes_answer_as_threads_do_and_outlive_a_killed_worker(
    make_api: MakeApi,
) -> None:
    threads = await make_api(rate_limit_enabled=False, extraction_analysis="threads")
    processes = await make_api(rate_limit_enabled=False, extraction_analysis="processes")
    for kind in ("card", "tabs"):
        on_threads, in_processes = await extract(threads, kind), await extract(processes, kind)
        assert essentials(in_processes) == essentials(on_threads)
        assert in_processes["content"]["text"] and not in_processes["warnings"]

    workers = analysis_workers()
    assert workers, "no analysis worker process is running"
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    await asyncio.sleep(0.5)  # the pool sees its workers gone

    # The call that finds the pool broken runs on new workers; nothing is a 500.
    after = await extract(processes, "card")
    assert essentials(after) == essentials(await extract(threads, "card")), after["warnings"]
    assert not set(analysis_workers()) & set(workers)
