"""Fixtures: settings on a temporary data directory, the app over ASGI, and the real services.

PostgreSQL and Redis come from TEST_DATABASE_URL / TEST_REDIS_URL (defaults: the local servers).
When one is missing its tests are skipped with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
import redis
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI
from qdrant_client import AsyncQdrantClient

from componentforge.config import DEFAULT_PATTERNS_DIR, Settings, load_settings
from componentforge.infra.resources import Resources
from componentforge.infra.validator import ValidatorPool
from componentforge.main import create_app
from componentforge.retrieval.embeddings import LocalMiniLM
from componentforge.retrieval.library import PatternLibrary
from componentforge.services.container import build_validator_pool
from componentforge.tenancy import LOCAL_TENANT, key_digest, static_key_tenant
from tests.support.indexes import semantic_index
from tests.support.proxy import TcpProxy
from tests.support.recorder import RecordingServer, Responder

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_configure(config: pytest.Config) -> None:
    """A process of a parallel run (pytest-xdist) runs at the lowest CPU priority, the one the
    validator gives its render sandboxes: otherwise the other test processes would starve
    every render and it would answer "the machine was too busy". Tests about priorities and
    time limits are marked `solo` and run afterwards, on one process at normal priority."""
    if os.environ.get("PYTEST_XDIST_WORKER") and hasattr(os, "nice"):
        os.nice(19 - os.nice(0))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules marked `slow` first (the sort is stable, so each module stays whole and in
    order): `--dist loadfile` hands modules out in this order, and a long one handed out last
    would keep one process busy after the others have finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def unavailable(what: str, reason: str) -> None:
    message = f"{what} unavailable: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true requires it)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the machine's environment or a developer's .env."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Qdrant local-mode folder with the pattern library indexed once for the whole run."""
    folder = tmp_path_factory.mktemp("qdrant-seed") / "qdrant"

    async def build() -> None:
        client = AsyncQdrantClient(path=str(folder))
        index = semantic_index(client, LocalMiniLM())
        await index.sync(PatternLibrary.load(DEFAULT_PATTERNS_DIR))
        await client.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, build()).result()
    return folder


def settings_for(
    data_dir: Path, seeded_index: Path, redis_prefix: str, **overrides: Any
) -> Settings:
    """Settings on `data_dir`, which starts with the seeded pattern index (indexing is
    idempotent, so apps find it current and embed nothing)."""
    if not (data_dir / "qdrant").exists():
        shutil.copytree(seeded_index, data_dir / "qdrant")
    # Warming Node workers up costs seconds of CPU per app; the validation tests turn it on.
    # So does a browser per worker for previews: the preview and fidelity tests turn it on.
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "_env_file": None,
        "validator_warm_up": False,
        "preview_enabled": False,
        # Worker processes for image analysis start in seconds; their own tests turn them on.
        "extraction_analysis": "threads",
        "redis_key_prefix": redis_prefix,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
def make_settings(tmp_path: Path, seeded_index: Path, redis_prefix: str) -> Callable[..., Settings]:
    """Settings on a fresh data directory of this test's."""

    def make(**overrides: Any) -> Settings:
        data_dir = Path(overrides.pop("data_dir", tmp_path / "data"))
        return settings_for(data_dir, seeded_index, redis_prefix, **overrides)

    return make


@dataclass
class Api:
    http: httpx.AsyncClient
    app: FastAPI

    @property
    def resources(self) -> Resources:
        resources: Resources = self.app.state.resources
        return resources

    @property
    def tenant(self) -> str:
        """Whom the app takes this client for: the tenant of the API key it sends, or the
        local one without a key."""
        key = self.http.headers.get("X-API-Key")
        return static_key_tenant(key_digest(key)) if key else LOCAL_TENANT


# Keys an app that a module's tests share accepts (`api_keys=TENANT_KEYS`), so that each test
# can be a tenant of its own (`new_tenant`): more than any module's tests.
TENANT_KEYS = [f"cf-test-tenant-{n}" for n in range(64)]
_UNUSED_TENANT_KEYS = iter(TENANT_KEYS)


@contextlib.contextmanager
def new_tenant(*apps: Api) -> Iterator[None]:
    """The apps' clients send a key no test sent before: the apps take them for a new
    tenant, with no records, stats or L1 entries yet."""
    key = next(_UNUSED_TENANT_KEYS)
    for api in apps:
        api.http.headers["X-API-Key"] = key
    try:
        yield
    finally:
        for api in apps:
            api.http.headers.pop("X-API-Key", None)


