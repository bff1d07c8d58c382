"""Waiting for a `componentforge serve` process the test started."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_serving(process: subprocess.Popen[str] | subprocess.Popen[bytes], url: str) -> bool:
    """True once `url/health` answers 200 (within 90 s); False if the process ended first or
    time ran out (the caller kills it and says why)."""
    deadline = time.monotonic() + 90
    # One client for every try: each new one loads the TLS trust store (30 ms of CPU).
    with httpx.Client(timeout=1) as client:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return True
            except httpx.TransportError:
                time.sleep(0.2)
    return False
