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
from componentforge.infra.validator import ValidatorPool
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


def shadcn_schema_check(item: dict[str, Any], kind: str = "item") -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (VALIDATOR / "node_modules" / "shadcn").is_dir():
        unavailable("shadcn's schema", "node or validator/node_modules/shadcn missing")
    assert node is not None
    done = subprocess.run(
        [node, "scripts/check-registry-item.mjs", kind],
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
async def api(make_api: Callable[..., Awaitable[Api]], node_validator: ValidatorPool) -> Api:
    return await started(await make_api(validator=node_validator, rate_limit_enabled=False))


async def test_a_generation_is_a_valid_registry_item_that_type_checks(api: Api) -> None:
    generated = (await api.http.post("/api/v1/generation/generate", json=REQUEST)).json()
    response = await api.http.get(f"/api/v1/r/{generated['generation_id']}.json")
    assert response.status_code == 200, response.text
    item = response.json()
    assert shadcn_schema_check(item) == {"ok": True}
    assert (item["name"], item["type"], item["title"]) == (
        "country-select",
        "registry:component",
        "CountrySelect",
    )
    (file,) = item["files"]
    assert file["type"] == "registry:component" and file["path"] == "components/CountrySelect.tsx"
    assert file["content"] == generated["files"]["CountrySelect.tsx"]
    # Dependencies on this same server, beside the URL the item was fetched from.
    assert item["registryDependencies"] == [
        "http://testserver/api/v1/r/select.json",
        "http://testserver/api/v1/r/utils.json",
    ]
    assert item["dependencies"] == []  # the primitives bring Radix; React is the project's
    assert "cssVars" not in item  # scoped inline; the theme is its own item
    assert item["meta"]["generation_id"] == generated["generation_id"]

    theme = (await api.http.get(f"/api/v1/r/{generated['generation_id']}-theme.json")).json()
    assert shadcn_schema_check(theme) == {"ok": True}
    primary = json.loads(generated["files"]["tokens.json"])["css_variables"]["--primary"]
    assert theme["type"] == "registry:theme"
    assert theme["cssVars"]["light"]["primary"] == theme["cssVars"]["dark"]["primary"] == primary

    # The installed file, compiled beside the primitives it depends on: TypeScript strict.
    checked = await api.http.post(
        "/api/v1/validation/validate",
        json={"code": file["content"], "component_name": "CountrySelect"},
    )
    report = checked.json()
    assert report["typescript"]["errors"] == [] and report["status"] == "PASS", report


async def test_the_registry_serves_every_primitive_utils_and_a_base_style(api: Api) -> None:
    index = (await api.http.get("/api/v1/r/registry.json")).json()
    assert shadcn_schema_check(index, "index") == {"ok": True}
    assert index["name"] == "componentforge" and index["homepage"] == "http://testserver"
    names = [i["name"] for i in index["items"]]
    ui = sorted(p.stem for p in (DEFAULT_PATTERNS_DIR / "components" / "ui").glob("*.tsx"))
    assert names == ["style", "utils", *ui]
    assert all("content" not in f for i in index["items"] for f in i["files"])

    for name in names:
        item = (await api.http.get(f"/api/v1/r/{name}.json")).json()
        assert shadcn_schema_check(item) == {"ok": True}, name
        assert not any("shadcn.com" in d for d in item["registryDependencies"]), name
    button = (await api.http.get("/api/v1/r/button.json")).json()
    source = (DEFAULT_PATTERNS_DIR / "components" / "ui" / "button.tsx").read_text()
    assert button["files"] == [
        {"path": "components/ui/button.tsx", "type": "registry:ui", "content": source}
    ]
    assert button["dependencies"] == ["@radix-ui/react-slot", "class-variance-authority"]
    assert button["registryDependencies"] == ["http://testserver/api/v1/r/utils.json"]
    dialog = (await api.http.get("/api/v1/r/alert-dialog.json")).json()
    assert "http://testserver/api/v1/r/button.json" in dialog["registryDependencies"]
    utils = (await api.http.get("/api/v1/r/utils.json")).json()
    assert (utils["type"], utils["dependencies"]) == ("registry:lib", ["clsx", "tailwind-merge"])
    style = (await api.http.get("/api/v1/r/style.json")).json()
    assert (style["type"], style["extends"]) == ("registry:style", "none")
    assert style["cssVars"]["light"]["primary"] == "oklch(0.205 0 0)"
    assert style["cssVars"]["dark"]["primary"] == "oklch(0.922 0 0)"
    assert style["cssVars"]["theme"]["color-primary"] == "var(--primary)"

    # Behind a proxy with a path prefix, links follow the URL the item was fetched from; with
    # an API key they name the namespace the CLI sends the key to.
    behind = await api.http.get("/api/v1/r/button.json", headers={"host": "ui.example.com:8443"})
    assert behind.json()["registryDependencies"] == [
        "http://ui.example.com:8443/api/v1/r/utils.json"
    ]
    keyed = await api.http.get("/api/v1/r/button.json", headers={"x-api-key": "anything"})
    assert keyed.json()["registryDependencies"] == ["@componentforge/utils"]


async def test_what_the_schema_refuses_is_caught_by_the_check() -> None:
    """The check itself can fail: an item of a type the CLI does not know."""
    bad = {"name": "x", "type": "registry:widget", "files": []}
    assert shadcn_schema_check(bad)["ok"] is False


async def test_unknown_generations_are_404(api: Api) -> None:
    response = await api.http.get(f"/api/v1/r/{'0' * 32}.json")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"
    assert (await api.http.get("/api/v1/r/no-such-thing.json")).status_code == 404
    assert (await api.http.get(f"/api/v1/r/{'0' * 32}-theme.json")).status_code == 404
    assert (await api.http.get("/api/v1/r/Not_An_Id.json")).status_code == 422
