"""Input no field accepts gets a 4xx in the envelope, never a 500; a database that is down is
a 503 where there is no fallback; a body that never arrives is not waited on for ever."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
import uvicorn

from componentforge.cli.serve import proxy_options
from componentforge.config import Settings
from componentforge.main import create_app
from tests.conftest import Api, free_port
from tests.support.proxy import TcpProxy

LIST = "/api/v1/generation"


def envelope(r: object, status: int, kind: str) -> None:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    error = r.json()["error"]  # type: ignore[attr-defined]
    assert error["type"] == kind and error["request_id"], error


@pytest.fixture(params=["sqlite", "postgresql"])
async def api(request: pytest.FixtureRequest, make_api: Callable[..., Awaitable[Api]]) -> Api:
    extra = {}
    if request.param == "postgresql":
        extra = {
            "database_url": request.getfixturevalue("postgres_url"),
            "database_auto_migrate": True,
        }
    return await make_api(rate_limit_enabled=False, **extra)


async def test_out_of_range_and_refused_characters_are_422(api: Api) -> None:
    for query in (
        "offset=13034636011113504456048640",
        "offset=-1",
        "limit=0",
        "limit=100000000000000000000",
        "since=9999-12-31T23:59:59-10:00",
        "until=0001-01-01T00:00:00%2B05:00",
        "component_type=but%00ton",
        "component_type=" + "x" * 65,
        "project=a%00b",
        "tenant=A%20B",
    ):
        envelope(await api.http.get(f"{LIST}?{query}"), 422, "validation_error")
        if not query.startswith(("offset", "limit")):  # stats pages nothing
            envelope(await api.http.get(f"{LIST}/stats?{query}"), 422, "validation_error")
    # In range after conversion: fine, on either database.
    ok = await api.http.get(f"{LIST}?since=9999-12-31T00:00:00%2B10:00&offset=1000000")
    assert ok.status_code == 200 and ok.json()["total"] == 0
    body = {"pattern_id": "shadcn-badge", "component_name": "Bad", "tokens": {}}
    for escaped in (b"bad\\u0000name", b"\\ud800"):  # NUL, and a lone surrogate
        r = await api.http.post(
            "/api/v1/generation/generate",
            content=b'{"pattern_id": "shadcn-badge", "query": "' + escaped + b'", "tokens": {}}',
            headers={"Content-Type": "application/json"},
        )
        envelope(r, 422, "validation_error")
    r = await api.http.post(
        "/api/v1/validation/validate",
        content=b'{"code": "export const x = \\"\\u0000\\"\\n"}',
        headers={"Content-Type": "application/json"},
    )
    envelope(r, 422, "validation_error")
    # The plain request still works:
    good = await api.http.post(
        "/api/v1/generation/generate", json=body | {"options": {"validate": False}}
    )
    assert good.status_code == 200, good.text


async def test_listing_and_stats_say_503_while_the_database_is_down(
    make_api: Callable[..., Awaitable[Api]],
    postgres_url: str,
    make_proxy: Callable[[str], tuple[TcpProxy, str]],
) -> None:
    proxy, url = make_proxy(postgres_url)
    api = await make_api(
        rate_limit_enabled=False,
        database_url="postgresql+asyncpg://" + url.split("://", 1)[1],
        database_auto_migrate=True,
        database_timeout_seconds=1,
    )
    assert (await api.http.get(LIST)).status_code == 200
    proxy.cut()
    for path in (LIST, f"{LIST}/stats"):
        r = await api.http.get(path)
        envelope(r, 503, "service_unavailable")
        assert r.json()["error"]["details"]["dependency"] == "database"
    proxy.restore()


async def test_a_body_shorter_than_declared_is_closed_after_the_read_timeout(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(body_read_timeout_seconds=0.5, rate_limit_enabled=False)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            **proxy_options(settings),
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
            await asyncio.sleep(0.02)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"POST /api/v1/retrieval/search HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"query": '
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=10)  # read() ends at EOF
        writer.close()
    finally:
        server.should_exit = True
        await task
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"request_timeout"' in body and b"within 0.5 s" in body
