"""/api/v1/extraction: token exports through the HTTP API."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from tests.conftest import Api

EXPORT = "/api/v1/extraction/tokens/export"
TOKENS = {
    "colors": {"primary": "#2563EB", "background": "#2563eb", "page_background": "#ffffff"},
    "border": {"radius_px": 8},
    "typography": {"font_size_px": 14},
}


async def test_each_format_is_served_as_a_file(api: Api) -> None:
    expected = {
        "json": ("application/design-tokens+json", "tokens.tokens.json"),
        "css": ("text/css; charset=utf-8", "tokens.css"),
        "tailwind": ("text/javascript; charset=utf-8", "tailwind.theme.js"),
    }
    bodies = {}
    for fmt, (media_type, filename) in expected.items():
        r = await api.http.post(EXPORT, json={"tokens": TOKENS, "format": fmt})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == media_type
        assert r.headers["content-disposition"] == f'attachment; filename="{filename}"'
        bodies[fmt] = r.text
    assert json.loads(bodies["json"])["color"]["primary"]["$value"]["hex"] == "#2563eb"
    assert "--primary: 221.2 83.2% 53.3%;" in bodies["css"] and "--radius: 0.5rem;" in bodies["css"]
    assert '"primary": "hsl(var(--primary))"' in bodies["tailwind"]
    # the default format is JSON
    r = await api.http.post(EXPORT, json={"tokens": TOKENS})
    assert r.text == bodies["json"]


async def test_bad_tokens_get_the_envelope(api: Api) -> None:
    cases = [
        ({"tokens": {"colors": {"primary": "blue-ish"}}}, ["body", "tokens", "colors", "primary"]),
        ({"tokens": {"border": {"radius_px": -1}}}, ["body", "tokens", "border", "radius_px"]),
        ({"tokens": {}, "format": "scss"}, ["body", "format"]),
        ({"tokens": {"colours": {}}}, ["body", "tokens", "colours"]),
        ({}, ["body", "tokens"]),
    ]
    for body, loc in cases:
        r = await api.http.post(EXPORT, json=body)
        assert r.status_code == 422, body
        error = r.json()["error"]
        assert error["type"] == "validation_error" and error["request_id"]
        assert [d["loc"] for d in error["details"]] == [loc], error


async def test_exports_count_against_the_extraction_limit(
    make_api: Callable[..., Awaitable[Api]],
) -> None:
    api = await make_api(rate_limit_extraction="1/minute")
    assert (await api.http.post(EXPORT, json={"tokens": TOKENS})).status_code == 200
    r = await api.http.post(EXPORT, json={"tokens": TOKENS})
    assert r.status_code == 429 and r.json()["error"]["type"] == "rate_limited"
    assert (await api.http.post("/api/v1/retrieval/search", json={"query": "a button"})).is_success
