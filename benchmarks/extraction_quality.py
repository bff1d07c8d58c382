"""Extraction quality and speed on the embedded defaults.

Renders labelled components (benchmarks/extraction_components.py) with headless Chromium at
1280x800, posts each to POST /api/v1/extraction/screenshot in-process, and prints per-field
accuracy and latency. `--eval DIR` also scores a directory with a manifest.jsonl in the
extraction dev-set format (read in place, never copied).

    python benchmarks/extraction_quality.py [--per-type 4] [--eval ../shared/evals/extraction-dev]

Needs Debian's chromium (`apt-get install chromium`) or CHROMIUM=/path/to/chrome.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parent))
from componentforge.colours import delta_e_2000, parse_colour
from componentforge.config import load_settings
from componentforge.main import create_app
from extraction_components import BUILDERS, Sample, make

CACHE = Path(__file__).resolve().parent / ".cache" / "extraction"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1280,800",
]


def chromium() -> str:
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        sys.exit("chromium not found: apt-get install chromium, or set CHROMIUM=/path")
    return found


def render(sample: Sample, browser: str) -> Path:
    out = CACHE / f"{sample.name}.png"
    html = CACHE / f"{sample.name}.html"
    if out.exists() and html.exists() and html.read_text() == sample.html:
        return out
    html.write_text(sample.html)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}", html.as_uri()],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return out


def colour_ok(expected: str | None, got: str | None) -> bool | None:
    if expected is None:
        return None
    if got is None:
        return False
    a, b = parse_colour(expected), parse_colour(got)
    return a is not None and b is not None and delta_e_2000(a, b) < 5


def score(label: dict[str, Any], result: dict[str, Any]) -> dict[str, bool | None]:
    tokens = result["tokens"]
    colors = tokens["colors"]
    out: dict[str, bool | None] = {"type": result["component_type"] == label["component_type"]}
    for name in ("primary", "background", "foreground"):
        out[name] = colour_ok(label["colors"].get(name), colors.get(name))
    radius, got_radius = label.get("radius"), tokens["border"]["radius_px"]
    if radius is not None:
        shorter = min(label.get("height") or 9999, label.get("width") or 9999)
        pill_ok = radius == 9999 and got_radius is not None and got_radius >= shorter / 2
        out["radius"] = got_radius is not None and (
            pill_ok or abs(got_radius - radius) <= 2 or (radius == 9999 and got_radius == 9999)
        )
    typography = tokens["typography"]
    if label.get("font_size") is not None:
        size = typography["font_size_px"]
        out["font_size"] = size is not None and abs(size - label["font_size"]) <= 1
    if label.get("font_weight") is not None:
        weight = typography["font_weight"]
        out["font_weight"] = weight is not None and abs(weight - label["font_weight"]) <= 100
    if label.get("padding") is not None:
        px, py = label["padding"]
        spacing = tokens["spacing"]
        gx, gy = spacing["padding_x_px"], spacing["padding_y_px"]
        out["padding"] = (
            gx is not None and gy is not None and abs(gx - px) <= 3 and abs(gy - py) <= 3
        )
    return out


def own_set(per_type: int, browser: str) -> list[tuple[Path, dict[str, Any]]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    samples = [make(kind, i) for kind in BUILDERS for i in range(per_type)]
    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda s: render(s, browser), samples))
    return [
        (
            path,
            {
                "component_type": s.component_type,
                "colors": s.colors,
                "radius": s.radius,
                "font_size": s.font_size,
                "font_weight": s.font_weight,
                "padding": s.padding,
            },
        )
        for s, path in zip(samples, paths, strict=True)
    ]


def eval_set(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    items = []
    for line in (folder / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        items.append((folder / row["file"], label_of(row)))
    return items


def label_of(row: dict[str, Any]) -> dict[str, Any]:
    """A manifest row in the dev-set format as the label `score` reads."""
    t = row["tokens"]
    pad = t.get("padding_px")
    return {
        "component_type": row["component_type"],
        "colors": t["colors"],
        "radius": t.get("border_radius_px"),
        "font_size": t.get("font_size_px"),
        "font_weight": t.get("font_weight"),
        "padding": (pad["x"], pad["y"]) if pad else None,
        "width": row.get("width_px"),
        "height": row.get("height_px"),
    }


async def run(items: list[tuple[Path, dict[str, Any]]], title: str, show_misses: bool) -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=data, _env_file=None, rate_limit_enabled=False, validator_warm_up=False
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=120) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                fields: dict[str, list[bool]] = defaultdict(list)
                by_type: dict[str, list[bool]] = defaultdict(list)
                latencies: list[float] = []
                for path, label in items:
                    data_bytes = path.read_bytes()
                    start = time.perf_counter()
                    response = await client.post(
                        "/api/v1/extraction/screenshot",
                        files={"file": (path.name, data_bytes, "image/png")},
                    )
                    latencies.append((time.perf_counter() - start) * 1000)
                    response.raise_for_status()
                    result = response.json()
                    marks = score(label, result)
                    for name, ok in marks.items():
                        if ok is not None:
                            fields[name].append(ok)
                    by_type[label["component_type"]].append(bool(marks["type"]))
                    misses = [k for k, v in marks.items() if v is False]
                    if show_misses and misses:
                        kind = result["component_type"]
                        print(f"  {path.name}: {misses} -> {kind} {result['tokens']}")
    print(f"\n## {title}: {len(items)} screenshots")
    print("| field | accuracy | n |\n|---|---:|---:|")
    colours = fields["primary"] + fields["background"] + fields["foreground"]
    rows = [("colours (primary+background+foreground)", colours), *sorted(fields.items())]
    for name, values in rows:
        print(f"| {name} | {sum(values) / len(values):.3f} | {len(values)} |")
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"\nlatency per request: p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms")
    missed = {k: f"{sum(v)}/{len(v)}" for k, v in by_type.items() if not all(v)}
    print(f"types missed: {missed or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-type", type=int, default=4)
    parser.add_argument("--eval", type=Path, help="a folder with manifest.jsonl to score too")
    parser.add_argument("--misses", action="store_true", help="print each wrong field")
    args = parser.parse_args()
    items = own_set(args.per_type, chromium())
    asyncio.run(run(items, "rendered set (1280x800, 16 types)", args.misses))
    if args.eval:
        asyncio.run(run(eval_set(args.eval), f"eval set {args.eval.name}", args.misses))


if __name__ == "__main__":
    main()
