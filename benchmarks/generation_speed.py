"""Generation latency on the embedded defaults: the L1 hit path against GET /health in the same
run, a full offline generation with validation, and 32 concurrent clients on cached requests.

The first two run in process (ASGI, no network); the load test starts `componentforge serve`
and talks HTTP to it, so it includes uvicorn and the loopback.

    python benchmarks/generation_speed.py [--requests 500] [--seconds 30] [--clients 32]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from inprocess import app_client, free_port

BODY = {
    "pattern_id": "shadcn-button",
    "component_name": "SaveButton",
    "tokens": {"colors": {"primary": "#2563eb", "primary_foreground": "#ffffff"}},
    "requirements": {"props": ["loading"], "events": ["onClick"], "states": ["loading"]},
}
GENERATE = "/api/v1/generation/generate"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def in_process(requests: int) -> None:
    async with app_client() as (app, client):
        full = []
        for n in range(20):  # distinct names: every one a miss
            r = await client.post(GENERATE, json={**BODY, "component_name": f"Save{n}"})
            full.append(r.json()["latency_ms"])
        await client.post(GENERATE, json=BODY)  # fills the cache
        hit_server, hit_client, health = [], [], []
        for _ in range(requests):
            start = time.perf_counter()
            r = await client.post(GENERATE, json=BODY)
            hit_client.append((time.perf_counter() - start) * 1000)
            assert r.json()["cache_layer"] == "L1"
            hit_server.append(r.json()["latency_ms"])
            start = time.perf_counter()
            await client.get("/health")
            health.append((time.perf_counter() - start) * 1000)
        await app.state.services.generation.drain()
    print(
        f"full offline generation with validation: p50 {statistics.median(full):.0f} ms, "
        f"p95 {pct(full, 0.95):.0f} ms (server)"
    )
    print(
        f"L1 hit, server-side: p50 {statistics.median(hit_server):.2f} ms, "
        f"p99 {pct(hit_server, 0.99):.2f} ms"
    )
    h50, c50 = statistics.median(health), statistics.median(hit_client)
    print(
        f"L1 hit, round trip in process: p50 {c50:.2f} ms, p99 {pct(hit_client, 0.99):.2f} ms; "
        f"GET /health p50 {h50:.2f} ms, p99 {pct(health, 0.99):.2f} ms; ratio {c50 / h50:.1f}x"
    )


async def load(seconds: float, clients: int) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "DATA_DIR": data,
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        serve = [str(Path(sys.executable).parent / "componentforge"), "serve", "--port", str(port)]
        server = await asyncio.create_subprocess_exec(
            *serve, env=env, stdout=asyncio.subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(
                base_url=base, timeout=60, limits=httpx.Limits(max_connections=clients)
            ) as client:
                for _ in range(600):
                    try:
                        if (await client.get("/health")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
                (await client.post(GENERATE, json=BODY)).raise_for_status()
                done, errors, latencies = 0, 0, []
                kinds: collections.Counter[str] = collections.Counter()
                stop = time.perf_counter() + seconds

                async def user() -> None:
                    nonlocal done, errors
                    while time.perf_counter() < stop:
                        start = time.perf_counter()
                        try:
                            r = await client.post(GENERATE, json=BODY)
                            ok = r.status_code == 200 and r.json()["cache_layer"] == "L1"
                            if not ok:
                                kinds[f"{r.status_code} {r.text[:160]}"] += 1
                        except httpx.HTTPError as exc:
                            ok = False
                            kinds[f"{type(exc).__name__} {exc}"] += 1
                        latencies.append((time.perf_counter() - start) * 1000)
                        done += 1
                        errors += not ok

                began = time.perf_counter()
                await asyncio.gather(*(user() for _ in range(clients)))
                elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 30)
    print(
        f"{clients} clients x {seconds:.0f} s on cached requests over HTTP: {done} requests, "
        f"{errors} errors, {done / elapsed:.0f} requests/s, p50 {statistics.median(latencies):.1f}"
        f" ms, p99 {pct(latencies, 0.99):.1f} ms"
    )
    for kind, count in kinds.most_common():
        print(f"  error x{count}: {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    asyncio.run(in_process(args.requests))
    asyncio.run(load(args.seconds, args.clients))


if __name__ == "__main__":
    main()