@contextlib.asynccontextmanager
async def serving(
    settings: Settings,
    router: APIRouter | None = None,
    validator: ValidatorPool | None = None,
) -> AsyncIterator[Api]:
    """An app (lifespan included) over ASGI, shut down on leaving; `validator`: Node workers
    it shares (`node_validator`) instead of its own."""
    app = create_app(settings, validator=validator)
    if router is not None:
        app.include_router(router)
    async with LifespanManager(app, startup_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield Api(http, app)


@pytest.fixture
async def make_api(
    make_settings: Callable[..., Settings],
) -> AsyncIterator[Callable[..., Awaitable[Api]]]:
    """Start an app with settings overrides; it is shut down after the test."""
    async with AsyncExitStack() as stack:

        async def make(
            router: APIRouter | None = None,
            validator: ValidatorPool | None = None,
            **overrides: Any,
        ) -> Api:
            settings = make_settings(**overrides)
            return await stack.enter_async_context(serving(settings, router, validator))

        yield make


@pytest.fixture(scope="session")
async def node_validator() -> AsyncIterator[ValidatorPool]:
    """One Node worker (started by the first check) that the apps of this test process share
    where the tests are about what the app does with its checks, not about the workers: a
    worker costs seconds of CPU to start and to compile its first check. The tests of the
    pool itself (crashes, restarts, warm-up, isolation) give their apps workers of their own."""
    with pytest.MonkeyPatch.context() as env:
        for name in Settings.model_fields:  # as _clean_environment does for one test
            env.delenv(name.upper(), raising=False)
        settings = load_settings(
            _env_file=None, validator_pool_size=1, validator_warm_up=False, preview_enabled=False
        )
    pool = build_validator_pool(settings)
    if not pool.available:
        unavailable("Node.js validator", str(pool.reason))
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture(scope="module")
def module_settings(
    tmp_path_factory: pytest.TempPathFactory, seeded_index: Path
) -> Iterator[Callable[..., Settings]]:
    """Settings for an app the tests of a module share, where they allow it: a Node validator
    or a browser starts once per module, not once per test."""
    with pytest.MonkeyPatch.context() as env:
        for name in Settings.model_fields:  # as _clean_environment does for one test
            env.delenv(name.upper(), raising=False)
        folder = tmp_path_factory.mktemp("module") / "data"
        prefix = f"cf-test-{uuid.uuid4().hex[:12]}"

        def make(**overrides: Any) -> Settings:
            data_dir = Path(overrides.pop("data_dir", folder))
            return settings_for(data_dir, seeded_index, prefix, **overrides)

        yield make


@pytest.fixture
async def api(make_api: Callable[..., Awaitable[Api]]) -> Api:
    return await make_api()


# Real services -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway database on the test server for this run, dropped afterwards."""
    name = f"cf_test_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(TEST_DATABASE_URL, timeout=3)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def run(sql: str) -> None:
        # On a thread of its own: the fixture may be first asked for inside a running loop.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, admin(sql)).result()

    try:
        run(f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError) as exc:
        unavailable("PostgreSQL", f"{TEST_DATABASE_URL}: {exc}")
    base, _, _ = TEST_DATABASE_URL.rpartition("/")
    yield f"{base}/{name}"
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_prefix() -> str:
    """This test's REDIS_KEY_PREFIX: its keys never meet another test's, or another suite's
    running on the same Redis."""
    return f"cf-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_url(redis_prefix: str) -> Iterator[str]:
    """The test Redis. Nothing in it is flushed: the test's own keys (its prefix) are deleted
    afterwards, and only those."""
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        unavailable("Redis", f"{TEST_REDIS_URL}: {exc}")
    try:
        yield TEST_REDIS_URL
    finally:
        with contextlib.suppress(redis.RedisError):
            for key in client.scan_iter(match=f"{redis_prefix}:*", count=500):
                client.delete(key)
        client.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def make_proxy() -> Iterator[Callable[[str], tuple[TcpProxy, str]]]:
    """Put a cuttable proxy in front of a service URL; returns it and the URL through it."""
    proxies: list[TcpProxy] = []

    def make(url: str) -> tuple[TcpProxy, str]:
        parts = urlsplit(url)
        proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 80)
        proxies.append(proxy)
        netloc = f"{parts.username}@" if parts.username else ""
        return proxy, parts._replace(netloc=f"{netloc}127.0.0.1:{proxy.port}").geturl()

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def server() -> Iterator[Callable[[Responder], RecordingServer]]:
    """Start loopback servers that speak a paid API's protocol (OpenAI, Figma, LangSmith)."""
    started: list[RecordingServer] = []

    def start(respond: Responder) -> RecordingServer:
        started.append(RecordingServer(respond))
        return started[-1]

    yield start
    for s in started:
        s.close()


@pytest.fixture(scope="session")
def s3_url() -> Iterator[str]:
    """moto's S3 server on loopback: a real S3 API over HTTP."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_url: str) -> dict[str, Any]:
    return {
        "s3_bucket": f"cf-{uuid.uuid4().hex[:12]}",
        "s3_endpoint_url": s3_url,
        "s3_access_key_id": "testing",
        "s3_secret_access_key": "testing",
        "s3_timeout_seconds": 2.0,
    }
