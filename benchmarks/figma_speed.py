"""Figma extraction latency: our own cost per request, cached and not.

A loopback server speaking Figma's REST protocol (the tests' hand-written design-system file)
answers at once, so the figures are the service's overhead: the HTTP calls to "Figma", the
cache, reading the node and the requirements graph. Real Figma adds its own round trips
(typically a few hundred ms) to every miss and nothing to a hit.

    python benchmarks/figma_speed.py [--requests 200] [--redis redis://127.0.0.1:6379/15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.figma_files import FILE_KEY, TOKEN, figma_api
from tests.support.recorder import RecordingServer

from componentforge.config import load_settings
from componentforge.main import create_app


async def measure(figma_url: str, requests: int, cache_seconds: float, redis: str | None) -> str:
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=data,
            _env_file=None,
            rate_limit_enabled=False,
            validator_warm_up=False,
            figma_base_url=figma_url,
            figma_token=TOKEN,
            figma_cache_seconds=cache_seconds,
            redis_url=redis,
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=120) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                body = {"file_key": FILE_KEY, "node_id": "1:2"}
                await client.post("/api/v1/extraction/figma", json=body)  # warm up
                latencies = []
                for _ in range(requests):
                    start = time.perf_counter()
                    response = await client.post("/api/v1/extraction/figma", json=body)
                    latencies.append((time.perf_counter() - start) * 1000)
                    response.raise_for_status()
                cache = response.json()["figma"]["cache"]
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return f"p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms (cache {cache})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis", help="also measure with the cache in this Redis")
    args = parser.parse_args()
    figma = RecordingServer(figma_api)
    try:
        print("| cache | Figma asked | latency |\n|---|---|---|")
        for backend in ["in process", *(["redis"] if args.redis else [])]:
            redis = args.redis if backend == "redis" else None
            for label, seconds in (("every request", 0.0), ("once (hits)", 300.0)):
                figures = asyncio.run(measure(figma.url, args.requests, seconds, redis))
                print(f"| {backend} | {label} | {figures} |")
    finally:
        figma.close()


if __name__ == "__main__":
    main()
