"""Jobs: what running a generation as a job adds to it, worker throughput, and a burst that
survives a killed worker.

1. Added latency, embedded defaults in process: an offline generation through
   `POST /generation/generate` against the same request through `POST /jobs` followed on
   `GET /jobs/{id}/events` to its `result`, in alternating pairs (distinct names: no cache).
   Then the same with NATS and one `componentforge worker` process (the job crosses processes).
2. Throughput on NATS + PostgreSQL: the API in process runs no job; 1, then 2 worker processes
   (`--concurrency 2` each) drain `--jobs` jobs submitted at once.
3. Burst: `--burst` jobs submitted at once to 2 workers; one is SIGKILLed a third of the way
   through and started again. Counts jobs lost, ended twice, and pipelines run twice.

Generations skip validation (`validate: false`) so that the queue, not Node, is measured.

    python benchmarks/jobs.py [--pairs 30] [--jobs 60] [--burst 1000]
        [--nats nats://127.0.0.1:4222] [--database postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import nats

from inprocess import app_client

GENERATE = "/api/v1/generation/generate"
JOBS = "/api/v1/jobs"


def body(name: str) -> dict[str, Any]:
    return {
        "pattern_id": "shadcn-button",
        "component_name": name,
        "tokens": {"colors": {"primary": "#2563eb"}},
        "requirements": {"props": ["loading"], "events": ["onClick"]},
        "options": {"validate": False},
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def follow(client: httpx.AsyncClient, name: str) -> float:
    """Submit a job and read its events to the end; ms until the result arrived."""
    start = time.perf_counter()
    job = (await client.post(JOBS, json={"kind": "generate", **body(name)})).json()
    async with client.stream("GET", f"{JOBS}/{job['job_id']}/events") as stream:
        async for line in stream.aiter_lines():
            if line == "event: result":
                return (time.perf_counter() - start) * 1000
            if line == "event: error":
                raise SystemExit(f"job failed: {job}")
    raise SystemExit(f"the stream ended without a result: {job}")


async def sync(client: httpx.AsyncClient, name: str) -> float:
    start = time.perf_counter()
    response = await client.post(GENERATE, json=body(name))
    assert response.status_code == 200, response.text
    return (time.perf_counter() - start) * 1000


async def added_latency(client: httpx.AsyncClient, pairs: int, label: str) -> None:
    tag = uuid.uuid4().hex[:6]
    for n in range(10):  # warm both paths
        await sync(client, f"Warm{n}S{tag}")
        await follow(client, f"Warm{n}J{tag}")
    direct, queued, added = [], [], []
    for n in range(pairs):
        first, second = (sync, follow) if n % 2 else (follow, sync)
        a = await first(client, f"Pair{n}A{tag}")
        b = await second(client, f"Pair{n}B{tag}")
        s, j = (a, b) if first is sync else (b, a)
        direct.append(s)
        queued.append(j)
        added.append(j - s)
    print(
        f"{label}: synchronous p50 {statistics.median(direct):.1f} ms; as a job (submit → "
        f"result event) p50 {statistics.median(queued):.1f} ms; added p50 "
        f"{statistics.median(added):.1f} ms, p95 {pct(added, 0.95):.1f} ms ({pairs} pairs)"
    )


class Workers:
    """`componentforge worker` processes sharing the API's database, artifacts and broker."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env, self.folder = env, folder
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = self.folder / f"worker-{len(self.running)}-{time.time_ns()}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "componentforge.cli", "worker", "--concurrency", "2"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while "at a time from" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(self.running):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in list(self.running):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill(process)
        self.running.clear()


@contextlib.asynccontextmanager
async def scratch_database(admin_url: str) -> AsyncIterator[str]:
    name = f"cf_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    try:
        yield f"{admin_url.rpartition('/')[0]}/{name}"
    finally:
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


async def drop_streams(url: str, prefix: str) -> None:
    nc = await nats.connect(url)
    js = nc.jetstream()
    for stream in (f"{prefix.upper()}_JOBS", f"{prefix.upper()}_JOBS_DEAD"):
        with contextlib.suppress(Exception):
            await js.delete_stream(stream)
    await nc.close()


async def submit_all(client: httpx.AsyncClient, count: int, tag: str) -> list[str]:
    gate = asyncio.Semaphore(16)

    async def one(n: int) -> str:
        async with gate:
            r = await client.post(JOBS, json={"kind": "generate", **body(f"Job{n}X{tag}")})
            assert r.status_code == 202, r.text
            return str(r.json()["job_id"])

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def count_done(client: httpx.AsyncClient) -> tuple[int, int]:
    """(finished, succeeded) over every job of the run."""
    totals = []
    for status in ("succeeded", "failed", "cancelled"):
        page = (await client.get(JOBS, params={"status": status, "limit": 1})).json()
        totals.append(page["total"])
    return sum(totals), totals[0]


