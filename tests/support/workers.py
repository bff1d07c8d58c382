"""`componentforge worker` processes a test starts, kills and restarts; each is stopped (with its
whole process group) when the test ends, however it ends."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CLI = [sys.executable, "-m", "componentforge.cli"]
KEPT = ("PATH", "HOME", "LANG", "VIRTUAL_ENV")


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is handed back; its lease just runs out."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as an orchestrator stops a worker; its exit code."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


@dataclass
class Workers:
    folder: Path
    env: dict[str, str]
    started: list[Worker] = field(default_factory=list)

    def start(self, concurrency: int = 1, **env: str) -> Worker:
        """A worker, once it says it takes jobs (its first line after startup)."""
        return self.start_many(1, concurrency, **env)[0]

    def start_many(self, n: int, concurrency: int = 1, **env: str) -> list[Worker]:
        """`n` workers started together (each takes seconds to start), once all take jobs."""
        workers = [self._launch(concurrency, **env) for _ in range(n)]
        for worker in workers:
            self._ready(worker)
        return workers

    def _launch(self, concurrency: int, **env: str) -> Worker:
        log = self.folder / f"worker-{len(self.started)}.log"
        values = {k: v for k, v in os.environ.items() if k in KEPT}
        # These tests are about the queue: image analysis stays on threads (no worker pool).
        values.update({"EXTRACTION_ANALYSIS": "threads"}, **self.env, **env)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*CLI, "worker", "--concurrency", str(concurrency), "--grace", "5"],
                env=values,
                cwd=self.folder,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(process, log)
        self.started.append(worker)
        return worker

    def _ready(self, worker: Worker) -> None:
        process = worker.process
        deadline = time.monotonic() + 120
        while "at a time from" not in worker.output():
            if process.poll() is not None or time.monotonic() > deadline:
                worker.kill()
                raise AssertionError(f"worker did not start: {worker.output()}")
            time.sleep(0.2)

    def close(self) -> None:
        for worker in self.started:
            if worker.process.poll() is None:
                worker.kill()
