"""The app in this process on a throwaway data directory, and a client that calls it over ASGI
(no network): what the in-process benchmarks measure. And a free port for those that start
`componentforge serve`."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from componentforge.config import load_settings
from componentforge.main import create_app


@asynccontextmanager
async def app_client(**overrides: Any) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """Embedded defaults with rate limits off, plus `overrides` (settings by field name)."""
    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(
            data_dir=data, _env_file=None, rate_limit_enabled=False, **overrides
        )
        app = create_app(settings)
        async with LifespanManager(app, startup_timeout=180) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=120
            ) as client:
                yield app, client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
