"""What a fault costs the requests that do not need the faulty part.

1. Extraction and search p50 with S3 answering, then with S3 hung (its process stopped with
   SIGSTOP: connections accepted, nothing answered) while generations wait on it; same run.
2. Peak RSS growth (VmHWM, reset just before) of one image at EXTRACTION_MAX_IMAGE_PIXELS,
   decoded and analysed, each in a fresh process (a flat page, a gradient — every pixel
   foreground — and busy content).
3. `/health` p99 over HTTP against `componentforge serve` while four large uploads are
   extracted at once.

    python benchmarks/fault_isolation.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
from PIL import Image

from inprocess import app_client, free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.drawing import component_png
from tests.support.stoppable import StoppableS3

from componentforge.config import Settings

SEARCH = "/api/v1/retrieval/search"
SCREENSHOT = "/api/v1/extraction/screenshot"
GENERATE = "/api/v1/generation/generate"
LIMIT = Settings.model_fields["extraction_max_image_pixels"].default


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def hung_s3(rounds: int) -> list[tuple[str, float, float]]:
    s3 = StoppableS3(free_port())
    png = component_png("card")
    try:
        async with app_client(
            s3_bucket=f"bench-{uuid.uuid4().hex[:8]}",
            s3_endpoint_url=s3.url,
            s3_access_key_id="testing",
            s3_secret_access_key="testing",  # noqa: S106 - moto's, not a secret
            s3_timeout_seconds=5.0,
            node_binary="/nonexistent/node",
        ) as (_, http):

            async def extract() -> float:
                t = time.perf_counter()
                r = await http.post(SCREENSHOT, files={"file": ("c.png", png, "image/png")})
                assert r.status_code == 200, r.text
                return (time.perf_counter() - t) * 1000

            async def search() -> float:
                t = time.perf_counter()
                r = await http.post(SEARCH, json={"query": "a card with a title and an action"})
                assert r.status_code == 200 and not r.json()["degraded"], r.text
                return (time.perf_counter() - t) * 1000

            await extract(), await search()  # warm
            normal = (
                [await extract() for _ in range(rounds)],
                [await search() for _ in range(rounds)],
            )
            s3.hang()
            body = {"pattern_id": "shadcn-card", "tokens": {}, "options": {"validate": False}}
            waiting = [
                asyncio.create_task(http.post(GENERATE, json=body | {"component_name": f"C{i}"}))
                for i in range(4)
            ]
            await asyncio.sleep(0.3)
            hung = [await extract() for _ in range(rounds)], [await search() for _ in range(rounds)]
            generated = await asyncio.gather(*waiting)
            assert all(g.status_code == 200 for g in generated)
            s3.resume()
    finally:
        s3.close()
    return [
        ("extraction", statistics.median(normal[0]), statistics.median(hung[0])),
        ("search", statistics.median(normal[1]), statistics.median(hung[1])),
    ]


CHILD = """
import sys, time
from componentforge.extraction.intake import read_image
from componentforge.extraction.pixels import analyse

def status(field):
    line = next(l for l in open("/proc/self/status") if l.startswith(field))
    return int(line.split()[1]) / 1024

data = sys.stdin.buffer.read()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # resets the peak (VmHWM) to what is resident now
before = status("VmRSS:")
t = time.perf_counter()
intake = read_image(data, max_bytes=10**9, max_pixels=10**9)
analyse(intake.pixels)
print(status("VmHWM:") - before, time.perf_counter() - t)
"""


def large_images() -> dict[str, bytes]:
    side = int(LIMIT**0.5) - 1
    x = np.linspace(0, 255, side, dtype=np.float32)
    gradient = np.zeros((side, side, 3), np.uint8)
    gradient[..., 0], gradient[..., 1], gradient[..., 2] = x[None, :], x[:, None], 128
    busy = np.asarray(
        Image.open(io.BytesIO(component_png("dialog"))).convert("RGB").resize((side, side))
    )
    out = {}
    for name, array in (
        ("flat page", np.full((side, side, 3), 240, np.uint8)),
        ("gradient", gradient),
        ("a dialog filling it", busy),
    ):
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, "PNG")
        out[name] = buffer.getvalue()
    return out


def rss_per_image() -> list[tuple[str, int, float, float]]:
    rows = []
    for name, data in large_images().items():
        done = subprocess.run(
            [sys.executable, "-c", CHILD], input=data, capture_output=True, check=True
        )
        mb, seconds = (float(v) for v in done.stdout.split())
        rows.append((name, len(data) // 1024, mb, seconds))
    return rows


async def health_under_uploads() -> tuple[float, float, int]:
    images = large_images()
    upload = images["a dialog filling it"]
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        env = {**os.environ, "DATA_DIR": data, "RATE_LIMIT_ENABLED": "false", "NODE_BINARY": "-"}
        env["EXTRACTION_MAX_IMAGE_BYTES"] = str(len(upload) + 1)
        server = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "componentforge.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=url, timeout=120) as http:
                while True:
                    try:
                        if (await http.get("/health")).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.2)
                quiet = []
                for _ in range(50):
                    t = time.perf_counter()
                    await http.get("/health")
                    quiet.append((time.perf_counter() - t) * 1000)
                uploads = [
                    asyncio.create_task(
                        http.post(SCREENSHOT, files={"file": ("big.png", upload, "image/png")})
                    )
                    for _ in range(4)
                ]
                busy: list[float] = []
                while not all(u.done() for u in uploads):
                    t = time.perf_counter()
                    await http.get("/health")
                    busy.append((time.perf_counter() - t) * 1000)
                    await asyncio.sleep(0.01)
                statuses = [(await u).status_code for u in uploads]
                assert statuses == [200] * 4, statuses
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 30)
    return p(quiet, 0.99), p(busy, 0.99), len(busy)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(f"fault isolation, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores\n")
    print("| while S3 hangs | p50 normal (ms) | p50 S3 hung (ms) |\n|---|---|---|")
    for name, normal, hung in await hung_s3(args.rounds):
        print(f"| {name} | {normal:.0f} | {hung:.0f} |")
    print(
        f"\n| one image at the limit ({LIMIT / 1e6:.0f} M px) | PNG KB | peak RSS growth (MB) "
        "| seconds |\n|---|---|---|---|"
    )
    for name, kb, mb, seconds in rss_per_image():
        print(f"| {name} | {kb} | {mb:.0f} | {seconds:.1f} |")
    quiet, busy, samples = await health_under_uploads()
    print("\n| /health over HTTP | p99 (ms) |\n|---|---|")
    print(
        f"| idle | {quiet:.1f} |\n| four large uploads at once ({samples} samples) | {busy:.1f} |"
    )


if __name__ == "__main__":
    asyncio.run(main())
