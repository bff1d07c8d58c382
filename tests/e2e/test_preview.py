"""The real-browser preview and the visual check: components rendered by the validator's
headless Chromium (Tailwind v4, the shadcn theme), stored as PNGs, compared with images drawn
here; a page that reaches for the network or never finishes is contained."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from componentforge.config import Settings
from tests.conftest import Api, serving
from tests.support.generation import started

VALIDATE = "/api/v1/validation/validate"
BOX = """import * as React from "react"

export function Box(props: React.ComponentProps<"div">) {
  return <div className="h-[48px] w-[160px] rounded-none bg-[#2563eb]" {...props} />
}
"""


@pytest.fixture(scope="module")
async def api(module_settings: Callable[..., Settings]) -> AsyncIterator[Api]:
    """One app, so one Node worker and one browser, for the module's tests (the browser that
    a spinning page took down comes back for the next, as a server's does)."""
    async with serving(module_settings(validator_pool_size=1, rate_limit_enabled=False)) as api:
        yield await started(api)


def drawn(fill: str, scale: int = 1) -> str:
    image = Image.new("RGB", (160 * scale, 48 * scale), fill)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


async def png_at(api: Api, url: str) -> Image.Image:
    response = await api.http.get(url)
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content)).convert("RGB")


async def test_the_component_is_rendered_in_a_browser_with_tailwind(api: Api) -> None:
    response = await api.http.post(
        VALIDATE, json={"code": BOX, "component_name": "Box", "preview": True}
    )
    assert response.status_code == 200, response.text
    report = response.json()
    preview = report["preview"]
    assert preview["status"] == "rendered", preview
    first = preview["images"][0]
    assert first["story"] == "Component" and (first["width"], first["height"]) == (160, 48)
    image = await png_at(api, first["url"])
    # 8 px of page around the component; the middle is the Tailwind class's colour
    assert image.size == (176, 64)
    centre = np.asarray(image)[32, 88]
    assert tuple(int(c) for c in centre) == (0x25, 0x63, 0xEB)
    assert tuple(int(c) for c in np.asarray(image)[2, 2]) == (255, 255, 255)
    assert report["visual"] is None  # nothing to compare with
    assert any(c["name"] == "visual" and c["state"] == "skipped" for c in report["checks"])


async def test_a_reference_image_is_compared_and_counts_in_the_status(api: Api) -> None:
    same = await api.http.post(
        VALIDATE,
        json={
            "code": BOX,
            "component_name": "Box",
            "reference_image": drawn("#2563eb", 2),
            "reference_scale": 2,
        },
    )
    assert same.status_code == 200, same.text
    visual = same.json()["visual"]
    assert visual["passed"] and visual["colours"]["surface"] < 1 and visual["ssim"] > 0.95
    assert visual["size"] == {"width": 1.0, "height": 1.0}
    assert same.json()["status"] == "PASS", same.json()["recommendations"]
    assert same.json()["preview"]["scale"] == 2
    reference = await png_at(api, visual["images"]["reference"])
    assert reference.size == (320, 96)  # compared at the screenshot's scale
    other = await api.http.post(
        VALIDATE,
        json={"code": BOX, "component_name": "Box", "reference_image": drawn("#dc2626")},
    )
    body = other.json()
    assert body["status"] == "FAIL" and not body["visual"]["passed"]
    assert any("surface colour differs" in tip for tip in body["recommendations"])
    html = (await api.http.get(body["report_url"])).text
    assert body["visual"]["images"]["difference"].rsplit("/", 1)[1] in html


LABEL = """import * as React from "react"

export function Label(props: React.ComponentProps<"div">) {
  return (
    <div
      className="w-[180px] bg-[#f1f5f9] PADDING text-[15px] leading-[18px] text-[#0f172a]"
      {...props}
    >
      Save changes
    </div>
  )
}
"""


async def test_the_check_measures_how_far_the_previews_text_stands_off(api: Api) -> None:
    # the screenshot: the label rendered with 12 px of padding above and 8 below it
    shot = await api.http.post(
        VALIDATE,
        json={
            "code": LABEL.replace("PADDING", "px-[16px] pt-[12px] pb-[8px]"),
            "component_name": "Label",
            "preview": True,
        },
    )
    first = shot.json()["preview"]["images"][0]
    image = await png_at(api, first["url"])
    crop = image.crop((8, 8, 8 + int(first["width"]), 8 + int(first["height"])))
    buffer = io.BytesIO()
    crop.save(buffer, "PNG")
    reference = base64.b64encode(buffer.getvalue()).decode()
    # the same box with its text 2 px higher and 1 px to the right
    for padding, offset in (
        ("px-[16px] pt-[12px] pb-[8px]", {"x": 0.0, "y": 0.0}),
        ("pl-[17px] pr-[15px] pt-[10px] pb-[10px]", {"x": 1.0, "y": -2.0}),
    ):
        response = await api.http.post(
            VALIDATE,
            json={
                "code": LABEL.replace("PADDING", padding),
                "component_name": "Label",
                "reference_image": reference,
            },
        )
        visual = response.json()["visual"]
        assert visual["size"] == {"width": 1.0, "height": 1.0}
        assert visual["text_offset"] == offset, padding


async def test_a_bad_reference_image_is_refused_in_the_envelope(api: Api) -> None:
    truncated = base64.b64decode(drawn("#2563eb"))[:60]
    for value in (
        "not base64!",
        base64.b64encode(b"GIF89a not an image").decode(),
        base64.b64encode(truncated).decode(),
    ):
        response = await api.http.post(
            VALIDATE, json={"code": BOX, "component_name": "Box", "reference_image": value}
        )
        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"]["field"] == "reference_image"


