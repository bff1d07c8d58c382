"""The image-analysis pool's worker processes end with the process that owns the pool, even
when that one is killed with no chance to shut the pool down."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

OWNER = """
import asyncio, os, sys
from componentforge.infra.bulkhead import ProcessBulkhead

def ids() -> tuple[int, int]:
    return os.getpid(), os.getppid()

async def main() -> None:
    pool = ProcessBulkhead("test", 1, nice=0)
    worker, fork_server = await pool.run(ids)
    print(worker, fork_server, flush=True)
    sys.stdin.readline()  # until the test kills this process

if __name__ == "__main__":
    asyncio.run(main())
"""


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever reaps here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_workers_end_when_the_owner_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    owner = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert owner.stdout is not None
        worker, fork_server = (int(n) for n in owner.stdout.readline().split())
        time.sleep(0.5)
        assert running(worker) and running(fork_server)  # the owner lives: so do they
        os.kill(owner.pid, signal.SIGKILL)
        owner.wait()
        deadline = time.monotonic() + 10
        while (running(worker) or running(fork_server)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(worker) and not running(fork_server)
    finally:
        # whatever happened, nothing of this test is left running (they share its group)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(owner.pid, signal.SIGKILL)
        owner.wait()
