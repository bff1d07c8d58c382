"""Overhead of the middleware stack: `GET /health` and a 404, in-process and over HTTP.

In-process, each request is one call of the ASGI app (no sockets), so the figures are the
app's own cost; a bare FastAPI app with the same handler and no middleware is the baseline.
Over HTTP, a `componentforge serve` process (one uvicorn worker) is loaded by `wrk` when it is
installed (`apt-get install wrk`), else by a Python client; either shares the machine's cores
with the server, so requests/s is a floor.

Run: `make bench` (or `.venv/bin/python benchmarks/middleware_overhead.py [--quick]`).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from componentforge.config import load_settings
from componentforge.main import create_app

Call = Callable[[str], Awaitable[int]]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def asgi_caller(app: Any) -> Call:
    async def call(path: str) -> int:
        status = 0
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"bench")],
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
        }
        await app(scope, receive, send)
        return status

    return call


async def measure_in_process(call: Call, path: str, n: int) -> dict[str, float]:
    for _ in range(200):
        await call(path)
    latencies = []
    start = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        await call(path)
        latencies.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - start
    return {
        "rps": n / elapsed,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
    }


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def in_process(n: int) -> list[tuple[str, dict[str, float]]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(_env_file=None, data_dir=Path(tmp), log_level="WARNING")
        app = create_app(settings)
        import logging

        logging.getLogger("componentforge.access").setLevel(logging.INFO)
        # Access lines are part of the cost, but printing 10k of them would drown the table.
        real_stdout, sys.stdout = sys.stdout, io.StringIO()
        try:
            async with LifespanManager(app) as manager:
                call = asgi_caller(manager.app)
                assert await call("/health") == 200 and await call("/nope") == 404
                rows.append(
                    ("full stack  GET /health", await measure_in_process(call, "/health", n))
                )
                rows.append(
                    ("full stack  GET /nope (404)", await measure_in_process(call, "/nope", n))
                )
            bare = asgi_caller(bare_app())
            rows.append(("bare FastAPI GET /health", await measure_in_process(bare, "/health", n)))
            rows.append(
                ("bare FastAPI GET /nope (404)", await measure_in_process(bare, "/nope", n))
            )
        finally:
            sys.stdout = real_stdout
    return rows


async def over_http(url: str, path: str, n: int, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits) as client:
        for _ in range(100):
            await client.get(path)
        queue = iter(range(n))

        async def worker() -> None:
            for _ in queue:
                t = time.perf_counter()
                await client.get(path)
                latencies.append((time.perf_counter() - t) * 1000)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {
        "rps": n / elapsed,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
    }


def over_wrk(
    wrk: str, url: str, path: str, seconds: int, concurrency: int, script: str | None = None
) -> dict[str, float]:
    """wrk (C, one thread) loads the server with far less client overhead than Python;
    `script` is wrk Lua that shapes the requests (method, body). Failed requests stop it."""
    with tempfile.TemporaryDirectory() as tmp:
        lua = ["-s", str(Path(tmp) / "requests.lua")] if script is not None else []
        if script is not None:
            Path(lua[1]).write_text(script)
        out = subprocess.run(
            [wrk, "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", *lua, url + path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{errors.group(1)} requests to {path} failed:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    dist = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    return {"rps": rps, "p50": _ms(dist["50"]), "p99": _ms(dist["99"])}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def start_server(tmp: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATA_DIR": tmp, "RATE_LIMIT_ENABLED": "false"}
    cli = Path(sys.executable).with_name("componentforge")
    process = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)],
        env=env,
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/health").status_code == 200:
                wait_warm(url)
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not start")


def wait_warm(url: str, within: float = 120.0) -> None:
    """Until the validator's Node workers have warmed up (seconds of CPU each, on the same
    cores as the server): figures taken meanwhile measure the warm-up, not the server."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        health = httpx.get(f"{url}/api/v1/health", timeout=10).json()
        info: dict[str, int] = next(
            (d["info"] for d in health["dependencies"] if d["name"] == "validator"), {}
        )
        if info.get("warmed", 0) >= info.get("workers", 0):
            return
        time.sleep(0.5)


def print_table(title: str, rows: list[tuple[str, dict[str, float]]]) -> None:
    print(f"\n{title}")
    print(f"| {'case':<30} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 9}|{'-' * 9}|")
    for name, r in rows:
        print(f"| {name:<30} | {r['rps']:>8.0f} | {r['p50']:>7.3f} | {r['p99']:>7.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for a smoke run")
    args = parser.parse_args()
    n_local, n_http, concurrency = (1000, 500, 8) if args.quick else (10000, 5000, 16)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    rows = asyncio.run(in_process(n_local))
    print_table(f"In-process ASGI, {n_local} sequential requests", rows)
    full, bare = rows[0][1]["p50"], rows[2][1]["p50"]
    print(f"middleware overhead on GET /health (p50): {full - bare:.3f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_server(tmp)
        try:
            wrk = shutil.which("wrk")
            if wrk:
                seconds = 3 if args.quick else 10
                title = f"HTTP (wrk), 1 uvicorn worker, {concurrency} connections, {seconds} s"
                http_rows = [
                    (f"GET {p}", over_wrk(wrk, url, p, seconds, concurrency))
                    for p in ("/health", "/nope")
                ]
            else:
                title = f"HTTP (Python client), 1 uvicorn worker, {concurrency} clients, {n_http}"
                http_rows = [
                    (f"GET {p}", asyncio.run(over_http(url, p, n_http, concurrency)))
                    for p in ("/health", "/nope")
                ]
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)
    print_table(title, http_rows)
    print(f"\nmedian of in-process p50s: {statistics.median(r['p50'] for _, r in rows):.3f} ms")


if __name__ == "__main__":
    main()
