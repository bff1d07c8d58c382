"""POST /api/v1/extraction/figma against a local server that serves Figma-format JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from tests.conftest import Api
from tests.support.figma_files import FILE_KEY, TOKEN, figma_api
from tests.support.recorder import Recorded, RecordingServer

FIGMA = "/api/v1/extraction/figma"
HEADERS = {"X-Figma-Token": TOKEN}


@pytest.fixture
def figma(server: Callable[..., RecordingServer]) -> RecordingServer:
    return server(figma_api)


async def figma_app(make_api: Callable[..., Awaitable[Api]], figma: Any, **settings: Any) -> Api:
    return await make_api(figma_base_url=figma.url, **settings)


def error_of(r: Any, status: int, kind: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    error: dict[str, Any] = r.json()["error"]
    assert error["type"] == kind and error["request_id"] and "Traceback" not in r.text
    return error


def sample(api: Api, name: str, **labels: str) -> float:
    return api.resources.metrics.registry.get_sample_value(name, labels) or 0.0


async def test_a_component_node_becomes_tokens_type_and_requirements(
    make_api: Callable[..., Awaitable[Api]], figma: RecordingServer
) -> None:
    api = await figma_app(make_api, figma)
    r = await api.http.post(FIGMA, json={"file_key": FILE_KEY, "node_id": "1:2"}, headers=HEADERS)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "figma" and body["degraded"] is False
    # The component set is called "Button"; the variant's own name says nothing.
    assert body["component_type"] == "button" and body["confidence"] == 0.9
    assert body["engines"]["component_type"] == "figma" and body["engines"]["tokens"] == "figma"
    tokens = body["tokens"]
    assert tokens["colors"]["primary"] == "#2563eb"  # bound to the variable color/primary
    assert tokens["confidence"]["colors.primary"] == 1.0
    assert tokens["colors"]["background"] == "#2563eb"
    assert tokens["colors"]["foreground"] == "#ffffff"
    assert tokens["colors"]["primary_foreground"] == "#ffffff"
    assert tokens["colors"]["border"] is None and tokens["border"] == {
        "radius_px": 6.0,
        "width_px": 0.0,
    }
    assert tokens["typography"] == {
        "font_family": "Inter",
        "font_size_px": 14.0,
        "font_weight": 500,
        "line_height_px": 20.0,
    }
    assert tokens["spacing"] == {"padding_x_px": 16.0, "padding_y_px": 8.0, "gap_px": None}
    assert tokens["shadow"] == "sm"
    assert {p["name"] for p in body["requirements"]["events"]} >= {"onClick"}
    assert body["figma"] == {
        "file_key": FILE_KEY,
        "node_id": "1:2",
        "node_name": "Variant=Default, Size=Default",
        "node_type": "COMPONENT",
        "file_name": "Design System",
        "last_modified": "2026-11-20T10:00:00Z",
        "cache": "miss",
        "age_seconds": 0.0,
    }
    paths = sorted(q.path for q in figma.requests)
    assert paths == [
        f"/v1/files/{FILE_KEY}/nodes?ids=1%3A2",
        f"/v1/files/{FILE_KEY}/variables/local",
    ]
    assert all(q.headers["x-figma-token"] == TOKEN for q in figma.requests)
    assert sample(api, "componentforge_extraction_duration_seconds_count", source="figma") == 1

    # Asked again within 5 minutes: the cache answers and Figma is not called.
    r = await api.http.post(FIGMA, json={"file_key": FILE_KEY, "node_id": "1:2"}, headers=HEADERS)
    assert r.json()["figma"]["cache"] == "hit" and r.json()["tokens"] == tokens
    assert len(figma.requests) == 2
    assert sample(api, "componentforge_cache_requests_total", layer="figma", result="hit") == 2


async def test_a_link_names_the_file_and_node_and_an_instance_its_component(
    make_api: Callable[..., Awaitable[Api]], figma: RecordingServer
) -> None:
    api = await figma_app(make_api, figma, figma_token=TOKEN)  # the configured token
    url = f"https://www.figma.com/design/{FILE_KEY}/Design-System?node-id=3-4&t=abc"
    r = await api.http.post(FIGMA, json={"url": url})
    assert r.status_code == 200, r.text
    body = r.json()
    # "Accept terms" is an instance of "Checkbox/Checked".
    assert body["component_type"] == "checkbox" and body["figma"]["node_id"] == "3:4"
    colors = body["tokens"]["colors"]
    assert colors["primary"] == "#18181b"  # the checked box: the darkest fill beside the label
    assert colors["border"] == "#18181b" and colors["foreground"] == "#09090b"
    assert body["tokens"]["border"] == {"radius_px": 4.0, "width_px": 1.0}
    assert body["tokens"]["spacing"]["gap_px"] == 8.0
    accessibility = {p["name"] for p in body["requirements"]["accessibility"]}
    assert any("label" in name for name in accessibility), accessibility
    # The caller's type wins over the names.
    r = await api.http.post(FIGMA, json={"url": url, "component_type": "switch"})
    assert r.json()["component_type"] == "switch" and r.json()["confidence"] == 1.0
    assert r.json()["engines"]["component_type"] == "input"


async def test_without_a_node_the_files_first_component_is_read(
    make_api: Callable[..., Awaitable[Api]], figma: RecordingServer
) -> None:
    api = await figma_app(make_api, figma)
    r = await api.http.post(FIGMA, json={"file_key": FILE_KEY}, headers=HEADERS)
    assert r.status_code == 200, r.text
    assert r.json()["figma"]["node_id"] == "1:2" and r.json()["component_type"] == "button"
    assert f"/v1/files/{FILE_KEY}" in [q.path for q in figma.requests]


async def test_invalidation_drops_the_files_cached_answers(
    make_api: Callable[..., Awaitable[Api]],
    figma: RecordingServer,
    redis_url: str,
    redis_prefix: str,
) -> None:
    api = await figma_app(make_api, figma, redis_url=redis_url)
    request = {"file_key": FILE_KEY, "node_id": "1:2"}
    assert (await api.http.post(FIGMA, json=request, headers=HEADERS)).status_code == 200
    client = aioredis.Redis.from_url(redis_url)
    try:
        keys = [k.decode() async for k in client.scan_iter(match=f"{redis_prefix}:figma:*")]
        assert len(keys) == 2 and all(
            k.startswith(f"{redis_prefix}:figma:{FILE_KEY}:") for k in keys
        )
        for key in keys:  # each expires on its own
            assert 0 < await client.pttl(key) <= 86_400_000
        r = await api.http.delete(f"/api/v1/extraction/figma/cache/{FILE_KEY}")
        assert r.status_code == 200 and r.json() == {"file_key": FILE_KEY, "removed": 2}
        assert [k async for k in client.scan_iter(match=f"{redis_prefix}:figma:*")] == []
    finally:
        await client.aclose()
    r = await api.http.post(FIGMA, json=request, headers=HEADERS)
    assert r.json()["figma"]["cache"] == "miss" and len(figma.requests) == 4
    r = await api.http.delete("/api/v1/extraction/figma/cache/not a key")
    error_of(r, 400, "bad_request")


async def test_when_figma_fails_an_older_copy_answers_and_else_a_502(
    make_api: Callable[..., Awaitable[Api]], server: Callable[..., RecordingServer]
) -> None:
    down = {"now": False}

    def flaky(req: Recorded) -> tuple[int, Any]:
        return (500, {"status": 500, "err": "Internal"}) if down["now"] else figma_api(req)

    figma = server(flaky)
    # Every answer is stale at once, so each request goes to Figma first.
    api = await figma_app(make_api, figma, figma_cache_seconds=0, figma_max_retries=1)
    request = {"file_key": FILE_KEY, "node_id": "1:2"}
    first = await api.http.post(FIGMA, json=request, headers=HEADERS)
    assert first.status_code == 200 and first.json()["figma"]["cache"] == "miss"

    down["now"] = True
    r = await api.http.post(FIGMA, json=request, headers=HEADERS)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["figma"]["cache"] == "stale" and body["degraded"] is True
    assert any(w.startswith("figma failed") for w in body["warnings"])
    assert body["tokens"] == first.json()["tokens"]
    assert sample(api, "componentforge_fallbacks_total", dependency="figma") == 1

    r = await api.http.post(FIGMA, json={"file_key": FILE_KEY, "node_id": "3:4"}, headers=HEADERS)
    error = error_of(r, 502, "upstream_error")
    assert "nothing is cached" in error["message"] and error["details"]["dependency"] == "figma"


async def test_figma_refusals_and_bad_requests_get_clear_errors(
    make_api: Callable[..., Awaitable[Api]], figma: RecordingServer
) -> None:
    api = await figma_app(make_api, figma)
    post = api.http.post
    no_token = await post(FIGMA, json={"file_key": FILE_KEY, "node_id": "1:2"})
    assert "FIGMA_TOKEN" in error_of(no_token, 400, "bad_request")["message"]
    refused = await post(
        FIGMA, json={"file_key": FILE_KEY, "node_id": "1:2"}, headers={"X-Figma-Token": "wrong"}
    )
    assert error_of(refused, 403, "forbidden")["details"]["figma_status"] == 403
    unknown_file = await post(
        FIGMA, json={"file_key": "NoSuchFile123", "node_id": "1:2"}, headers=HEADERS
    )
    error_of(unknown_file, 404, "not_found")
    unknown_node = await post(FIGMA, json={"file_key": FILE_KEY, "node_id": "9:9"}, headers=HEADERS)
    assert "9:9" in error_of(unknown_node, 404, "not_found")["message"]
    bad_node = await post(FIGMA, json={"file_key": FILE_KEY, "node_id": "button"}, headers=HEADERS)
    error_of(bad_node, 400, "bad_request")
    bad_url = await post(FIGMA, json={"url": "https://example.com/design/abc"}, headers=HEADERS)
    error_of(bad_url, 400, "bad_request")
    for body in ({}, {"file_key": FILE_KEY, "url": f"https://www.figma.com/file/{FILE_KEY}/x"}):
        error_of(await post(FIGMA, json=body, headers=HEADERS), 422, "validation_error")
    bad_type = await post(FIGMA, json={"file_key": FILE_KEY, "component_type": "carousel"})
    error_of(bad_type, 422, "validation_error")


async def test_the_figma_cache_is_per_tenant(
    make_api: Callable[..., Awaitable[Api]], figma: RecordingServer
) -> None:
    """A file fetched for one tenant (even with the server's own token) is never served to
    another from the cache; invalidating drops only the caller's entries."""
    api = await figma_app(make_api, figma, api_keys=["key-a", "key-b"], figma_token=TOKEN)
    body = {"file_key": FILE_KEY, "node_id": "1:2"}
    first = await api.http.post(FIGMA, json=body, headers={"X-API-Key": "key-a"})
    assert first.status_code == 200 and first.json()["figma"]["cache"] == "miss"
    fetched = len(figma.requests)
    again = await api.http.post(FIGMA, json=body, headers={"X-API-Key": "key-a"})
    assert again.json()["figma"]["cache"] == "hit" and len(figma.requests) == fetched
    other = await api.http.post(FIGMA, json=body, headers={"X-API-Key": "key-b"})
    assert other.status_code == 200 and other.json()["figma"]["cache"] == "miss"
    assert len(figma.requests) > fetched
    removed = await api.http.delete(
        f"/api/v1/extraction/figma/cache/{FILE_KEY}", headers={"X-API-Key": "key-b"}
    )
    assert removed.status_code == 200 and removed.json()["removed"] >= 1
    still = await api.http.post(FIGMA, json=body, headers={"X-API-Key": "key-a"})
    assert still.json()["figma"]["cache"] == "hit"
