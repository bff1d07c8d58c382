"""Search throughput, and whether the event loop keeps serving while CPU work runs.

One `componentforge serve` process (one uvicorn worker, embedded defaults) is loaded by `wrk`
(`apt-get install wrk`) with `POST /api/v1/retrieval/search`:
- one repeated query at 8 connections (its vector comes from the query cache);
- distinct queries (each request's text is new) at 1 and at 8 connections: the embedding runs
  in a bounded pool of threads, so more connections should mean more searches per second;
- `GET /health` latency, sampled by a Python client in a process of its own, while distinct
  searches and screenshot extractions load the server: the loop must answer it at once.

Targets (issue 16): repeated ≥ 1,000 req/s; distinct at 8 connections ≥ 1.6 times distinct at 1;
`/health` p99 < 20 ms under that load.

Run: `make bench` (or `.venv/bin/python benchmarks/search_throughput.py [--seconds N]`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import sys
import tempfile
import threading
import time
from argparse import SUPPRESS
from asyncio.subprocess import PIPE
from pathlib import Path

import httpx

from middleware_overhead import over_wrk, percentile, start_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.drawing import component_png

WRK = shutil.which("wrk") or "wrk"
QUERIES = Path(__file__).parent / "data" / "retrieval_queries.jsonl"
SEARCH = "/api/v1/retrieval/search"

# wrk's Lua: the same body every time, or a new query text per request (a counter appended
# to the benchmark's queries, so the query cache never answers).
REPEATED = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query": "a toggle for dark mode in the settings page"}'
"""
DISTINCT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local queries = {%s}
local n = 0
request = function()
  n = n + 1
  local q = queries[(n %% #queries) + 1] .. " " .. n
  return wrk.format(nil, nil, nil, '{"query": "' .. q .. '"}')
end
"""


def wrk(url: str, script: str, connections: int, seconds: int) -> dict[str, float]:
    return over_wrk(WRK, url, SEARCH, seconds, connections, script)


def distinct_script() -> str:
    rows = [json.loads(line) for line in QUERIES.read_text().splitlines() if line]
    texts = [r["query"] for r in rows if r["query"]]
    quoted = ", ".join(json.dumps(t.replace('"', "")) for t in texts)
    return DISTINCT % quoted


def sample_health(url: str, seconds: float) -> list[float]:
    """`/health` latencies (ms), one request every 20 ms. Run in a process of its own (see
    `loaded_health`), so the figure is the server's, not this process's other clients'."""
    latencies: list[float] = []
    with httpx.Client(base_url=url, timeout=10) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            start = time.perf_counter()
            r = client.get("/health")
            latencies.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200
            time.sleep(0.02)
    return latencies


async def extractions(url: str, stop: threading.Event) -> int:
    """Screenshot extractions back to back (two at a time) until `stop`."""
    image = component_png("button")
    done = 0
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def one_after_another() -> None:
            nonlocal done
            while not stop.is_set():
                files = {"file": ("shot.png", image, "image/png")}
                r = await client.post("/api/v1/extraction/screenshot", files=files)
                assert r.status_code == 200, r.text
                done += 1

        await asyncio.gather(one_after_another(), one_after_another())
    return done


async def loaded_health(url: str, seconds: int) -> tuple[list[float], int]:
    stop = threading.Event()
    searches = threading.Thread(target=lambda: wrk(url, distinct_script(), 4, seconds), daemon=True)
    searches.start()
    shots = asyncio.create_task(extractions(url, stop))
    sampler = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--sample-health", url, str(seconds), stdout=PIPE
    )
    out, _ = await sampler.communicate()
    stop.set()
    done = await shots
    searches.join()
    return json.loads(out), done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--sample-health", nargs=2, metavar=("URL", "SECONDS"), help=SUPPRESS)
    args = parser.parse_args()
    if args.sample_health:
        url, seconds = args.sample_health
        print(json.dumps(sample_health(url, float(seconds))))
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_server(tmp)
        try:
            for _ in range(20):  # warm: the index, the model's first runs
                httpx.post(url + SEARCH, json={"query": "warm up"}, timeout=30)
            repeated = wrk(url, REPEATED, 8, args.seconds)
            one = wrk(url, distinct_script(), 1, args.seconds)
            eight = wrk(url, distinct_script(), 8, args.seconds)
            latencies, shots = asyncio.run(loaded_health(url, args.seconds))
        finally:
            process.terminate()
            process.wait(30)
    print(f"\nSearch throughput ({platform.machine()}, {args.seconds} s per case, wrk, 1 worker)")
    print(f"| {'case':<36} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} |")
    print(f"|{'-' * 38}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for name, r in (
        ("repeated query, 8 connections", repeated),
        ("distinct queries, 1 connection", one),
        ("distinct queries, 8 connections", eight),
    ):
        print(f"| {name:<36} | {r['rps']:>7.0f} | {r['p50']:>7.2f} | {r['p99']:>7.2f} |")
    ratio = eight["rps"] / one["rps"]
    p99 = percentile(latencies, 0.99)
    print(f"\ndistinct 8 / 1 connections: {ratio:.2f}x (target >= 1.6x)")
    print(f"repeated query: {repeated['rps']:.0f} req/s (target >= 1,000)")
    print(
        f"GET /health under 4 search connections + 2 extraction streams ({shots} extractions): "
        f"p50 {percentile(latencies, 0.5):.2f} ms, p99 {p99:.2f} ms over {len(latencies)} "
        "requests (target p99 < 20 ms)"
    )


if __name__ == "__main__":
    main()
