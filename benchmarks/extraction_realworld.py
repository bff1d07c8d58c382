"""Extraction on real CSS frameworks' components: accuracy per field by framework, type,
device scale factor and format, the text read, the confidence calibration, and latency.

The frameworks' stylesheets install from npm (pinned below) into benchmarks/.cache; their own
markup (benchmarks/realworld/components.mjs), and shadcn/ui's utility classes compiled by the
validator's Tailwind with the shadcn theme, are rendered by the validator's headless Chromium
(@sparticuz/chromium) at DPR 1, 2 and 3 as PNG, and at 1 and 2 as JPEG and WebP; the ground
truth is the browser's computed styles in CSS px (benchmarks/realworld/render.mjs). Each
screenshot goes through POST /api/v1/extraction/screenshot in-process on the embedded
defaults, with no scale given: the service finds it.

    python benchmarks/extraction_realworld.py [--render] [--misses]
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parent))
from componentforge.config import load_settings
from componentforge.main import create_app
from extraction_quality import colour_ok, label_of, score

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "realworld"
SHOTS = CACHE / "shots"
FRAMEWORKS = ["spectre.css@0.5.9", "foundation-sites@6.9.0", "fomantic-ui-css@2.9.3"]
MEDIA = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
FIELDS = ["type", "primary", "background", "foreground", "border", "radius", "font_size"]
FIELDS += ["font_weight"]
FIELDS += ["padding", "text_exact", "text_similarity"]
BINS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def render(force: bool) -> Path:
    modules = CACHE / "frameworks" / "node_modules"
    if not modules.exists():
        (CACHE / "frameworks").mkdir(parents=True, exist_ok=True)
        (CACHE / "frameworks" / "package.json").write_text('{"private": true}\n')
        subprocess.run(
            [
                shutil.which("npm") or "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                *FRAMEWORKS,
            ],
            cwd=CACHE / "frameworks",
            check=True,
        )
    if force or not (SHOTS / "manifest.jsonl").exists():
        subprocess.run(
            [
                shutil.which("node") or "node",
                str(HERE / "realworld" / "render.mjs"),
                str(SHOTS),
                str(modules),
            ],
            check=True,
        )
    return SHOTS / "manifest.jsonl"


def normal(text: str) -> str:
    return " ".join(text.lower().split())


def marks_of(row: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    marks: dict[str, Any] = score(label_of(row), result)
    # The border colour too, where the truth has a border (score() leaves it out).
    border = row["tokens"]["colors"].get("border")
    marks["border"] = colour_ok(border, result["tokens"]["colors"].get("border"))
    expected = row["tokens"].get("text") or ""
    if expected:
        got = (result.get("content") or {}).get("text") or ""
        marks["text_exact"] = normal(got) == normal(expected)
        marks["text_similarity"] = difflib.SequenceMatcher(
            None, normal(got), normal(expected)
        ).ratio()
    return marks


def table(title: str, groups: dict[str, dict[str, list[float]]]) -> None:
    names = sorted(groups)
    print(f"\n### {title}\n")
    print("| field | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for field in FIELDS:
        cells = []
        for name in names:
            values = groups[name].get(field, [])
            cells.append(f"{sum(values) / len(values):.2f} ({len(values)})" if values else "-")
        print(f"| {field} | " + " | ".join(cells) + " |")


async def extract(
    client: httpx.AsyncClient, folder: Path, row: dict[str, Any]
) -> tuple[float, httpx.Response]:
    """One screenshot through the endpoint: how long it took (ms), and the answer."""
    path = folder / row["file"]
    files = {"file": (path.name, path.read_bytes(), MEDIA[row["format"]])}
    start = time.perf_counter()
    response = await client.post("/api/v1/extraction/screenshot", files=files)
    return (time.perf_counter() - start) * 1000, response


def gaps(base: dict[str, list[float]], subsets: dict[str, dict[str, list[float]]]) -> None:
    """Each subset against the DPR-1 PNG figures, to three places: the target allows 0.05."""
    names = sorted(subsets)
    print("\n### against DPR 1 PNG (target: within 0.05)\n")
    print("| field | DPR 1 PNG | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for field in FIELDS:
        if not base.get(field):
            continue
        reference = sum(base[field]) / len(base[field])
        cells = []
        for name in names:
            values = subsets[name].get(field, [])
            if not values:
                cells.append("-")
                continue
            share = sum(values) / len(values)
            mark = "" if round(reference - share, 9) <= 0.05 else " (over 0.05)"
            cells.append(f"{share:.3f}{mark}")
        print(f"| {field} | {reference:.3f} | " + " | ".join(cells) + " |")


async def run(manifest: Path, misses: bool) -> None:
    text = await asyncio.to_thread(manifest.read_text)
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    by: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    calibration: list[tuple[float, bool]] = []
    latencies: list[float] = []
    errors = 0
    # Frames reported where the truth has none (the border field scores only where it has).
    false_frames: list[bool] = []
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=data, _env_file=None, rate_limit_enabled=False, validator_warm_up=False
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=120) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                # The first request loads the recogniser and draws the faces (a service does
                # that at start-up): timed apart, not among the screenshots' latencies.
                cold, _ = await extract(client, manifest.parent, rows[0])
                for row in rows:
                    took, response = await extract(client, manifest.parent, row)
                    latencies.append(took)
                    if response.status_code != 200:
                        errors += 1
                        print(f"  {row['file']}: {response.status_code} {response.text[:200]}")
                        continue
                    result = response.json()
                    marks = marks_of(row, result)
                    calibration.append((result["confidence"], bool(marks["type"])))
                    if row["tokens"]["colors"].get("border") is None:
                        false_frames.append(result["tokens"]["colors"].get("border") is not None)
                    keys = {
                        "all": "all",
                        "framework": row["framework"],
                        "dpr": f"{row['dpr']}x",
                        "format": row["format"],
                        "type": row["component_type"],
                    }
                    if row["dpr"] == 1 and row["format"] == "png":
                        keys["subset"] = "DPR 1 PNG"
                    for group, key in keys.items():
                        for name, value in marks.items():
                            if value is not None:
                                by[group][key][name].append(float(value))
                    wrong = [k for k, v in marks.items() if v is False]
                    if misses and wrong:
                        got = (result.get("content") or {}).get("text")
                        print(
                            f"  {row['file']}: {wrong} -> {result['component_type']} "
                            f"scale={result['scale']['factor']} text={got!r}"
                        )
    n = len(rows)
    print(f"\n## Real-framework screenshots: {n} ({n - errors} answered, {errors} errors)")
    table("all, and the DPR-1 PNG subset", {**by["all"], **by["subset"]})
    table("by framework", by["framework"])
    table("by device scale factor", by["dpr"])
    table("by format", by["format"])
    gaps(by["subset"]["DPR 1 PNG"], {"DPR 2": by["dpr"]["2x"], "JPEG": by["format"]["jpeg"]})
    print("\n### type by component type\n")
    print("| type | right | n |\n|---|---:|---:|")
    for kind, marks in sorted(by["type"].items()):
        values = marks["type"]
        print(f"| {kind} | {sum(values) / len(values):.2f} | {len(values)} |")
    print("\n### confidence calibration (type)\n")
    print("| confidence | answers | right |\n|---|---:|---:|")
    for lo, hi in BINS:
        inside = [ok for c, ok in calibration if lo <= c < hi]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "-"
        print(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {len(inside)} | {share} |")
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"\nframes reported where the truth has none: {sum(false_frames)} of {len(false_frames)}")
    print(f"\nthe first request after start (cold, not counted below): {cold:.0f} ms")
    print(f"\nlatency per screenshot: p50 {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", action="store_true", help="render the screenshots again")
    parser.add_argument("--misses", action="store_true", help="print each miss")
    args = parser.parse_args()
    asyncio.run(run(render(args.render), args.misses))


if __name__ == "__main__":
    main()
