"""A real S3 API (moto's server) in a process of its own, so a test can stop it (SIGSTOP): the
socket still accepts connections, nothing answers — a hung dependency, not a refused one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx


class StoppableS3:
    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
        )
        deadline = time.monotonic() + 30
        with httpx.Client(timeout=1) as client:  # one client: each loads the trust store
            while time.monotonic() < deadline:
                try:
                    client.get(self.url)
                    return
                except httpx.TransportError:
                    time.sleep(0.1)
        self.close()
        raise RuntimeError("moto's server did not start")

    def hang(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.resume()
        self.process.kill()
        self.process.wait(timeout=10)
