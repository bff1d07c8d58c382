"""Screenshot in, component out: extraction, the pattern for the type read, generation and the
real validator in one call, plain and streamed."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from componentforge.config import Settings
from componentforge.infra.validator import ValidatorPool
from tests.conftest import Api, serving
from tests.support.drawing import component_png, dark_tabs, project_card
from tests.support.generation import events, started

pytestmark = pytest.mark.slow

URL = "/api/v1/generation/from-screenshot"


@pytest.fixture(scope="module")
async def api(
    module_settings: Callable[..., Settings], node_validator: ValidatorPool
) -> AsyncIterator[Api]:
    """One app for the module; each test sends screenshots of its own."""
    settings = module_settings(rate_limit_enabled=False)
    async with serving(settings, validator=node_validator) as api:
        yield await started(api)


def upload(kind: str) -> dict[str, Any]:
    return {"file": (f"{kind}.png", component_png(kind), "image/png")}


async def test_a_screenshot_becomes_a_validated_component(api: Api) -> None:
    response = await api.http.post(
        URL, files=upload("checkbox"), data={"component_name": "AgreeBox", "max_fix_rounds": "1"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    extraction, generation = body["extraction"], body["generation"]
    assert extraction["component_type"] == "checkbox"
    assert generation["pattern_id"] == "shadcn-checkbox"
    assert generation["validation"]["status"] == "PASS"
    code = generation["files"]["AgreeBox.tsx"]
    assert "export function AgreeBox(" in code
    # the measured primary colour is the component's --primary
    primary = extraction["tokens"]["colors"]["primary"]
    assert primary is not None and '"--primary": "oklch(' in code
    # the image's hash is the source in the cache key: the same image again is an L1 hit
    again = await api.http.post(
        URL, files=upload("checkbox"), data={"component_name": "AgreeBox", "max_fix_rounds": "1"}
    )
    assert again.json()["generation"]["cache_layer"] == "L1"
    other = await api.http.post(
        URL,
        files={"file": ("c.png", component_png("checkbox", page="#f1f5f9"), "image/png")},
        data={"component_name": "AgreeBox", "max_fix_rounds": "1"},
    )
    assert other.json()["generation"]["cache_layer"] == "L4"
    assert hashlib.sha256(component_png("checkbox")).hexdigest() not in code  # not leaked


async def test_the_stream_adds_an_extract_stage(api: Api) -> None:
    response = await api.http.post(f"{URL}/stream", files=upload("switch"))
    assert response.status_code == 200, response.text
    got = events(response.text)
    stages = [(d["stage"], d["status"]) for n, d in got if n == "stage"]
    assert stages[:4] == [
        ("extract", "start"),
        ("extract", "end"),
        ("load_pattern", "start"),
        ("load_pattern", "end"),
    ]
    assert stages[-1] == ("store", "end")
    name, body = got[-1]
    assert name == "result"
    assert body["extraction"]["component_type"] == "switch"
    assert body["generation"]["component_name"] == "AppSwitch"


@pytest.mark.parametrize("path", [URL, f"{URL}/stream"])
async def test_bad_uploads_are_refused_before_any_work(api: Api, path: str) -> None:
    text = await api.http.post(path, files={"file": ("a.png", b"not an image", "image/png")})
    assert text.status_code == 415, text.text
    assert text.json()["error"]["type"] == "unsupported_media_type"
    clash = await api.http.post(path, files=upload("switch"), data={"component_name": "Switch"})
    assert clash.status_code == 422
    assert clash.json()["error"]["details"]["field"] == "component_name"
    bad_name = await api.http.post(path, files=upload("switch"), data={"component_name": "x y"})
    assert bad_name.status_code == 422
    missing = await api.http.post(path, data={"component_name": "Fine"})
    assert missing.status_code == 422


async def test_the_caller_may_give_the_scale_of_a_retina_capture(api: Api) -> None:
    buffer = io.BytesIO()
    project_card(2).render().save(buffer, "PNG")
    files = {"file": ("card.png", buffer.getvalue(), "image/png")}
    response = await api.http.post(URL, files=files, data={"scale": "2", "validate": "false"})
    assert response.status_code == 200, response.text
    extraction = response.json()["extraction"]
    assert extraction["scale"]["factor"] == 2 and extraction["scale"]["source"] == "form"
    assert extraction["content"]["text"].startswith("Create project")
    bad = await api.http.post(URL, files=files, data={"scale": "0"})
    assert bad.status_code == 422 and bad.json()["error"]["type"] == "validation_error"


@pytest.fixture(scope="module")
async def seeing(
    module_settings: Callable[..., Settings], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """With the preview (a browser per worker) and so the visual check: another app, on a
    data folder of its own."""
    settings = module_settings(
        data_dir=tmp_path_factory.mktemp("seeing") / "data",
        validator_pool_size=1,
        rate_limit_enabled=False,
        preview_enabled=True,
    )
    async with serving(settings) as api:
        yield await started(api)


async def test_the_components_defaults_are_what_the_screenshot_shows(seeing: Api) -> None:
    api = seeing
    files = {"file": ("card.png", project_card().png(), "image/png")}
    response = await api.http.post(URL, files=files, data={"component_name": "ProjectCard"})
    assert response.status_code == 200, response.text
    generation = response.json()["generation"]
    assert generation["pattern_id"] == "shadcn-card"
    code = generation["files"]["ProjectCard.tsx"]
    assert 'title = "Create project"' in code
    assert 'description = "Deploy your new project in one click."' in code
    assert re.search(r'<Button>\s*\{"Deploy"\}\s*</Button>', code)  # the card's action
    assert "Deploy your new project in one click. Deploy" not in code
    # checked by the real TypeScript, ESLint and axe, and rendered
    assert generation["validation"]["status"] == "PASS", generation["validation"]
    # rendered in the browser and compared with the screenshot: it looks like it
    visual = generation["validation"]["visual"]
    assert visual["passed"], visual["reasons"]
    assert visual["text"]["rendered"].startswith("Create project")
    assert all(abs(v - 1) <= 0.15 for v in visual["size"].values())
    preview = await api.http.get(generation["artifacts"]["preview.png"])
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    shown = json.loads(generation["files"]["content.json"])["from_screenshot"]
    assert shown["actions"] == "Deploy" and shown["title"] == "Create project"
    # a plain request takes the same content from an extraction's answer
    extraction = response.json()["extraction"]
    again = await api.http.post(
        "/api/v1/generation/generate",
        json={
            "pattern_id": "shadcn-card",
            "component_name": "ProjectCard",
            "tokens": extraction["tokens"],
            "content": extraction["content"],
            "anatomy": extraction["anatomy"],
            "options": {"validate": False},
        },
    )
    assert again.status_code == 200, again.text
    assert 'title = "Create project"' in again.json()["files"]["ProjectCard.tsx"]


async def test_dark_tabs_come_out_with_the_screenshots_list_labels_and_highlight(
    seeing: Api,
) -> None:
    files = {"file": ("tabs.png", dark_tabs().png(), "image/png")}
    response = await seeing.http.post(URL, files=files, data={"component_name": "ReportTabs"})
    assert response.status_code == 200, response.text
    generation = response.json()["generation"]
    assert generation["pattern_id"] == "shadcn-tabs"
    code = generation["files"]["ReportTabs.tsx"]
    assert 'defaultValue = "analytics"' in code
    assert all(f'label: "{t}"' in code for t in ("Analytics", "Billing", "Reports"))
    visual = generation["validation"]["visual"]
    assert visual["text"]["exact"], visual["text"]
    # the list's fill, the labels' colours and the box, as painted in the browser
    assert visual["colours"]["surface"] < 5 and visual["colours"]["text"] < 5, visual["measured"]
    assert all(abs(v - 1) <= 0.10 for v in visual["size"].values()), visual["size"]
    assert visual["ssim"] > 0.6 and visual["passed"], visual["reasons"]
