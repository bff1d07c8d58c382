"""Offline generation quality: every pattern x four token/requirement inputs, through the API
and the real validator (TypeScript strict, ESLint, axe).

Prints the share that PASS, requirement coverage (each requirement the generator says it
applied, confirmed by the validator's TypeScript parse of the props type and the JSX), token
adherence (each token colour present in the output, CIEDE2000 ΔE from the requested value) and
the server-side latency of a full generation including validation.

    python benchmarks/generation_quality.py [--patterns shadcn-button,shadcn-dialog]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
from collections import Counter
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.config import load_settings
from componentforge.main import create_app

INPUTS: list[dict[str, Any]] = [
    {
        "tokens": {
            "colors": {"primary": "#2563eb", "primary_foreground": "#ffffff"},
            "border": {"radius_px": 6},
            "spacing": {"padding_x_px": 16, "padding_y_px": 8},
            "typography": {"font_size_px": 14, "font_weight": 500},
        },
        "requirements": {"props": ["disabled"], "accessibility": ["aria-label"]},
    },
    {
        "tokens": {
            "colors": {
                "primary": "#18181b",
                "primary_foreground": "#fafafa",
                "page_background": "#ffffff",
                "foreground": "#09090b",
                "border": "#e4e4e7",
                "ring": "#a1a1aa",
            },
            "border": {"radius_px": 8, "width_px": 1},
            "typography": {"font_family": "Inter", "font_size_px": 16, "line_height_px": 24},
            "shadow": "sm",
        },
        "requirements": {
            "props": ["loading", "size"],
            "events": ["onClick", "onFocus"],
            "states": ["loading", "hover"],
            "accessibility": ["aria-busy", "aria-describedby"],
        },
    },
    {
        "tokens": {
            "colors": {
                "primary": "#15803d",
                "primary_foreground": "#ffffff",
                "background": "#f0fdf4",
                "muted": "#f4f4f5",
                "muted_foreground": "#52525b",
            },
            "border": {"radius_px": 9999},
            "spacing": {"gap_px": 12},
            "typography": {"font_weight": 600},
            "shadow": "md",
        },
        "requirements": {
            "props": [
                {"name": "tone", "type": '"calm" | "loud"', "default": '"calm"'},
                "is selected",
                "count",
            ],
            "events": ["onDismiss", "onConfirm", "onBlur"],
            "states": ["selected", "error"],
            "accessibility": ["aria-live=polite", "aria-label", "keyboard: Escape dismisses"],
        },
    },
    {
        "tokens": {
            "colors": {
                "destructive": "#b91c1c",
                "destructive_foreground": "#ffffff",
                "accent": "#fef2f2",
                "accent_foreground": "#7f1d1d",
            },
            "border": {"radius_px": 2},
            "spacing": {"padding_x_px": 10, "padding_y_px": 4},
        },
        "requirements": {
            "props": ["key", "class", "hideIcon"],
            "events": ["click"],
            "states": ["busy", "focus-visible"],
            "accessibility": ["role=presentation", "aria-current=page"],
        },
    },
]
APPLIED = {"declared", "wired", "attribute", "content", "pattern"}
OKLCH = re.compile(r"oklch\([\d.]+[ _][\d.]+[ _][\d.]+\)")


def adherence(body: dict[str, Any], colours: dict[str, str]) -> tuple[int, int, float]:
    """(colours present, colours asked, worst ΔE) read back from the component's code."""
    code = body["files"][f"{body['component_name']}.tsx"]
    written = [parse_colour(m.replace("_", " ")) for m in OKLCH.findall(code)]
    present, worst = 0, 0.0
    for value in colours.values():
        asked = parse_colour(value)
        assert asked is not None
        best = min((delta_e_2000(asked, w) for w in written if w is not None), default=99.0)
        present += best < 2
        worst = max(worst, best)
    return present, len(colours), worst


UNCONFIRMED: Counter[str] = Counter()


def coverage(body: dict[str, Any]) -> tuple[int, int, int]:
    """(claimed and confirmed by the TypeScript parse, claimed, requested)."""
    found = body["validation"]["requirements"] or {"implemented": []}
    confirmed = {(i["category"], i["name"]) for i in found["implemented"]}
    claimed = [a for a in body["applied"] if a["how"] in APPLIED]
    for a in claimed:
        if (a["category"], a["name"]) not in confirmed:
            UNCONFIRMED[f"{a['category']} {a['name']} ({a['how']})"] += 1
    ok = sum((a["category"], a["name"]) in confirmed for a in claimed)
    return ok, len(claimed), len(body["applied"])


async def run(patterns: list[str] | None) -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(data_dir=data, _env_file=None, rate_limit_enabled=False)
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=180) as manager:
            library = app.state.services.generation.library
            ids = patterns or [p.id for p in library]
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=120
            ) as client:
                await report(client, ids)


async def report(client: httpx.AsyncClient, ids: list[str]) -> None:
    passed = total = confirmed = claimed = requested = present = asked = 0
    worst = 0.0
    latencies: list[float] = []
    failures: list[str] = []
    for pattern_id in ids:
        for n, case in enumerate(INPUTS):
            body = {"pattern_id": pattern_id, "component_name": f"Bench{n}", **case}
            response = await client.post("/api/v1/generation/generate", json=body)
            response.raise_for_status()
            result = response.json()
            total += 1
            latencies.append(result["latency_ms"])
            status = result["validation"]["status"]
            if status == "PASS":
                passed += 1
            else:
                failures.append(
                    f"{pattern_id} input {n}: {result['validation']['recommendations']}"
                )
            c = coverage(result)
            confirmed, claimed, requested = confirmed + c[0], claimed + c[1], requested + c[2]
            a = adherence(result, case["tokens"].get("colors", {}))
            present, asked, worst = present + a[0], asked + a[1], max(worst, a[2])
    print(f"generations: {total} ({len(ids)} patterns x {len(INPUTS)} inputs)")
    print(f"PASS: {passed}/{total} ({100 * passed / total:.1f}%)")
    print(
        f"requirements: {claimed}/{requested} applied, {confirmed}/{claimed} of those confirmed "
        f"by the TypeScript parse ({100 * confirmed / max(1, claimed):.1f}%)"
    )
    print(f"token colours: {present}/{asked} in the output, worst ΔE2000 {worst:.3f}")
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(
        f"full generation with validation (server): p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {p95:.0f} ms"
    )
    if UNCONFIRMED:
        print("not confirmed:", ", ".join(f"{k} x{n}" for k, n in UNCONFIRMED.most_common()))
    for line in failures:
        print("FAIL", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patterns", help="comma-separated pattern ids (default: all)")
    args = parser.parse_args()
    asyncio.run(run(args.patterns.split(",") if args.patterns else None))


if __name__ == "__main__":
    main()
