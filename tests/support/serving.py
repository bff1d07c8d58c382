"""Waiting for a `componentforge serve` process the test started."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_serving(process: subprocess.Popen[str] | subprocess.Popen[bytes], url: str) -> bool:
    """True once `url/health` answers 200 (within 90 s); False if the process ended first or
    time ran out (the caller kills it and says why)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.2)
    return False
