"""Bad input of every kind gets the envelope with the right status; the server keeps serving."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field

from tests.conftest import Api

probe = APIRouter(prefix="/api/v1/probe")


class Echo(BaseModel):
    name: str = Field(min_length=1)
    count: int = Field(ge=0, le=10)


@probe.post("/echo")
async def echo(body: Echo) -> Echo:
    return body


@probe.get("/boom")
async def boom() -> None:
    raise RuntimeError("database password=hunter2 leaked in an exception")


def assert_envelope(response: Any, status: int, error_type: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"type", "message", "details", "request_id"}
    assert error["type"] == error_type and error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    return dict(error)


@pytest.fixture
async def probe_api(make_api: Callable[..., Awaitable[Api]]) -> Api:
    return await make_api(router=probe, max_body_bytes=1024)


async def test_malformed_json_is_a_400(probe_api: Api) -> None:
    r = await probe_api.http.post(
        "/api/v1/probe/echo",
        content=b'{"name": "x", ',
        headers={"content-type": "application/json"},
    )
    error = assert_envelope(r, 400, "bad_request")
    assert error["details"][0]["type"] == "json_invalid"


async def test_wrong_types_are_a_422_naming_the_fields(probe_api: Api) -> None:
    r = await probe_api.http.post("/api/v1/probe/echo", json={"name": "", "count": "many"})
    error = assert_envelope(r, 422, "validation_error")
    assert {tuple(d["loc"]) for d in error["details"]} == {("body", "name"), ("body", "count")}
    assert "body.name" in error["message"]
    r = await probe_api.http.post("/api/v1/probe/echo", json={"name": "ok", "count": 3})
    assert r.status_code == 200 and r.json() == {"name": "ok", "count": 3}


async def test_oversized_bodies_are_a_413_declared_or_streamed(probe_api: Api) -> None:
    r = await probe_api.http.post(
        "/api/v1/probe/echo", content=b"x" * 2048, headers={"content-type": "application/json"}
    )
    assert_envelope(r, 413, "payload_too_large")

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b" " * 200  # no Content-Length: only the stream shows the size

    r = await probe_api.http.post(
        "/api/v1/probe/echo", content=chunks(), headers={"content-type": "application/json"}
    )
    error = assert_envelope(r, 413, "payload_too_large")
    assert error["details"] == {"max_bytes": 1024}

    async def small() -> AsyncIterator[bytes]:
        yield b'{"name": "streamed",'
        yield b' "count": 1}'

    r = await probe_api.http.post(
        "/api/v1/probe/echo", content=small(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 200 and r.json()["name"] == "streamed"


async def test_unknown_routes_and_methods(probe_api: Api) -> None:
    assert_envelope(await probe_api.http.get("/api/v1/nothing-here"), 404, "not_found")
    assert_envelope(await probe_api.http.delete("/health"), 405, "method_not_allowed")


async def test_unexpected_errors_are_a_500_without_secrets(
    probe_api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    r = await probe_api.http.get("/api/v1/probe/boom", headers={"X-Request-ID": "trace-me-1"})
    error = assert_envelope(r, 500, "internal_error")
    assert error["request_id"] == "trace-me-1"
    assert "hunter2" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    logged = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    failure = next(line for line in logged if line["logger"] == "componentforge.errors")
    assert failure["request_id"] == "trace-me-1" and "RuntimeError" in failure["exc_info"]
    assert (await probe_api.http.get("/health")).status_code == 200  # still serving


async def test_request_ids_are_echoed_or_created_and_logged(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    r = await api.http.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await api.http.get("/health", headers={"X-Request-ID": "bad id; with spaces"})
    created = r.headers["x-request-id"]
    assert len(created) == 32 and " " not in created
    lines = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    access = [line for line in lines if line["logger"] == "componentforge.access"]
    assert [a["request_id"] for a in access[-2:]] == ["abc-123", created]
    assert access[-1]["method"] == "GET" and access[-1]["path"] == "/health"
    assert access[-1]["status"] == 200 and access[-1]["latency_ms"] >= 0


async def test_cors_from_configuration(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(cors_origins=["https://app.example"])
    r = await api.http.options(
        "/api/v1/health",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    r = await api.http.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
