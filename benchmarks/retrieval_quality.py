"""Retrieval quality (top-1, top-3, MRR for BM25, semantic and fusion) and search latency.

The labelled queries are in benchmarks/data/retrieval_queries.jsonl (four per pattern: a plain
need, the name people use, behaviour only, structured requirements). A result counts when its
pattern id is `expected` or in `acceptable`. Latency is measured through the HTTP API in-process
(ASGI; middleware, validation and serialisation included), embedded defaults.

Run: `make bench` or `.venv/bin/python benchmarks/retrieval_quality.py [--set FILE.jsonl]`.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from componentforge.config import load_settings
from componentforge.main import create_app
from componentforge.schemas.retrieval import SearchRequest, Weights
from componentforge.services.retrieval import RetrievalService

DATA = Path(__file__).parent / "data" / "retrieval_queries.jsonl"
MODES = {"bm25": (1.0, 0.0), "semantic": (0.0, 1.0), "fusion": (0.3, 0.7)}


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def request_for(item: dict[str, Any], weights: tuple[float, float] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"top_k": 10}
    if item.get("query"):
        body["query"] = item["query"]
    if item.get("requirements"):
        body["requirements"] = item["requirements"]
    if item.get("component_type_hint"):
        body["component_type"] = item["component_type_hint"]
    if weights is not None:
        body["weights"] = {"bm25": weights[0], "semantic": weights[1]}
    return body


def rank_of(ids: list[str], item: dict[str, Any]) -> int | None:
    good = {item["expected"], *item.get("acceptable", [])}
    return next((i + 1 for i, pid in enumerate(ids) if pid in good), None)


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "top1": sum(r == 1 for r in ranks) / n,
        "top3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


async def quality(service: RetrievalService, items: list[dict[str, Any]]) -> dict[str, Any]:
    ranks: dict[str, list[int | None]] = defaultdict(list)
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    misses = []
    for item in items:
        for mode, weights in MODES.items():
            body = request_for(item, None)
            body["weights"] = Weights(bm25=weights[0], semantic=weights[1])
            response = await service.search(SearchRequest(**body))
            ids = [r.pattern_id for r in response.results]
            rank = rank_of(ids, item)
            ranks[mode].append(rank)
            if mode == "fusion":
                by_kind[item.get("kind", "all")].append(rank)
                if rank != 1:
                    misses.append((item.get("query"), item["expected"], ids[:3]))
    return {
        "modes": {mode: metrics(r) for mode, r in ranks.items()},
        "kinds": {kind: metrics(r) for kind, r in sorted(by_kind.items())},
        "misses": misses,
    }


async def latency(
    client: httpx.AsyncClient, items: list[dict[str, Any]], rounds: int
) -> dict[str, float]:
    for item in items[:10]:
        await client.post("/api/v1/retrieval/search", json=request_for(item, None))
    samples = []
    for _ in range(rounds):
        for item in items:
            body = request_for(item, None)
            body["top_k"] = 3
            start = time.perf_counter()
            response = await client.post("/api/v1/retrieval/search", json=body)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.text
            assert not response.json()["degraded"], response.json()["degraded_reason"]
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)],
        "mean": statistics.fmean(ordered),
    }


async def main(path: Path, rounds: int, show_misses: bool) -> None:
    items = load(path)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            _env_file=None, data_dir=Path(tmp), rate_limit_enabled=False, log_level="WARNING"
        )
        app = create_app(settings)
        real_stdout, sys.stdout = sys.stdout, io.StringIO()  # keep access lines out of the table
        try:
            async with LifespanManager(app) as manager:
                service: RetrievalService = app.state.services.retrieval
                result = await quality(service, items)
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://bench"
                ) as client:
                    timing = await latency(client, items, rounds)
        finally:
            sys.stdout = real_stdout

    print(f"{path.name}: {len(items)} queries, {len({i['expected'] for i in items})} patterns")
    print("\n| retriever | top-1 | top-3 | MRR |\n|---|---:|---:|---:|")
    for mode, m in result["modes"].items():
        print(f"| {mode} | {m['top1']:.3f} | {m['top3']:.3f} | {m['mrr']:.3f} |")
    print("\n| fusion, by kind of query | top-1 | top-3 | MRR |\n|---|---:|---:|---:|")
    for kind, m in result["kinds"].items():
        print(f"| {kind} | {m['top1']:.3f} | {m['top3']:.3f} | {m['mrr']:.3f} |")
    print(
        f"\nsearch through the API, {timing['n']} requests: p50 {timing['p50']:.2f} ms, "
        f"p99 {timing['p99']:.2f} ms, mean {timing['mean']:.2f} ms"
    )
    if show_misses:
        print("\nfusion misses at rank 1 (query, expected, top 3):")
        for query, expected, top in result["misses"]:
            print(f"  {query!r}: {expected} -> {top}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DATA, help="labelled queries (JSON lines)")
    parser.add_argument("--rounds", type=int, default=3, help="latency passes over the set")
    parser.add_argument("--misses", action="store_true", help="list queries fusion missed")
    args = parser.parse_args()
    asyncio.run(main(args.set, args.rounds, args.misses))
