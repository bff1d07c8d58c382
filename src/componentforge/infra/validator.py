"""The Node validator: a small pool of long-running workers speaking JSON lines over stdio.

Each worker loads TypeScript, ESLint and axe once. Answers are matched to requests by id, so
a worker takes several at a time (`per_worker`): it type-checks and lints one component while
another renders in its sandbox process, and a render that never ends does not hold the rest
up. A request has a time limit; a worker that crashes or runs past it is replaced, and the
requests it held fail cleanly (the caller answers them UNVERIFIED). With warm-up, every worker
starts with the app and first checks a library component, so no user's request pays for JIT
compilation; without it, a worker starts when the load first needs it (the first check starts
one, and another starts only when every running one holds `per_worker` requests).
Workers get a minimal environment (the server's secrets never reach Node) and run under Node's
permission model: they read only the validator's folder and the pattern library, so even a
mistake in the import policy (validator/src/imports.mjs) cannot read /proc or /etc.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from componentforge.errors import DependencyError

log = logging.getLogger(__name__)
STREAM_LIMIT = 32 * 1024 * 1024  # one answer is one line; rendered HTML can be large


class ValidatorUnavailable(DependencyError):
    def __init__(self, message: str) -> None:
        super().__init__("validator", message)


class WorkerStopped(ValidatorUnavailable):
    """The worker ended (killed for another request, or crashed) before answering this one:
    nothing is known about this request, so it may be sent again."""

    def __init__(self) -> None:
        super().__init__("the validator worker stopped; it will be restarted")


def worker_command(node: str, validator_dir: Path, patterns_dir: Path) -> list[str]:
    """Node with the permission model: reads inside the two folders, child processes (the
    bundler's binary and the render sandbox, which has its own, narrower permissions)."""
    major = _node_major(node)
    flag = "--permission" if major >= 22 else "--experimental-permission"
    return [
        node,
        flag,
        f"--allow-fs-read={validator_dir.resolve()}/",
        f"--allow-fs-read={patterns_dir.resolve()}/",
        "--allow-child-process",
        "--no-warnings",
        str(validator_dir.resolve() / "worker.mjs"),
    ]


def _node_major(node: str) -> int:
    try:
        version = subprocess.run(  # noqa: S603 - NODE_BINARY, the operator's setting
            [node, "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
        return int(version.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        return 20


class NodeWorker:
    def __init__(self, command: list[str], env: dict[str, str], warm_up: bool) -> None:
        self._command = command
        self._warm_up = warm_up
        self.warmed = False
        self._env = env
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._starting = asyncio.Lock()
        self._restart: asyncio.Future[None] | None = None
        self.restarts = -1
        self.ready_once = False  # started (and warmed up) at least once
        self._spawned: asyncio.subprocess.Process | None = None  # the process being started
        self._closing = False

    @property
    def alive(self) -> bool:
        # A process whose output has ended is gone, even before its exit status is known.
        return (
            self._process is not None
            and self._process.returncode is None
            and self._reader is not None
            and not self._reader.done()
        )

    @property
    def load(self) -> int:
        return len(self._pending)

    @property
    def begun(self) -> bool:
        """A start was asked for at least once (a worker nobody needed yet has not)."""
        return self.restarts >= 0

    @property
    def missing(self) -> bool:
        """Begun but not running, other than during its first start (which the request
        that asked for it waits on): it crashed, was stopped, or is being replaced."""
        first_start = self.restarts == 0 and self._starting.locked()
        return self.begun and not self.alive and not first_start

    async def start(self, timeout: float = 60.0) -> None:
        async with self._starting:
            if self.alive:
                return
            if self._closing:
                raise ValidatorUnavailable("the validator is shutting down")
            self.restarts += 1
            process = await asyncio.create_subprocess_exec(
                *self._command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                env=self._env,
                limit=STREAM_LIMIT,
            )
            self._spawned = process
            assert process.stdout is not None
            line = (
                b"" if self._closing else await asyncio.wait_for(process.stdout.readline(), timeout)
            )
            if not line or not json.loads(line).get("ready"):
                process.kill()
                await process.wait()
                raise ValidatorUnavailable("the validator worker did not start")
            self._process = process
            # Each process has its own in-flight table: the end of an old process fails only
            # what was sent to it, never a request already sent again to its replacement.
            self._pending = {}
            self._reader = asyncio.create_task(self._read(process, self._pending))
            if self._warm_up:
                # A check of a library component, so the first real one is not seconds slow.
                try:
                    answer = await self._send({"op": "warmup"}, timeout)
                    self.warmed = bool(answer.get("warmed"))
                except ValidatorUnavailable as exc:  # only slower: the worker still answers
                    log.warning("validator warm-up failed: %s", exc.message)
            self.ready_once = True

    async def _read(
        self,
        process: asyncio.subprocess.Process,
        pending: dict[int, asyncio.Future[dict[str, Any]]],
    ) -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            answer = json.loads(line)
            future = pending.pop(answer.get("id"), None)
            if future is None or future.done():
                continue
            if answer.get("error"):
                future.set_exception(
                    ValidatorUnavailable(f"the validator failed: {str(answer['error'])[:300]}")
                )
            else:
                future.set_result(answer["result"])
        # The process ended: whatever was in flight will not be answered.
        for future in pending.values():
            if not future.done():
                future.set_exception(WorkerStopped())
        pending.clear()

    async def request(self, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
        if not self.alive:
            await self.start()
        return await self._send(payload, timeout)

    async def _send(self, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
        process = self._process
        assert process is not None and process.stdin is not None
        request_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        pending = self._pending
        pending[request_id] = future
        try:
            process.stdin.write((json.dumps({**payload, "id": request_id}) + "\n").encode())
            await process.stdin.drain()
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            # A worker stuck on one input would hold up every later request: replace it now,
            # so that the pool is back at its size before the next request is taken.
            await self.kill()
            self.restart_soon()
            raise ValidatorUnavailable(f"validation did not finish within {timeout:g} s") from None
        except (BrokenPipeError, ConnectionResetError):
            raise WorkerStopped() from None
        finally:
            pending.pop(request_id, None)

    def restart_soon(self) -> None:
        if self._restart is None or self._restart.done():
            self._restart = asyncio.ensure_future(self._restart_quietly())

    async def _restart_quietly(self) -> None:
        try:
            await self.start()
        except (ValidatorUnavailable, OSError, TimeoutError, ValueError) as exc:
            log.warning("validator worker did not restart: %s", exc)

    async def ready(self) -> None:
        """Wait for a restart under way (or start a worker found dead)."""
        if not self.alive:
            self.restart_soon()
        if self._restart is not None:
            await asyncio.shield(self._restart)

    async def kill(self) -> None:
        # This process and its reader: a restart may replace both while we wait.
        process, reader = self._process, self._reader
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        if reader is not None:
            with contextlib.suppress(Exception):
                await reader

    async def stop_starting(self) -> None:
        """Shutdown: a process still starting or warming up is killed (its start then fails
        at once), and none is started after this."""
        self._closing = True
        process = self._spawned
        if not self.ready_once and process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    async def close(self) -> None:
        if self._process is None or self._process.returncode is not None:
            return
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), 5)
        except TimeoutError:
            await self.kill()


class ValidatorPool:
    def __init__(
        self,
        node: str,
        validator_dir: Path,
        size: int,
        timeout: float,
        patterns_dir: Path,
        per_worker: int = 2,
        warm_up: bool = True,
        preview: bool = False,
        browser: str | None = None,
    ) -> None:
        self.timeout = timeout
        self.size = size
        self.reason = self._unavailable_reason(node, validator_dir)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(validator_dir),
            "CF_PATTERNS_DIR": str(patterns_dir),
            **({"CF_CHROMIUM": browser} if browser else {}),
            **({"CF_PREVIEW": "1"} if preview else {}),  # its warm-up starts the browser
        }
        command = (
            worker_command(shutil.which(node) or node, validator_dir, patterns_dir)
            if self.reason is None
            else []
        )
        self._workers = [NodeWorker(command, env, warm_up) for _ in range(size)]
        self._per_worker = per_worker
        self._slots = asyncio.Semaphore(size * per_worker)
        self._started: asyncio.Future[list[BaseException | None]] | None = None

    @staticmethod
    def _unavailable_reason(node: str, validator_dir: Path) -> str | None:
        if shutil.which(node) is None:
            return f"Node.js ({node}) is not installed"
        if not (validator_dir / "node_modules" / "typescript").is_dir():
            return f"{validator_dir}/node_modules is missing: run `make install`"
        return None

    @property
    def available(self) -> bool:
        return self.reason is None

    @property
    def started(self) -> bool:
        """A worker was started (by warm-up, or by a check)."""
        return self._started is not None or any(w.begun for w in self._workers)

    def start(self) -> None:
        """Start every worker in the background (warm-up); the first request waits for them."""
        if self.available and self._started is None:
            # Each start's failure (or cancellation at shutdown) is its own: a worker that
            # did not start restarts at the next request.
            self._started = asyncio.ensure_future(
                asyncio.gather(*(w.start() for w in self._workers), return_exceptions=True)
            )

    async def validate(self, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.available:
            raise ValidatorUnavailable(self.reason or "unavailable")
        if self._started is not None:
            with contextlib.suppress(Exception):  # a worker that failed to start restarts below
                await self._started
        for attempt in range(2):
            async with self._slots:
                worker = await self._pick()
                try:
                    return await worker.request(payload, self.timeout)
                except WorkerStopped:
                    # Another request's render took the worker down; this one is not at fault.
                    if attempt:
                        raise
                    log.warning("validator worker stopped under a request; retrying it")
        raise AssertionError("unreachable")

    async def _pick(self) -> NodeWorker:
        """The least loaded running worker, or one not started yet (its request starts it)
        when every running one is full."""
        # Dead workers come back before a request is given out.
        await asyncio.gather(*(w.ready() for w in self._workers if w.begun and not w.alive))
        running = [w for w in self._workers if w.alive]
        spare = next((w for w in self._workers if not w.begun), None)
        if spare is not None and all(w.load >= self._per_worker for w in running):
            return spare
        return min(running or self._workers, key=lambda w: w.load)

    @property
    def restarts(self) -> int:
        return sum(max(0, w.restarts) for w in self._workers)

    def info(self) -> dict[str, int]:
        """What health reports: workers, how many run now, busy and restarted."""
        return {
            "workers": self.size,
            "running": sum(w.alive for w in self._workers),
            "in_flight": sum(w.load for w in self._workers),
            "restarts": self.restarts,
            "warmed": sum(w.warmed for w in self._workers),
        }

    @property
    def degraded(self) -> bool:
        """A worker that was started is not running (it is restarting, or failed to); a first
        start under way does not count (its request waits for it), nor a worker not needed yet."""
        return self.available and any(w.missing for w in self._workers)

    async def close(self) -> None:
        """Workers still starting or warming up are killed (shutdown never waits on their
        start); started ones finish what they hold and exit."""
        await asyncio.gather(*(w.stop_starting() for w in self._workers))
        if self._started is not None:
            with contextlib.suppress(Exception):
                await self._started
        await asyncio.gather(*(w.close() for w in self._workers))
