"""A component sent for validation reads nothing outside the files it was sent with.

Every import a submitted file makes is checked against the policy before anything is read;
the worker runs under Node's permission model besides, so a resolver mistake still cannot read
/proc or /etc. Each attempt is a FAIL naming the import, and no byte of the target appears in
the answer, the stored report or its artifacts.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from componentforge.config import Settings
from componentforge.infra.db.repository import get_validation_report
from componentforge.infra.validator import worker_command
from tests.conftest import Api, serving, unavailable
from tests.support.generation import started

VALIDATE = "/api/v1/validation/validate"


@pytest.fixture(scope="module")
async def api(module_settings: Callable[..., Settings]) -> AsyncIterator[Api]:
    """One app, and so one Node worker, for the attacks: none of them may change it."""
    async with serving(module_settings(validator_pool_size=1, rate_limit_enabled=False)) as api:
        yield await started(api)


def leak(specifier: str, attributes: str = "") -> str:
    return (
        f'import data from "{specifier}"{attributes}\n\n'
        'export function Leak() {\n  return <pre aria-label="x">{String(data)}</pre>\n}\n'
    )


def story_importing(specifier: str) -> str:
    return (
        'import data from "' + specifier + '"\n'
        'import { Leak } from "./Leak"\n\n'
        "export default { component: Leak, args: { children: String(data) } }\n"
        "export const Primary = {}\n"
    )


SAFE = 'export function Leak() {\n  return <pre aria-label="x">safe</pre>\n}\n'


def secret_bytes(path: str) -> list[str]:
    """Distinctive pieces of a file, any of which in an answer would mean it was read."""
    text = Path(path).read_bytes().decode(errors="replace")
    pieces = [p for p in text.replace("\0", "\n").splitlines() if len(p) >= 8]
    return pieces[:20]


async def stored_everywhere(api: Api, report: dict[str, Any]) -> str:
    """The report as answered, as stored in the database and as its artifacts."""
    async with api.resources.records.sessions() as session:
        row = await get_validation_report(session, report["report_id"])
    assert row is not None
    base = f"reports/{report['report_id']}"
    stored = [
        await api.resources.artifacts.get(f"{base}/quality-report.{x}") for x in ("json", "html")
    ]
    return json.dumps(report) + json.dumps(row.report) + "".join(s.decode() for s in stored if s)


async def test_no_import_reads_outside_the_workspace(api: Api, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret.json"
    secret_file.write_text(json.dumps({"token": "cf-test-secret-4c1f9e7ab2"}))
    server_environ = f"/proc/{os.getpid()}/environ"
    traversal = "../" * 12 + str(secret_file).lstrip("/")
    attacks: list[tuple[str, dict[str, Any], list[str]]] = [
        (server_environ, {"code": leak(server_environ, ' with { type: "text" }')}, []),
        ("/etc/passwd", {"code": leak("/etc/passwd")}, ["/etc/passwd"]),
        ("/proc/self/environ", {"code": leak("/proc/self/environ")}, []),
        (str(secret_file), {"code": leak(str(secret_file), ' with { type: "json" }')}, []),
        (traversal, {"code": leak(traversal)}, []),
        ("../../../../../../etc/passwd", {"code": leak("../../../../../../etc/passwd")}, []),
        ("./Leak.tsx?raw", {"code": leak("./Leak.tsx?raw")}, []),
        ("react/package.json", {"code": leak("react/package.json")}, []),
        ("node:fs", {"code": leak("node:fs")}, []),
        ("fs", {"code": leak("fs")}, []),
        ("file:///etc/passwd", {"code": leak("file:///etc/passwd")}, []),
        ("data:text/plain,hi", {"code": leak("data:text/plain,hi")}, []),
        ("http://127.0.0.1:1/x.js", {"code": leak("http://127.0.0.1:1/x.js")}, []),
        ("@/../../../../etc/passwd", {"code": leak("@/../../../../etc/passwd")}, []),
        ("/etc/passwd", {"code": SAFE, "stories": story_importing("/etc/passwd")}, []),
        (
            str(secret_file),
            {"code": SAFE, "stories": story_importing(str(secret_file))},
            [],
        ),
        (
            "/etc/hostname",
            {
                "code": 'export * from "/etc/hostname"\n'
                'export function Leak() {\n  return <p aria-label="x">x</p>\n}\n'
            },
            [],
        ),
    ]
    forbidden = [
        *secret_bytes("/etc/passwd"),
        *secret_bytes(server_environ),
        "cf-test-secret-4c1f9e7ab2",
    ]
    for specifier, body, _ in attacks:
        r = await api.http.post(VALIDATE, json={**body, "component_name": "Leak"})
        assert r.status_code == 200, (specifier, r.text)
        report = r.json()
        assert report["status"] == "FAIL", (specifier, report["checks"])
        findings = [
            f
            for f in report["security"]["findings"]
            if f["rule"] == "forbidden-import" and f["severity"] == "critical"
        ]
        assert any(json.dumps(specifier) in f["message"] for f in findings), (specifier, findings)
        if "stories" in body:
            assert any(f.get("file") == "stories" for f in findings), findings
        everything = await stored_everywhere(api, report)
        leaked = [piece for piece in forbidden if piece in everything]
        assert not leaked, (specifier, leaked[:2])


async def test_dynamic_and_computed_imports_are_refused(api: Api) -> None:
    code = (
        "export function Leak() {\n"
        '  void import("/etc/passwd")\n'
        '  const name = "/etc/" + "passwd"\n'
        "  void import(name)\n"
        '  return <p aria-label="x">x</p>\n}\n'
    )
    report = (await api.http.post(VALIDATE, json={"code": code, "component_name": "Leak"})).json()
    assert report["status"] == "FAIL"
    lines = {f["line"]: f["message"] for f in report["security"]["findings"]}
    assert '"/etc/passwd"' in lines[2] and "computed name" in lines[4]
    assert not any(p in json.dumps(report) for p in secret_bytes("/etc/passwd"))


async def test_allowed_packages_and_workspace_files_still_resolve(api: Api) -> None:
    code = (
        'import { Slot } from "@radix-ui/react-slot"\n'
        'import { Check } from "lucide-react"\n\n'
        'import { Button } from "@/components/ui/button"\n'
        'import { cn } from "../../lib/utils"\n\n'
        "export function Leak() {\n"
        '  return (\n    <Slot className={cn("p-2")}>\n      <Button>\n'
        "        <Check aria-hidden />\n        Save\n      </Button>\n    </Slot>\n  )\n}\n"
    )
    report = (await api.http.post(VALIDATE, json={"code": code, "component_name": "Leak"})).json()
    assert report["security"]["findings"] == [], report["security"]
    assert report["render"]["ok"] is True, report["render"]
    assert report["status"] == "PASS", report["recommendations"]


def test_the_worker_cannot_read_outside_its_folders(tmp_path: Path) -> None:
    """Defence in depth: the worker's own Node refuses reads outside validator/ and patterns/."""
    from componentforge.config import DEFAULT_PATTERNS_DIR

    node = shutil.which("node")
    if node is None:
        unavailable("Node.js", "not installed")
        return
    validator_dir = DEFAULT_PATTERNS_DIR.parent / "validator"
    command = worker_command(node, validator_dir, DEFAULT_PATTERNS_DIR)[:-1]
    probe = (
        "import fs from 'node:fs'\n"
        "const read = (p) => {\n"
        "  try { fs.readFileSync(p); return 'read' } catch (e) { return e.code }\n}\n"
        f"console.log(JSON.stringify([read('/etc/passwd'), read('/proc/self/environ'), "
        f"read({json.dumps(str(tmp_path))} + '/x'), read({json.dumps(str(validator_dir))} + "
        "'/package.json')]))\n"
    )
    (tmp_path / "x").write_text("secret")
    done = subprocess.run(
        [*command, "--input-type=module", "-e", probe],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert json.loads(done.stdout) == [
        "ERR_ACCESS_DENIED",
        "ERR_ACCESS_DENIED",
        "ERR_ACCESS_DENIED",
        "read",
    ], done.stderr


async def test_the_worker_gets_none_of_the_servers_environment(
    make_api: Callable[..., Awaitable[Api]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CF_PROBE_SECRET", "cf-probe-7d1e")
    api = await make_api(validator_pool_size=1, rate_limit_enabled=False)
    pool = api.app.state.services.validation.pool
    if not pool.available:
        unavailable("Node.js validator", pool.reason)
    r = await api.http.post(VALIDATE, json={"code": SAFE, "component_name": "Leak"})
    assert r.status_code == 200
    pid = pool._workers[0]._process.pid
    environ = await asyncio.to_thread(Path(f"/proc/{pid}/environ").read_text)
    names = {item.split("=", 1)[0] for item in environ.split("\0") if item}
    assert names <= {"PATH", "HOME", "CF_PATTERNS_DIR"}, names