async def drain(
    client: httpx.AsyncClient, count: int, base: int, start: float, on_progress: Any = None
) -> float:
    """Seconds from `start` until `count` more jobs than `base` have ended."""
    while True:
        done, _ = await count_done(client)
        if on_progress is not None:
            await on_progress(done - base)
        if done - base >= count:
            return time.perf_counter() - start
        await asyncio.sleep(0.1)


async def on_nats(args: argparse.Namespace) -> None:
    prefix = f"cfbench{uuid.uuid4().hex[:8]}"
    async with scratch_database(args.database) as database:
        overrides = {
            "database_url": database,
            "database_auto_migrate": True,
            "jobs_broker_url": args.nats,
            "jobs_stream_prefix": prefix,
            "jobs_lease_seconds": 5.0,
            "jobs_max_queued_per_tenant": max(100, args.burst * 2),
            "log_level": "WARNING",
            "validator_warm_up": False,
        }
        try:
            async with app_client(**overrides) as (app, client):
                settings = app.state.settings
                env = {
                    **os.environ,
                    "DATA_DIR": str(settings.data_dir),
                    "DATABASE_URL": database,
                    "JOBS_BROKER_URL": args.nats,
                    "JOBS_STREAM_PREFIX": prefix,
                    "JOBS_LEASE_SECONDS": "5",
                    "LOG_LEVEL": "WARNING",
                    "VALIDATOR_WARM_UP": "false",
                }
                with tempfile.TemporaryDirectory() as logs:
                    workers = Workers(env, Path(logs))
                    try:
                        await on_workers(client, workers, args)
                    finally:
                        workers.stop_all()
        finally:
            await drop_streams(args.nats, prefix)


async def on_workers(client: httpx.AsyncClient, workers: Workers, args: argparse.Namespace) -> None:
    workers.start()
    await added_latency(client, args.pairs, "NATS, 1 worker process")
    for count in (1, 2):
        while len(workers.running) < count:
            workers.start()
        base, _ = await count_done(client)
        start = time.perf_counter()
        ids = await submit_all(client, args.jobs, uuid.uuid4().hex[:6])
        seconds = await drain(client, len(ids), base, start)
        print(
            f"throughput, {count} worker process(es) x concurrency 2: {args.jobs} jobs in "
            f"{seconds:.1f} s = {args.jobs / seconds:.1f} jobs/s"
        )
    if args.burst <= 0:
        return
    base, _ = await count_done(client)
    started = time.perf_counter()
    ids = await submit_all(client, args.burst, uuid.uuid4().hex[:6])
    submitted = time.perf_counter() - started
    killed: list[float] = []

    async def kill_once(done: int) -> None:
        if not killed and done >= args.burst // 3:
            workers.kill(workers.running[0])
            killed.append(time.perf_counter() - started)
            workers.start()

    seconds = await drain(client, len(ids), base, started, kill_once)
    await report_burst(client, ids, submitted, seconds, killed)


async def report_burst(
    client: httpx.AsyncClient, ids: list[str], submitted: float, seconds: float, killed: list[float]
) -> None:
    statuses: dict[str, int] = {}
    attempts = 0
    for job_id in ids:
        job = (await client.get(f"{JOBS}/{job_id}")).json()
        statuses[job["status"]] = statuses.get(job["status"], 0) + 1
        attempts += job["attempts"] > 1
    ended_twice = pipelines_twice = 0
    for job_id in ids:
        events = (await client.get(f"{JOBS}/{job_id}/events")).text
        ended_twice += events.count('"status": "succeeded"') > 1
        pipelines_twice += events.count('"stage": "store", "status": "end"') > 1
    lost = len(ids) - statuses.get("succeeded", 0)
    print(
        f"burst of {len(ids)}: submitted in {submitted:.1f} s, drained in {seconds:.1f} s "
        f"({len(ids) / seconds:.1f} jobs/s) with a worker SIGKILLed at {killed[0]:.1f} s and "
        f"started again; statuses {statuses}; lost {lost}; redelivered {attempts}; ended twice "
        f"{ended_twice}; pipelines that reached `store` twice {pipelines_twice}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--nats", default="nats://127.0.0.1:4222")
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    async with app_client(log_level="WARNING", validator_warm_up=False) as (_, client):
        await added_latency(client, args.pairs, "embedded queue, in-process worker")
    await on_nats(args)


if __name__ == "__main__":
    asyncio.run(main())