async def test_a_page_that_reaches_out_or_spins_is_contained(api: Api) -> None:
    head = 'export function Box(props: React.ComponentProps<"div">) {'
    reaching = BOX.replace(
        head,
        head + '\n  React.useEffect(() => {\n    void fetch("http://example.com/x")\n'
        '    new WebSocket("ws://example.com/")\n  }, [])',
    )
    response = await api.http.post(
        VALIDATE, json={"code": reaching, "component_name": "Box", "preview": True}
    )
    assert response.status_code == 200, response.text
    assert response.json()["preview"]["status"] == "rendered"
    spinning = BOX.replace(
        head, head + "\n  React.useLayoutEffect(() => {\n    for (;;) {}\n  }, [])"
    )
    response = await api.http.post(
        VALIDATE, json={"code": spinning, "component_name": "Box", "preview": True}
    )
    assert response.status_code == 200, response.text
    preview = response.json()["preview"]
    assert preview["status"] == "failed" and "did not finish" in preview["reason"]
    # the browser came back for the next one
    again = await api.http.post(
        VALIDATE, json={"code": BOX, "component_name": "Box", "preview": True}
    )
    assert again.json()["preview"]["status"] == "rendered"


def paragraph(classes: str, text: str) -> str:
    return (
        'import * as React from "react"\n\n'
        'export function Note(props: React.ComponentProps<"p">) {\n'
        f'  return <p className="{classes}" {{...props}}>{text}</p>\n}}\n'
    )


async def test_contrast_is_judged_as_painted_in_the_browser(api: Api) -> None:
    faint = await api.http.post(
        VALIDATE,
        json={"code": paragraph("bg-white p-2 text-[#c8c8c8]", "Faint"), "preview": True},
    )
    body = faint.json()
    assert body["preview"]["contrast_checked"] >= 1
    violation = body["preview"]["contrast_violations"][0]
    assert violation["ratio"] < 2 and violation["foreground"] == "#c8c8c8"
    check = next(c for c in body["checks"] if c["name"] == "contrast")
    assert check["state"] == "failed" and body["status"] == "FAIL"
    assert any("as painted" in tip for tip in body["recommendations"])
    # token roles paired alone say 1.0:1 (primary on a background of the same colour); the
    # browser sees white text on blue, and that is what counts
    tokens = {"colors": {"primary": "#2563eb", "background": "#2563eb"}}
    filled = await api.http.post(
        VALIDATE,
        json={
            "code": paragraph("bg-[#2563eb] px-4 py-2 text-white", "Go"),
            "tokens": tokens,
            "preview": True,
        },
    )
    body = filled.json()
    assert body["preview"]["contrast_violations"] == []
    assert any(not p["aa"] for p in body["contrast"]["pairs"])  # kept, for information
    check = next(c for c in body["checks"] if c["name"] == "contrast")
    assert check["state"] == "passed", body["recommendations"]
    assert body["status"] == "PASS", body["recommendations"]


FONTS = Path(__file__).resolve().parents[2] / "validator" / "node_modules" / "@expo-google-fonts"
WORDS = "Accept terms and conditions"


@pytest.mark.parametrize(
    ("family", "face"),
    [
        ("font-sans", "arimo/400Regular/Arimo_400Regular.ttf"),
        ("font-serif", "tinos/400Regular/Tinos_400Regular.ttf"),
        ("font-mono", "cousine/400Regular/Cousine_400Regular.ttf"),
    ],
)
async def test_text_is_laid_out_in_a_face_of_its_kind_with_common_metrics(
    api: Api, family: str, face: str
) -> None:
    # Serif text is as narrow as Times, sans as wide as Arial, mono as Courier: the width the
    # font file's own advances give, not that of the one face the packaged browser came with
    # (Open Sans: 217 px for all three).
    code = (
        'import * as React from "react"\n\n'
        'export function Words(props: React.ComponentProps<"p">) {\n'
        f'  return <p className="inline-block {family} text-[16px] leading-[20px]" {{...props}}>'
        f"{WORDS}</p>\n}}\n"
    )
    response = await api.http.post(
        VALIDATE, json={"code": code, "component_name": "Words", "preview": True}
    )
    assert response.status_code == 200, response.text
    first = response.json()["preview"]["images"][0]
    # The browser places glyphs on whole pixels: each advance is rounded.
    font = ImageFont.truetype(str(FONTS / face), 16)
    expected = sum(round(font.getlength(letter)) for letter in WORDS)
    assert abs(first["width"] - expected) <= 2, (first["width"], expected)


async def test_classes_that_style_a_child_are_compiled(api: Api) -> None:
    # An arbitrary variant naming a child (`[&>span]:`), as a switch's thumb is sized: the
    # preview's CSS has it, as a project's Tailwind would.
    code = (
        'import * as React from "react"\n\n'
        'export function Bar(props: React.ComponentProps<"div">) {\n'
        '  return (\n    <div className="inline-block [&>span]:block [&>span]:h-[20px] '
        '[&>span]:w-[40px] [&>span]:bg-[#ff0000]" {...props}>\n      <span />\n    </div>\n  )\n}\n'
    )
    response = await api.http.post(
        VALIDATE, json={"code": code, "component_name": "Bar", "preview": True}
    )
    assert response.status_code == 200, response.text
    first = response.json()["preview"]["images"][0]
    assert (first["width"], first["height"]) == (40, 20)
    image = await png_at(api, first["url"])
    assert tuple(int(c) for c in np.asarray(image)[18, 28]) == (255, 0, 0)
