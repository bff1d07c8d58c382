"""Validation speed: warm checks through the API against a cold `npx tsc && npx eslint`.

The component is the library's Button with three Storybook stories, requirements and tokens:
every check runs (TypeScript, ESLint, sandboxed render of each story + axe-core, coverage,
security scan, contrast). Warm requests go through the HTTP API in-process (ASGI) to a pool of
two Node workers. The cold baseline starts TypeScript and ESLint from scratch on the same file
in the same workspace, as a pre-commit hook or CI step would. Then one slow request (a
component that never finishes rendering) runs beside fast ones, to show they do not wait for it.

Run: `make bench` or `.venv/bin/python benchmarks/validation_speed.py [--requests N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from componentforge.config import DEFAULT_PATTERNS_DIR, load_settings
from componentforge.main import create_app

VALIDATOR = DEFAULT_PATTERNS_DIR.parent / "validator"
CODE = (DEFAULT_PATTERNS_DIR / "components" / "ui" / "button.tsx").read_text()
STORIES = """import type { Meta, StoryObj } from "@storybook/react"

import { Button } from "./Button"

const meta = { title: "Button", component: Button, args: { children: "Save" } } satisfies Meta<
  typeof Button
>
export default meta
type Story = StoryObj<typeof meta>

export const Primary: Story = {}
export const Outline: Story = { args: { variant: "outline" } }
export const Disabled: Story = { args: { disabled: true } }
"""
BODY = {
    "code": CODE,
    "stories": STORIES,
    "component_name": "Button",
    "tokens": {"colors": {"foreground": "#0a0a0a", "background": "#ffffff"}},
    "requirements": {"props": ["variant", "size"], "events": ["onClick"], "states": ["disabled"]},
}
NPX = shutil.which("npx") or "npx"
SLOW = {"code": "export function Spin() {\n  for (;;) {}\n}\n", "component_name": "Spin"}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def cold_baseline(runs: int) -> list[float]:
    """`npx tsc` then `npx eslint` on the same file, in a copy of the validator workspace."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=VALIDATOR, prefix=".bench-") as tmp:
            ws = Path(tmp)
            shutil.copytree(VALIDATOR / "workspace" / "types", ws / "types")
            shutil.copytree(DEFAULT_PATTERNS_DIR / "lib", ws / "lib")
            shutil.copytree(DEFAULT_PATTERNS_DIR / "components", ws / "components")
            (ws / "components" / "ui" / "Button.tsx").write_text(CODE)
            config = json.loads((VALIDATOR / "workspace" / "tsconfig.json").read_text())
            config["include"] = ["components/ui/Button.tsx", "types/*.d.ts"]
            (ws / "tsconfig.json").write_text(json.dumps(config))
            start = time.perf_counter()
            subprocess.run([NPX, "--no-install", "tsc", "-p", "tsconfig.json"], cwd=ws, check=True)
            subprocess.run(
                [
                    NPX,
                    "--no-install",
                    "eslint",
                    "--config",
                    str(VALIDATOR / "eslint.config.mjs"),
                    "components/ui/Button.tsx",
                ],
                cwd=ws,
                check=True,
            )
            times.append((time.perf_counter() - start) * 1000)
    return times


@dataclass
class Run:
    per_worker: int
    samples: list[float] = field(default_factory=list)  # one request at a time
    burst: list[float] = field(default_factory=list)  # six at once
    burst_wall: float = 0.0
    beside: dict[int, tuple[list[float], float]] = field(default_factory=dict)


async def warm(n: int, per_worker: int) -> Run:
    """Requests one at a time, six at once, then six beside one and two never-ending renders."""
    run = Run(per_worker)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            _env_file=None,
            data_dir=Path(tmp),
            rate_limit_enabled=False,
            log_level="WARNING",
            validator_pool_size=2,
            validator_requests_per_worker=per_worker,
            validator_render_timeout_seconds=3,
        )
        app = create_app(settings)
        real_stdout, sys.stdout = sys.stdout, io.StringIO()
        try:
            async with LifespanManager(app, startup_timeout=120) as manager:
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://bench", timeout=60
                ) as client:

                    async def post(body: Mapping[str, object]) -> tuple[float, dict[str, object]]:
                        start = time.perf_counter()
                        r = await client.post("/api/v1/validation/validate", json=body)
                        r.raise_for_status()
                        return (time.perf_counter() - start) * 1000, r.json()

                    for _ in range(4):
                        _, report = await post(BODY)
                        assert report["status"] == "PASS", report["recommendations"]
                    run.samples = [(await post(BODY))[0] for _ in range(n)]

                    start = time.perf_counter()
                    run.burst = [
                        ms for ms, _ in await asyncio.gather(*(post(BODY) for _ in range(6)))
                    ]
                    run.burst_wall = (time.perf_counter() - start) * 1000

                    for n_slow in (1, 2):
                        slow = [asyncio.create_task(post(SLOW)) for _ in range(n_slow)]
                        await asyncio.sleep(0.05)
                        fast = await asyncio.gather(*(post(BODY) for _ in range(6)))
                        slow_ms = max([ms for ms, _ in await asyncio.gather(*slow)])
                        run.beside[n_slow] = ([ms for ms, _ in fast], slow_ms)
        finally:
            sys.stdout = real_stdout
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    runs = [asyncio.run(warm(args.requests if pw == 2 else 8, pw)) for pw in (1, 2)]
    samples = runs[1].samples
    cold = cold_baseline(args.cold_runs)
    p50, p99, cold_ms = statistics.median(samples), pct(samples, 0.99), statistics.median(cold)
    print(
        f"Button + 3 stories, all checks; {args.requests} warm requests, {args.cold_runs} cold runs"
    )
    print("\n| | p50 ms | p99 ms |\n|---|---:|---:|")
    print(f"| warm validation through the API (defaults: 2 workers) | {p50:.0f} | {p99:.0f} |")
    print(f"| cold `npx tsc && npx eslint`, same file | {cold_ms:.0f} | {max(cold):.0f} |")
    print(f"\ncold / warm (p50): {cold_ms / p50:.1f}x, and the cold run checks types and lint only")
    print("\nSix normal requests at once (2 workers), alone and beside never-ending renders:")
    print(
        "\n| requests per worker | alone: p50 / max / all done | beside 1 slow: p50 / max "
        "| beside 2 slow: p50 / max |\n|---:|---|---|---|"
    )
    for run in runs:
        cells = [
            f"{statistics.median(run.burst):.0f} / {max(run.burst):.0f} / {run.burst_wall:.0f}"
        ]
        for n_slow in (1, 2):
            fast, _ = run.beside[n_slow]
            cells.append(f"{statistics.median(fast):.0f} / {max(fast):.0f}")
        print(f"| {run.per_worker} | " + " | ".join(cells) + " |")
    one_at_a_time = statistics.median(runs[0].samples)
    print(
        f"(one request at a time with 1 per worker: p50 {one_at_a_time:.0f} ms;"
        f" the slow renders were stopped after {runs[0].beside[1][1]:.0f} ms)"
    )


if __name__ == "__main__":
    main()
