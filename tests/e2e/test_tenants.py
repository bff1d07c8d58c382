"""Tenants: what one API key's tenant makes, no other tenant sees, lists, counts or deletes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from componentforge.infra.db.models import ApiKey, Generation, ValidationReportRow
from componentforge.infra.validator import ValidatorPool
from tests.conftest import Api

GENERATE = "/api/v1/generation/generate"
REQUEST: dict[str, Any] = {
    "pattern_id": "shadcn-badge",
    "component_name": "StatusBadge",
    "tokens": {"colors": {"primary": "#7c3aed", "primary_foreground": "#ffffff"}},
    "options": {"validate": False},
}
A = {"X-API-Key": "key-a"}
B = {"X-API-Key": "key-b"}


@pytest.fixture(params=["sqlite", "postgresql"])
async def api(
    request: pytest.FixtureRequest,
    make_api: Callable[..., Awaitable[Api]],
    node_validator: ValidatorPool,
) -> Api:
    extra = (
        {"database_url": request.getfixturevalue("postgres_url")}
        if request.param != "sqlite"
        else {}
    )
    if extra:
        extra["database_auto_migrate"] = True
    return await make_api(
        api_keys=["key-a", "key-b"], rate_limit_enabled=False, validator=node_validator, **extra
    )


async def generate(api: Api, headers: dict[str, str], **extra: Any) -> dict[str, Any]:
    r = await api.http.post(GENERATE, json={**REQUEST, **extra}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_another_tenant_gets_404_for_every_id(api: Api) -> None:
    made = await generate(api, A, project="web")
    gid = made["generation_id"]
    key = made["provenance"]["cache_key"]
    artifact = next(iter(made["artifacts"].values())).split("/api/v1/artifacts/", 1)[1]
    report = (
        await api.http.post(
            "/api/v1/validation/validate", json={"code": "export const x = 1\n"}, headers=A
        )
    ).json()
    rid = report["report_id"]
    owned = [
        f"/api/v1/generation/{gid}",
        f"/api/v1/r/{gid}.json",
        f"/api/v1/artifacts/{artifact}",
        f"/api/v1/validation/reports/{rid}",
        f"/api/v1/validation/reports/{rid}.html",
    ]
    for path in owned:
        assert (await api.http.get(path, headers=A)).status_code == 200, path
        r = await api.http.get(path, headers=B)
        assert r.status_code == 404, (path, r.status_code)
        assert r.json()["error"]["type"] == "not_found"
        assert set(r.json()) == {"error"} and "export" not in r.text  # nothing of A's files
    # B's delete of A's cache entry finds nothing, and A is still answered from it.
    r = await api.http.delete(f"/api/v1/generation/cache/{key}", headers=B)
    assert r.status_code == 404
    again = await generate(api, A)
    assert again["cache_layer"] == "L1"
    # B asking the very same thing is never answered from A's cache.
    theirs = await generate(api, B)
    assert theirs["cache_layer"] == "L4" and theirs["tenant"] != made["tenant"]
    assert theirs["provenance"]["cache_key"] != key
    # Listing and stats count only the caller's own.
    page_a = (await api.http.get("/api/v1/generation", headers=A)).json()
    page_b = (await api.http.get("/api/v1/generation", headers=B)).json()
    assert page_a["total"] == 2 and page_b["total"] == 1
    assert {i["generation_id"] for i in page_b["items"]} == {theirs["generation_id"]}
    stats_b = (await api.http.get("/api/v1/generation/stats", headers=B)).json()
    assert stats_b["count"] == 1
    web = (await api.http.get("/api/v1/generation?project=web", headers=A)).json()
    assert [i["generation_id"] for i in web["items"]] == [gid] and web["items"][0][
        "project"
    ] == "web"
    assert (await api.http.get("/api/v1/generation/stats?project=web", headers=A)).json()[
        "count"
    ] == 1
    r = await api.http.get(f"/api/v1/generation?tenant={made['tenant']}", headers=B)
    assert r.status_code == 403 and r.json()["error"]["type"] == "forbidden"
    # Rows say whose they are.
    await api.app.state.services.generation.drain()
    async with api.resources.sessions() as session:
        tenants = {r.id: r.tenant for r in await session.scalars(select(Generation))}
        reports = {r.id: r.tenant for r in await session.scalars(select(ValidationReportRow))}
    assert tenants[gid] == made["tenant"] and tenants[theirs["generation_id"]] == theirs["tenant"]
    assert reports[rid] == made["tenant"]


async def test_an_admin_key_sees_every_tenant_and_filters_by_one(
    make_api: Callable[..., Awaitable[Api]],
) -> None:
    api = await make_api(api_keys=["key-a"], rate_limit_enabled=False)
    admin_key, admin = await api.resources.keys.create("ops", "operations", admin=True)
    other_key, other = await api.resources.keys.create("bot", "acme", admin=False)
    mine = await generate(api, A)
    theirs = await generate(api, {"X-API-Key": other_key})
    assert theirs["tenant"] == "acme"
    everything = (await api.http.get("/api/v1/generation", headers={"X-API-Key": admin_key})).json()
    assert everything["total"] == 2
    acme = (
        await api.http.get("/api/v1/generation?tenant=acme", headers={"X-API-Key": admin_key})
    ).json()
    assert [i["generation_id"] for i in acme["items"]] == [theirs["generation_id"]]
    r = await api.http.get(
        f"/api/v1/generation/{mine['generation_id']}", headers={"X-API-Key": admin_key}
    )
    assert r.status_code == 200
    r = await api.http.get(
        f"/api/v1/generation/{mine['generation_id']}", headers={"X-API-Key": other_key}
    )
    assert r.status_code == 404
    # A revoked key stops working (look-ups are cached for a few seconds: a fresh store here).
    await api.resources.keys.revoke("bot")
    api.resources.keys._found.clear()
    r = await api.http.get("/api/v1/generation", headers={"X-API-Key": other_key})
    assert r.status_code == 401
    await asyncio.gather(*api.resources.keys._background)  # last_used_at is written off-path
    async with api.resources.sessions() as session:
        stored = {k.name: k for k in await session.scalars(select(ApiKey))}
    assert stored["ops"].digest != admin_key and admin_key not in str(stored["ops"].__dict__)
    assert admin.last_used_at is None and stored["ops"].last_used_at is not None
    assert stored["bot"].revoked_at is not None and other.tenant == "acme"


async def test_keys_off_is_one_local_tenant(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(rate_limit_enabled=False)
    made = await generate(api, {"X-API-Key": "anything"})
    assert made["tenant"] == "local"
    same = await generate(api, {})
    assert same["cache_layer"] == "L1"
    assert (await api.http.get(f"/api/v1/generation/{made['generation_id']}")).status_code == 200


def test_keys_commands_store_only_a_digest(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data")}
    for name in ("DATABASE_URL", "API_KEYS", "API_KEY_HASHES"):
        env.pop(name, None)
    command = [sys.executable, "-m", "componentforge.cli", "keys"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
        )

    made = run("create", "--name", "ci", "--tenant", "acme")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("cf_") and len(key) > 40 and "tenant 'acme'" in made.stderr
    assert run("create", "--name", "ci").returncode == 2  # names are unique
    listed = run("list")
    assert "ci" in listed.stdout and "acme" in listed.stdout and key not in listed.stdout
    assert "active" in listed.stdout
    assert run("revoke", "ci").returncode == 0
    assert "revoked" in run("list").stdout
    assert run("revoke", "nobody").returncode == 2
    database = (tmp_path / "data" / "componentforge.db").read_bytes()
    assert key.encode() not in database
