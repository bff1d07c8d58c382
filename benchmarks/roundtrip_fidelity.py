"""Does the generated component look like its screenshot? Screenshot → POST
/api/v1/generation/from-screenshot (defaults: validation, the preview in headless Chromium, the
visual check, the visual fix rounds) → the visual check's figures, per component type:

- text exact: the preview's visible text equals what the screenshot shows (case and spaces
  aside; the extraction's reading of it), and `truth in text`: the labelled main text of the
  screenshot appears in the preview;
- surface and text colour within ΔE2000 < 5, the box within 10% each way, SSIM (greyscale, at
  the screenshot's size), render errors;
- per-part position error: the text runs extraction finds in the input crop and in the preview
  (at the same size), matched in reading order, mean distance of their centres in CSS px;
- the preview render's own time (`render_ms`), the contrast audit after it, and the whole
  call's.

Sets: the synthetic dev set in ../shared/evals/extraction-dev, and the real-framework set of
benchmarks/extraction_realworld.py (DPR 1 and 2 PNG; `--render` builds it first).

    python benchmarks/roundtrip_fidelity.py [--set synthetic|realworld|both] [--limit N]
        [--type checkbox ...] [--save DIR]

`--save DIR` writes each screenshot's input crop, preview and difference image as the visual
check saw them (`<shot>.reference.png`, `.preview.png`, `.difference.png`), to look at.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_realworld import MEDIA, SHOTS, normal
from extraction_realworld import render as render_realworld
from inprocess import app_client

HERE = Path(__file__).resolve().parent
SYNTHETIC = HERE.parent.parent / "shared" / "evals" / "extraction-dev"
COLUMNS = ["n", "text exact", "truth in text", "surface", "text colour", "size 10%", "SSIM"]
COLUMNS += ["passed", "part error px", "fix rounds", "render errors"]


def rows_of(
    which: str, limit: int | None, types: list[str] | None = None
) -> list[tuple[str, Path, dict[str, Any]]]:
    out: list[tuple[str, Path, dict[str, Any]]] = []
    if which in ("synthetic", "both") and (SYNTHETIC / "manifest.jsonl").exists():
        for line in (SYNTHETIC / "manifest.jsonl").read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(("synthetic", SYNTHETIC / row["file"], row))
    if which in ("realworld", "both"):
        manifest = SHOTS / "manifest.jsonl"
        if manifest.exists():
            for line in manifest.read_text().splitlines():
                row = json.loads(line) if line.strip() else None
                if row and row.get("format") == "png" and row.get("dpr") in (1, 2):
                    out.append(("realworld", SHOTS / row["file"], row))
    if types:
        out = [r for r in out if r[2]["component_type"] in types]
    return out[:limit] if limit else out


async def save_images(client: httpx.AsyncClient, visual: dict[str, Any], stem: Path) -> None:
    for name, url in (visual.get("images") or {}).items():
        stem.with_name(f"{stem.name}.{name}.png").write_bytes((await client.get(url)).content)


async def runs_of(client: httpx.AsyncClient, png: bytes) -> list[tuple[float, float]]:
    files = {"file": ("crop.png", png, "image/png")}
    response = await client.post("/api/v1/extraction/screenshot", files=files)
    if response.status_code != 200:
        return []
    body = response.json()
    runs = (body.get("content") or {}).get("runs") or []
    return [
        (r["box"]["x"] + r["box"]["width"] / 2, r["box"]["y"] + r["box"]["height"] / 2)
        for r in runs
    ]


async def part_error(client: httpx.AsyncClient, visual: dict[str, Any]) -> float | None:
    images = visual.get("images") or {}
    if "reference" not in images or "preview" not in images:
        return None
    ref = (await client.get(images["reference"])).content
    out = (await client.get(images["preview"])).content
    a, b = await runs_of(client, ref), await runs_of(client, out)
    pairs = list(zip(a, b, strict=False))
    if not pairs:
        return None
    # both crops are at the screenshot's scale; extraction answers in CSS px of its own reading
    return statistics.fmean(
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 for (x1, y1), (x2, y2) in pairs
    )


def marks_of(row: dict[str, Any], body: dict[str, Any]) -> dict[str, float]:
    report = body["generation"]["validation"] or {}
    visual = report.get("visual")
    preview = report.get("preview") or {}
    marks: dict[str, float] = {"render errors": float(preview.get("status") != "rendered")}
    marks["fix rounds"] = float(body["generation"].get("fix_rounds") or 0)
    if visual is None:
        return marks
    colours = visual["colours"]
    truth = normal(row.get("tokens", {}).get("text") or "")
    rendered = normal(visual["text"].get("rendered") or "")
    marks.update(
        {
            "text exact": float(bool(visual["text"]["exact"])),
            "surface": float(colours["surface"] is not None and colours["surface"] < 5),
            "text colour": float(colours["text"] is not None and colours["text"] < 5),
            "size 10%": float(all(abs(v - 1) <= 0.10 for v in visual["size"].values())),
            "SSIM": float(visual["ssim"]),
            "passed": float(bool(visual["passed"])),
        }
    )
    if truth:
        marks["truth in text"] = float(truth in rendered)
    return marks


def table(title: str, groups: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n### {title}\n")
    print("| type | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for name in sorted(groups, key=lambda g: (g != "all", g)):
        marks = groups[name]
        cells = [str(len(marks["render errors"]))]
        for column in COLUMNS[1:]:
            values = marks.get(column, [])
            fmt = "{:.1f}" if column in ("part error px", "fix rounds") else "{:.2f}"
            cells.append(fmt.format(statistics.fmean(values)) if values else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")


async def run(which: str, limit: int | None, types: list[str] | None, save: Path | None) -> None:
    rows = rows_of(which, limit, types)
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (once, before the work)
    by_set: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    latencies: list[float] = []
    previews: list[float] = []
    audits: list[float] = []  # the contrast audit after the render
    errors = 0
    async with app_client() as (_app, client):
        await asyncio.sleep(5)  # the validator and the browser warm up
        for kind, path, row in rows:
            files = {"file": (path.name, path.read_bytes(), MEDIA[path.suffix[1:]])}
            start = time.perf_counter()
            response = await client.post("/api/v1/generation/from-screenshot", files=files)
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors += 1
                print(f"  {path.name}: {response.status_code} {response.text[:200]}")
                continue
            body = response.json()
            marks = marks_of(row, body)
            report = body["generation"]["validation"] or {}
            preview = report.get("preview") or {}
            if preview.get("render_ms") is not None:
                previews.append(float(preview["render_ms"]))
                audits.append(float(preview["ms"]) - float(preview["render_ms"]))
            visual = report.get("visual")
            if visual is not None:
                error = await part_error(client, visual)
                if error is not None:
                    marks["part error px"] = error
                if save is not None:
                    await save_images(client, visual, save / f"{kind}-{path.stem}")
            label = f"{kind}"
            for group in ("all", row["component_type"]):
                for field, value in marks.items():
                    by_set[label][group][field].append(value)
    for label, groups in by_set.items():
        table(f"{label} ({len(groups['all']['render errors'])} screenshots)", groups)
    print(f"\nerrors: {errors}")
    if latencies:
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        print(f"from-screenshot p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms")
    if previews:
        print(f"preview render p50 {statistics.median(previews):.0f} ms", end="")
        print(f", then the contrast audit p50 {statistics.median(audits):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=["synthetic", "realworld", "both"], default="both")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--render", action="store_true", help="build the real-framework set")
    parser.add_argument("--type", nargs="+", metavar="TYPE", help="only these component types")
    parser.add_argument("--save", type=Path, metavar="DIR", help="write the images compared")
    args = parser.parse_args()
    if args.render or (args.set != "synthetic" and not (SHOTS / "manifest.jsonl").exists()):
        render_realworld(force=False)
    asyncio.run(run(args.set, args.limit, args.type, args.save))


if __name__ == "__main__":
    main()
