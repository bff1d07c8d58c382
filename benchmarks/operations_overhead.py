"""What operations cost: LangSmith tracing on a generation, and a Prometheus scrape with one
worker against two workers sharing their metrics (PROMETHEUS_MULTIPROC_DIR).

Tracing posts to a local HTTP server that answers as LangSmith does (the tests' own), so the
figure is our side of the cost (building runs, queueing them for the client's background
thread), not a network's.
Scrapes go over HTTP to `componentforge serve`.

    python benchmarks/operations_overhead.py [--requests 300] [--scrapes 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from inprocess import app_client, free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.protocols import langsmith, posted_runs
from tests.support.recorder import RecordingServer

BODY = {
    "pattern_id": "shadcn-button",
    "component_name": "SaveButton",
    "tokens": {"colors": {"primary": "#2563eb"}},
    "requirements": {"props": ["loading"], "events": ["onClick"]},
}
GENERATE = "/api/v1/generation/generate"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def generations(requests: int, **overrides: Any) -> tuple[list[float], list[float]]:
    """Full offline generations with validation (20 distinct), then `requests` L1 hits:
    server-side latencies of each."""
    async with app_client(**overrides) as (app, client):
        full = []
        for n in range(20):
            r = await client.post(GENERATE, json={**BODY, "component_name": f"Save{n}"})
            full.append(r.json()["latency_ms"])
        await client.post(GENERATE, json=BODY)
        hits = []
        for _ in range(requests):
            r = await client.post(GENERATE, json=BODY)
            assert r.json()["cache_layer"] == "L1", r.text
            hits.append(r.json()["latency_ms"])
        await app.state.services.generation.drain()
        await app.state.resources.tracer.flush()
    return full, hits


def tracing(requests: int) -> None:
    sink = RecordingServer(langsmith)
    off = asyncio.run(generations(requests))
    on = asyncio.run(
        generations(requests, langsmith_api_key="lsv2-bench", langsmith_endpoint=sink.url)
    )
    sink.close()
    for label, (full, hits) in (("tracing off", off), ("tracing on ", on)):
        print(
            f"{label}: full generation p50 {statistics.median(full):.0f} ms, "
            f"p95 {pct(full, 0.95):.0f} ms; L1 hit p50 {statistics.median(hits):.2f} ms, "
            f"p99 {pct(hits, 0.99):.2f} ms"
        )
    runs = len(posted_runs(sink.requests))
    print(f"runs posted to the local LangSmith: {runs} for {20 + 1 + requests} generations")


def scrapes(count: int, workers: int, folder: Path | None) -> list[float]:
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
        env.update(DATA_DIR=data, WEB_CONCURRENCY=str(workers))
        if folder is not None:
            env["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
        return scrape(count, env)


def scrape(count: int, env: dict[str, str]) -> list[float]:
    """`count` timed scrapes of `componentforge serve` started with `env`."""
    port = free_port()
    cli = Path(sys.executable).parent / "componentforge"
    process = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        with httpx.Client(base_url=url) as client:
            for _ in range(200):  # samples in every family the system dashboard reads
                client.get("/health")
                client.get("/nope")
            times = []
            for _ in range(count):
                start = time.perf_counter()
                assert client.get("/metrics").status_code == 200
                times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


def scraping(count: int) -> None:
    one = scrapes(count, 1, None)
    with tempfile.TemporaryDirectory() as folder:
        two = scrapes(count, 2, Path(folder))
    for label, times in (("1 worker, own registry", one), ("2 workers, merged", two)):
        print(
            f"GET /metrics, {label}: p50 {statistics.median(times):.2f} ms, "
            f"p99 {pct(times, 0.99):.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--scrapes", type=int, default=200)
    args = parser.parse_args()
    tracing(args.requests)
    scraping(args.scrapes)


if __name__ == "__main__":
    main()
