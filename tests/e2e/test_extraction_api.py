"""/api/v1/extraction through the HTTP API: screenshots, requirements, token exports."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from PIL import Image

from tests.conftest import Api
from tests.support.drawing import (
    Canvas,
    component_png,
    gradient_button,
    png_header_only,
    project_card,
)

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


# Screenshots ---------------------------------------------------------------------------------

SCREENSHOT = "/api/v1/extraction/screenshot"


def upload(data: bytes, name: str = "shot.png", media: str = "image/png") -> dict[str, Any]:
    return {"files": {"file": (name, data, media)}}


async def test_a_screenshot_gives_type_tokens_and_requirements(api: Api) -> None:
    r = await api.http.post(SCREENSHOT, **upload(component_png("checkbox", page="#fafafa")))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["component_type"] == "checkbox" and body["confidence"] > 0.5
    assert len(body["alternatives"]) == 3
    colors = body["tokens"]["colors"]
    assert colors["primary"] == "#2563eb"
    assert colors["page_background"] == "#fafafa" and colors["background"] == "#fafafa"
    assert body["tokens"]["border"]["radius_px"] == pytest.approx(3, abs=1.5)
    assert body["tokens"]["confidence"]["colors.primary"] > 0.5
    reqs = body["requirements"]
    assert {"checked", "defaultChecked"} <= {p["name"] for p in reqs["props"]}
    checked_change = next(e for e in reqs["events"] if e["name"] == "onCheckedChange")
    assert "indeterminate" in checked_change["type"] and checked_change["source"] == "offline"
    assert "indeterminate" in {s["name"] for s in reqs["states"]}
    assert "label-association" in {a["name"] for a in reqs["accessibility"]}
    for proposals in reqs.values():
        confidences = [p["confidence"] for p in proposals]
        assert confidences == sorted(confidences, reverse=True)  # ranked
    assert body["engines"]["tokens"] == "pixels" and body["engines"]["component_type"] == "offline"
    assert body["degraded"] is False and body["image"] == {
        "format": "png",
        "width": 640,
        "height": 400,
    }
    assert body["latency_ms"] > 0 and len(body["extraction_id"]) == 32
    assert api.resources.metrics.extraction_seconds.labels("screenshot")._sum.get() > 0


async def test_jpeg_and_webp_are_read_and_the_hint_is_used(api: Api) -> None:
    image = Image.open(io.BytesIO(component_png("input")))
    for fmt in ("JPEG", "WEBP"):
        buffer = io.BytesIO()
        image.save(buffer, format=fmt, quality=90)
        r = await api.http.post(
            SCREENSHOT,
            data={"component_type": "select"},
            **upload(buffer.getvalue(), "x.bin", "application/octet-stream"),
        )
        assert r.status_code == 200, r.text
        assert r.json()["image"]["format"] == fmt.lower()
        assert r.json()["component_type"] == "select"


def encoded(canvas: Canvas, fmt: str = "PNG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    canvas.render().save(buffer, format=fmt, **options)
    return buffer.getvalue()


CARD_TEXT = "Create project Deploy your new project in one click. Deploy"


async def test_the_text_the_parts_and_css_pixels_of_a_retina_capture(api: Api) -> None:
    one = (await api.http.post(SCREENSHOT, **upload(encoded(project_card(1))))).json()
    retina = encoded(project_card(2), dpi=(144, 144))  # what a Mac writes for a 2x capture
    r = await api.http.post(SCREENSHOT, **upload(retina))
    assert r.status_code == 200, r.text
    two = r.json()
    assert two["image"] == {"format": "png", "width": 840, "height": 440}  # device pixels
    assert two["scale"]["factor"] == 2 and two["scale"]["source"] == "metadata"
    assert one["scale"]["factor"] == 1
    for body in (one, two):
        assert body["component_type"] == "card"
        assert body["content"]["text"] == CARD_TEXT and body["engines"]["content"] == "ocr:rapidocr"
        roles = [(run["text"], run["role"]) for run in body["content"]["runs"]]
        assert roles[0] == ("Create project", "title") and roles[-1] == ("Deploy", "label")
        component = next(p for p in body["anatomy"] if p["role"] == "component")
        assert abs(component["box"]["width"] - 380) <= 2 and abs(component["box"]["x"] - 20) <= 2
        action = next(p for p in body["anatomy"] if p["role"] == "action")
        assert action["text"] == "Deploy"
    # Every size in CSS px: the 2x capture measures as the 1x one does.
    a, b = one["tokens"], two["tokens"]
    assert abs(a["border"]["radius_px"] - b["border"]["radius_px"]) <= 2
    assert abs(a["typography"]["font_size_px"] - b["typography"]["font_size_px"]) <= 1
    assert abs(a["spacing"]["padding_x_px"] - b["spacing"]["padding_x_px"]) <= 3


async def test_the_caller_may_say_the_scale_and_a_bad_one_is_refused(api: Api) -> None:
    shot = encoded(project_card(2))
    r = await api.http.post(SCREENSHOT, data={"scale": "2"}, **upload(shot))
    assert r.status_code == 200, r.text
    assert r.json()["scale"] == {"factor": 2.0, "source": "form", "detail": "the caller's scale=2"}
    found = (await api.http.post(SCREENSHOT, **upload(shot))).json()["scale"]
    assert found["factor"] == 2 and found["source"] == "geometry"
    for bad in ("0.5", "9", "two"):
        r = await api.http.post(SCREENSHOT, data={"scale": bad}, **upload(shot))
        assert r.status_code == 422 and r.json()["error"]["type"] == "validation_error", r.text


async def test_lossy_captures_keep_their_text(api: Api) -> None:
    for fmt in ("JPEG", "WEBP"):
        shot = encoded(project_card(1), fmt, quality=80)
        r = await api.http.post(SCREENSHOT, **upload(shot, "x.bin", "application/octet-stream"))
        assert r.status_code == 200, r.text
        assert r.json()["content"]["text"] == CARD_TEXT, fmt


async def test_a_gradient_surface_is_reported_with_its_stops(api: Api) -> None:
    buffer = io.BytesIO()
    Image.fromarray(gradient_button("#2563eb", "#7c3aed")).save(buffer, "PNG")
    body = (await api.http.post(SCREENSHOT, **upload(buffer.getvalue()))).json()
    stops = body["gradient"]["stops"]
    assert body["gradient"]["angle_deg"] == 90 and len(stops) >= 2
    assert stops[0]["position"] == 0 and stops[-1]["position"] == 1
    assert body["content"]["text"] == "Continue"
    # The surface as its average: between the two ends, not either one.
    assert body["tokens"]["colors"]["background"] not in (stops[0]["color"], stops[-1]["color"])
    flat = (await api.http.post(SCREENSHOT, **upload(encoded(project_card(1))))).json()
    assert flat["gradient"] is None


async def test_without_ocr_the_text_is_not_read(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(extraction_ocr=False)
    body = (await api.http.post(SCREENSHOT, **upload(encoded(project_card(1))))).json()
    assert body["content"] is None and "content" not in body["engines"]
    assert body["component_type"] == "card" and body["anatomy"][0]["role"] == "component"


async def test_odd_images_answer_with_a_guess_not_an_error(api: Api) -> None:
    shadowed = Canvas(400, 260, page="#f4f4f5")
    shadowed.shadow(60, 50, 280, 150, 12, 18, 90)  # a large, soft shadow
    shadowed.box(60, 50, 280, 150, fill="#ffffff", radius=12)
    ring = Canvas(300, 200)
    ring.line([(60, 40), (60, 160), (240, 160), (240, 40)], "#52525b", 2)
    transparent = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(transparent, "PNG")
    for data in (
        encoded(shadowed),
        encoded(ring),
        encoded(Canvas(16, 16)),
        encoded(Canvas(1, 900)),
        transparent.getvalue(),
    ):
        r = await api.http.post(SCREENSHOT, **upload(data))
        assert r.status_code == 200, r.text
        assert 0 <= r.json()["confidence"] <= 1


async def test_bad_uploads_get_the_envelope(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(extraction_max_image_bytes=200_000, extraction_max_image_pixels=2_000_000)
    good = component_png("button")
    cases = [
        (
            upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.png"),
            415,
            "unsupported_media_type",
        ),
        (upload(b""), 400, "bad_request"),
        (upload(good[: len(good) // 2]), 400, "bad_request"),
        (upload(png_header_only(5000, 5000)), 413, "payload_too_large"),
        (upload(good + b"\0" * 200_000), 413, "payload_too_large"),
        ({"data": {"component_type": "button"}}, 422, "validation_error"),
        ({"data": {"component_type": "carousel"}, **upload(good)}, 422, "validation_error"),
    ]
    for kwargs, status, kind in cases:
        r = await api.http.post(SCREENSHOT, **kwargs)
        assert r.status_code == status, (kind, r.text)
        error = r.json()["error"]
        assert error["type"] == kind and error["message"] and error["request_id"]
        assert "Traceback" not in r.text


async def test_requirements_for_a_named_type(api: Api) -> None:
    r = await api.http.post(
        "/api/v1/extraction/requirements",
        json={"component_type": "switch", "tokens": {"colors": {"primary": "#16a34a"}}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "requirements" and body["component_type"] == "switch"
    assert body["tokens"]["colors"]["primary"] == "#16a34a"
    assert "onCheckedChange" in {e["name"] for e in body["requirements"]["events"]}
    assert "role=switch" in {a["name"] for a in body["requirements"]["accessibility"]}
    assert body["engines"]["tokens"] == "input"

    image = base64.b64encode(component_png("button")).decode()
    r = await api.http.post(
        "/api/v1/extraction/requirements",
        json={"component_type": "button", "image_base64": f"data:image/png;base64,{image}"},
    )
    assert r.status_code == 200 and r.json()["engines"]["tokens"] == "pixels"
    assert "onClick" in {e["name"] for e in r.json()["requirements"]["events"]}

    for body_, status in (
        ({"component_type": "button", "image_base64": "%%%"}, 400),
        ({"component_type": "spaceship"}, 422),
        ({"component_type": "button", "tokens": {"colors": {"primary": "nope"}}}, 422),
    ):
        r = await api.http.post("/api/v1/extraction/requirements", json=body_)
        assert r.status_code == status and r.json()["error"]["request_id"]
