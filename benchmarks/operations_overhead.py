"""What operations cost: LangSmith tracing on a generation, and a Prometheus scrape with one
worker against two workers sharing their metrics (PROMETHEUS_MULTIPROC_DIR).

Tracing posts to a local HTTP sink that answers as LangSmith does, so the figure is our side of
the cost (building runs, queueing them for the client's background thread), not a network's.
Scrapes go over HTTP to `componentforge serve`.

    python benchmarks/operations_overhead.py [--requests 300] [--scrapes 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from componentforge.config import load_settings
from componentforge.main import create_app

BODY = {
    "pattern_id": "shadcn-button",
    "component_name": "SaveButton",
    "tokens": {"colors": {"primary": "#2563eb"}},
    "requirements": {"props": ["loading"], "events": ["onClick"]},
}
GENERATE = "/api/v1/generation/generate"
LANGSMITH_INFO = {
    "version": "0.10",
    "batch_ingest_config": {
        "use_multipart_endpoint": False,
        "scale_up_qsize_trigger": 1000,
        "scale_up_nthreads_limit": 16,
        "scale_down_nempty_trigger": 4,
        "size_limit": 100,
        "size_limit_bytes": 20971520,
    },
}


class Sink(BaseHTTPRequestHandler):
    """Answers like LangSmith's ingest API and counts the runs it is sent."""

    runs = 0

    def _answer(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(LANGSMITH_INFO if self.path.startswith("/info") else {})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/runs/batch"):
            Sink.runs += len(json.loads(body).get("post", []))
        self._answer({})

    def log_message(self, format: str, *args: Any) -> None:
        return


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def generations(requests: int, **overrides: Any) -> tuple[list[float], list[float]]:
    """Full offline generations with validation (20 distinct), then `requests` L1 hits:
    server-side latencies of each."""
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=data, _env_file=None, rate_limit_enabled=False, **overrides
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=180) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=120
            ) as client:
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    off = asyncio.run(generations(requests))
    on = asyncio.run(
        generations(requests, langsmith_api_key="lsv2-bench", langsmith_endpoint=endpoint)
    )
    server.shutdown()
    for label, (full, hits) in (("tracing off", off), ("tracing on ", on)):
        print(
            f"{label}: full generation p50 {statistics.median(full):.0f} ms, "
            f"p95 {pct(full, 0.95):.0f} ms; L1 hit p50 {statistics.median(hits):.2f} ms, "
            f"p99 {pct(hits, 0.99):.2f} ms"
        )
    print(f"runs posted to the sink: {Sink.runs} for {20 + 1 + requests} generations")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def scrapes(count: int, workers: int, folder: Path | None) -> list[float]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(DATA_DIR=str(Path(tempfile.mkdtemp()) / "data"), WEB_CONCURRENCY=str(workers))
    if folder is not None:
        env["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
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
