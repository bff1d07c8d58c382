"""A generation as a shadcn registry item: checked with the schema the shadcn CLI (npm
`shadcn`, in validator/) parses items with, and its file type-checked where the primitives it
names as registryDependencies are installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from tests.conftest import Api, unavailable
from tests.support.generation import started

VALIDATOR = DEFAULT_PATTERNS_DIR.parent / "validator"
REQUEST: dict[str, Any] = {
    "pattern_id": "shadcn-select",
    "component_name": "CountrySelect",
    "tokens": {
        "colors": {"primary": "#0f766e", "background": "#ffffff", "foreground": "#0f172a"},
        "border": {"radius_px": 8},
    },
    "requirements": {"props": ["placeholder"], "events": ["onValueChange"]},
}


def shadcn_schema_check(item: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (VALIDATOR / "node_modules" / "shadcn").is_dir():
        unavailable("shadcn's schema", "node or validator/node_modules/shadcn missing")
    assert node is not None
    done = subprocess.run(
        [node, "scripts/check-registry-item.mjs"],
        input=json.dumps(item),
        capture_output=True,
        text=True,
        cwd=VALIDATOR,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
async def api(make_api: Callable[..., Awaitable[Api]]) -> Api:
    return await started(await make_api(validator_pool_size=1, rate_limit_enabled=False))


async def test_a_generation_is_a_valid_registry_item_that_type_checks(api: Api) -> None:
    generated = (await api.http.post("/api/v1/generation/generate", json=REQUEST)).json()
    response = await api.http.get(f"/api/v1/r/{generated['generation_id']}.json")
    assert response.status_code == 200, response.text
    item = response.json()
    assert shadcn_schema_check(item) == {"ok": True}
    assert (item["name"], item["type"], item["title"]) == (
        "country-select",
        "registry:ui",
        "CountrySelect",
    )
    (file,) = item["files"]
    assert file["type"] == "registry:ui" and file["path"] == "components/ui/CountrySelect.tsx"
    assert file["content"] == generated["files"]["CountrySelect.tsx"]
    assert item["registryDependencies"] == ["select", "utils"]
    assert item["dependencies"] == []  # the primitives bring Radix; React is the project's
    assert (
        item["cssVars"]["light"]["primary"]
        == json.loads(generated["files"]["tokens.json"])["css_variables"]["--primary"]
    )
    assert item["meta"]["generation_id"] == generated["generation_id"]

    # The installed file, compiled beside the primitives it depends on: TypeScript strict.
    checked = await api.http.post(
        "/api/v1/validation/validate",
        json={"code": file["content"], "component_name": "CountrySelect"},
    )
    report = checked.json()
    assert report["typescript"]["errors"] == [] and report["status"] == "PASS", report


async def test_what_the_schema_refuses_is_caught_by_the_check() -> None:
    """The check itself can fail: an item of a type the CLI does not know."""
    bad = {"name": "x", "type": "registry:widget", "files": []}
    assert shadcn_schema_check(bad)["ok"] is False


async def test_unknown_generations_are_404(api: Api) -> None:
    response = await api.http.get(f"/api/v1/r/{'0' * 32}.json")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"
    assert (await api.http.get("/api/v1/r/not-an-id.json")).status_code == 422
