"""/docs and /redoc work on a machine without internet: a real headless Chromium (the
validator's, from npm) that may reach only our server lists every operation."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn

from componentforge.config import Settings
from componentforge.main import create_app
from tests.conftest import free_port, unavailable

PROBE = Path(__file__).resolve().parents[1] / "support" / "docs_probe.mjs"
BROWSER = Path(__file__).resolve().parents[2] / "validator" / "node_modules" / "@sparticuz"


async def test_docs_list_every_operation_with_no_network(
    make_settings: Callable[..., Settings],
) -> None:
    node = shutil.which("node")
    if node is None or not BROWSER.is_dir():
        unavailable("headless Chromium", "Node.js or validator/node_modules missing")
        return
    settings = make_settings(api_keys=["k"], node_binary="/nonexistent/node")
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
            await asyncio.sleep(0.02)
        origin = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=origin) as http:
            spec = (await http.get("/openapi.json")).json()
        probe = await asyncio.create_subprocess_exec(
            node, str(PROBE), origin, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await asyncio.wait_for(probe.communicate(), timeout=120)
    finally:
        server.should_exit = True
        await task
    assert probe.returncode == 0, err.decode()[-2000:]
    seen = json.loads(out)
    listed = set(seen["operations"])
    assert listed == set(spec["paths"]), set(spec["paths"]) ^ listed
    operations = sum(len(methods) for methods in spec["paths"].values())
    assert seen["redoc_operations"] == operations
    # Nothing else was asked of any other host. ReDoc's bundle shows Redocly's logo in its
    # footer from their CDN and hides it when that fails: decoration, not documentation.
    assert set(seen["refused"]) <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}, seen["refused"]
