"""/api/v1/validation end to end with the real Node worker, TypeScript, ESLint and axe-core."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR, Settings
from componentforge.infra.db.repository import get_validation_report
from componentforge.infra.validator import ValidatorPool
from tests.conftest import Api, serving, unavailable
from tests.support.generation import started

pytestmark = pytest.mark.slow

VALIDATE = "/api/v1/validation/validate"
BUTTON = (DEFAULT_PATTERNS_DIR / "components" / "ui" / "button.tsx").read_text()
BUTTON_STORIES = """import type { Meta, StoryObj } from "@storybook/react"

import { Button } from "./Button"

const meta = {
  title: "Button",
  component: Button,
  args: { children: "Save changes" },
} satisfies Meta<typeof Button>

export default meta
type Story = StoryObj<typeof meta>

export const Primary: Story = {}
export const Outline: Story = { args: { variant: "outline" } }
export const Disabled: Story = { args: { disabled: true } }
"""
GOOD_TOKENS = {
    "colors": {
        "foreground": "#0a0a0a",
        "background": "#ffffff",
        "primary": "#18181b",
        "primary-foreground": "#fafafa",
    }
}


def component(body: str, name: str = "Widget", imports: str = "") -> str:
    return f"{imports}\n\nexport function {name}() {{\n{body}\n}}\n"


SETTINGS: dict[str, Any] = {
    "validator_pool_size": 1,
    "rate_limit_enabled": False,
    "validator_render_timeout_seconds": 3,
}


@pytest.fixture(scope="module")
async def api(module_settings: Callable[..., Settings]) -> AsyncIterator[Api]:
    """One app, and so one Node worker, for the module's tests: killed or frozen, it comes
    back, as a server's does."""
    async with serving(module_settings(**SETTINGS)) as api:
        yield await started(api)


async def validate(api: Api, **body: Any) -> dict[str, Any]:
    r = await api.http.post(VALIDATE, json=body)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_a_known_good_component_passes_and_its_report_is_stored(api: Api) -> None:
    report = await validate(
        api,
        code=BUTTON,
        stories=BUTTON_STORIES,
        component_name="Button",
        tokens=GOOD_TOKENS,
        requirements={
            "props": ["variant", "size", "asChild"],
            "events": ["onClick"],
            "states": ["disabled"],
            "accessibility": ["aria-label"],
        },
    )
    assert report["status"] == "PASS", report["recommendations"]
    assert report["score"] >= 0.9
    assert report["typescript"]["errors"] == [] and report["eslint"]["errors"] == []
    assert report["a11y"]["violations"] == [] and report["security"]["findings"] == []
    assert {s["story"] for s in report["render"]["stories"]} == {"Primary", "Outline", "Disabled"}
    assert all(s["ok"] for s in report["render"]["stories"])
    assert "Save changes" in report["render"]["stories"][0]["html"]
    assert report["requirements"]["missing"] == []
    assert all(p["aa"] for p in report["contrast"]["pairs"])
    assert {c["name"]: c["state"] for c in report["checks"]} == {
        "typescript": "passed",
        "a11y": "passed",
        "eslint": "passed",
        "security": "passed",
        "contrast": "passed",
        "requirements": "passed",
        "visual": "skipped",  # no reference image
    }

    stored = (await api.http.get(f"/api/v1/validation/reports/{report['report_id']}")).json()
    assert stored["status"] == "PASS" and stored["score"] == report["score"]
    page = await api.http.get(f"/api/v1/validation/reports/{report['report_id']}.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Quality report: Button" in page.text and "PASS" in page.text
    assert (
        "<script" not in page.text
        and "http" not in page.text.split("<body>")[1].split("dequeuniversity")[0][:0]
    )
    assert (await api.http.get(report["report_url"])).status_code == 200
    async with api.resources.sessions() as session:
        row = await get_validation_report(session, report["report_id"])
    assert row is not None and row.status == "PASS" and row.html_key.endswith("quality-report.html")
    missing = await api.http.get("/api/v1/validation/reports/" + "0" * 32)
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "not_found"


async def test_each_kind_of_problem_fails_with_its_finding(api: Api) -> None:
    typed = await validate(api, code=component('  const n: number = "three"\n  return <p>{n}</p>'))
    assert typed["status"] == "FAIL"
    assert typed["typescript"]["errors"][0] | {"message": ""} == {
        "file": "component",
        "line": 4,
        "column": 9,
        "code": "TS2322",
        "message": "",
        "severity": "error",
    }
    assert any("type error at line 4" in t for t in typed["recommendations"])

    hooks = await validate(
        api,
        code=(
            'import * as React from "react"\n'
            "export function Widget({ on }: { on: boolean }) {\n"
            "  if (on) {\n    React.useState(0)\n  }\n  return <p>hi</p>\n}\n"
        ),
    )
    assert hooks["status"] == "FAIL"
    assert [e["rule"] for e in hooks["eslint"]["errors"]] == ["react-hooks/rules-of-hooks"]

    image = await validate(api, code=component('  return <img src="/team.png" />'))
    assert image["status"] == "FAIL"
    assert [v["rule"] for v in image["a11y"]["violations"]] == ["image-alt"]
    assert image["a11y"]["violations"][0]["impact"] == "critical"
    assert image["a11y"]["violations"][0]["nodes"][0]["html"] == '<img src="/team.png">'
    assert "jsx-a11y/alt-text" in [e["rule"] for e in image["eslint"]["errors"]]
    assert any(t.startswith("add alt text to the image") for t in image["recommendations"])

    field = await validate(api, code=component('  return <input type="email" />'))
    assert field["status"] == "FAIL"
    assert "label" in [v["rule"] for v in field["a11y"]["violations"]]

    muted = await validate(
        api,
        code=component("  return <p>hello</p>"),
        tokens={"colors": {"muted-foreground": "#a3a3a3", "background": "#ffffff"}},
    )
    assert muted["status"] == "FAIL"
    pair = muted["contrast"]["pairs"][0]
    assert (pair["foreground"], pair["ratio"], pair["aa"]) == ("muted_foreground", 2.52, False)
    assert any("from 2.5:1 to 4.5:1" in t for t in muted["recommendations"])

    fixable = await validate(api, code=component("  var label = 'ok'\n  return <p>{label}</p>"))
    assert fixable["status"] == "PASS"
    assert [f["rule"] for f in fixable["auto_fixes"]] == ["no-var"]
    assert "const label" in fixable["fixed_code"]

    # an unused import is the toolchain's to fix (organize imports), like ESLint's fixes
    unused = component("  return <p>hi</p>", imports='import * as React from "react"')
    strict = await validate(api, code=unused, fix=False)
    assert strict["status"] == "FAIL" and strict["fixed_code"] is None
    fixed = await validate(api, code=unused, fix=True)
    assert fixed["status"] == "PASS", fixed["recommendations"]
    assert "import * as React" not in fixed["fixed_code"]
    assert "export function Widget()" in fixed["fixed_code"]


MALICIOUS = {
    "environment": ("  return <p>{process.env.CF_TEST_SECRET}</p>", "", "process is not defined"),
    "filesystem": (
        '  return <p>{String(fs.readFileSync("/etc/passwd"))}</p>',
        'import fs from "fs"',
        "could not be compiled",
    ),
    "process": (
        '  spawn("sh", ["-c", "touch /tmp/cf-owned"])\n  return <p>x</p>',
        'import { spawn } from "child_process"',
        "could not be compiled",
    ),
    "socket": (
        '  new WebSocket("ws://127.0.0.1:6379")\n  return <p>x</p>',
        "",
        "WebSocket is not defined",
    ),
    "fetch": ('  fetch("http://127.0.0.1:5432/")\n  return <p>x</p>', "", "fetch is not defined"),
    "memory": (
        "  const hog: number[][] = []\n  for (;;) hog.push(new Array(1e7).fill(1))",
        "",
        "ran out of memory",
    ),
    "loop": ("  for (;;) {}", "", "did not finish"),
}


async def test_malicious_components_fail_clearly_and_harm_nothing(
    make_api: Callable[..., Awaitable[Api]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CF_TEST_SECRET", "hunter2-do-not-leak")
    api = await started(await make_api(**SETTINGS))  # started with the secret in its environment
    for label, (body, imports, expected) in MALICIOUS.items():
        report = await validate(api, code=component(body, imports=imports))
        assert report["status"] == "FAIL", label
        assert report["render"]["ok"] is False, label
        assert expected in report["render"]["error"], (label, report["render"]["error"])
        assert "hunter2" not in str(report)
        assert any("make the component render" in t for t in report["recommendations"])
    sandbox = report["render"]["sandbox"]
    assert sandbox["network_isolated"] is True and sandbox["memory_mb"] == 192
    assert not await asyncio.to_thread(os.path.exists, "/tmp/cf-owned")
    assert (await api.http.get("/health")).status_code == 200  # the server is unharmed
    again = await validate(api, code=BUTTON, component_name="Button")
    assert again["render"]["ok"] is True


def _freeze_sandboxes(stop: threading.Event) -> None:
    """Stop (SIGSTOP) every render sandbox as it starts: a process that gets no CPU, as on a
    machine too busy to run a lowest-priority process."""
    frozen: set[int] = set()
    while not stop.is_set():
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in frozen:
                continue
            with contextlib.suppress(OSError):
                if b"sandbox.mjs" in (entry / "cmdline").read_bytes():
                    os.kill(int(entry.name), signal.SIGSTOP)
                    frozen.add(int(entry.name))
        time.sleep(0.002)


async def test_a_render_starved_by_a_busy_machine_is_unverified_not_failed(api: Api) -> None:
    await validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    stop = threading.Event()
    freezer = asyncio.create_task(asyncio.to_thread(_freeze_sandboxes, stop))
    try:
        report = await validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    finally:
        stop.set()
        await freezer
    assert report["status"] == "UNVERIFIED", report["render"]
    assert report["render"]["starved"] is True
    assert "too busy to finish rendering" in report["render"]["error"]
    a11y = next(c for c in report["checks"] if c["name"] == "a11y")
    assert a11y["state"] == "skipped" and "too busy" in a11y["reason"]
    assert any(t.startswith("validate again when the server") for t in report["recommendations"])
    calm = await validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    assert calm["status"] == "PASS" and calm["render"]["starved"] is False


async def test_the_security_scan_flags_what_a_reviewer_would(api: Api) -> None:
    code = component(
        '  const apiKey = "sk-proj-abcdefghijklmnopqrstuvwx"\n'
        '  localStorage.setItem("k", apiKey)\n'
        '  return (<div>\n    <a href="javascript:void(0)">x</a>\n'
        "    <div dangerouslySetInnerHTML={{ __html: apiKey }} />\n  </div>)"
    )
    report = await validate(api, code=code)
    rules = {(f["rule"], f["line"]) for f in report["security"]["findings"]}
    assert {("secret", 4), ("storage", 5), ("javascript-url", 7), ("dangerous-html", 8)} <= rules
    assert report["status"] == "FAIL"


async def test_a_crashed_worker_is_restarted(api: Api) -> None:
    pool = api.app.state.services.validation.pool
    await validate(api, code=BUTTON, component_name="Button")
    before = pool.restarts
    await pool._workers[0].kill()  # the process dies, as after an OOM or a bug
    report = await validate(api, code=BUTTON, component_name="Button")
    assert report["status"] != "UNVERIFIED" and pool.restarts == before + 1
    health = (await api.http.get("/api/v1/health")).json()
    validator = next(d for d in health["dependencies"] if d["name"] == "validator")
    assert (validator["mode"], validator["status"]) == ("embedded", "ok")
    assert validator["info"]["restarts"] == before + 1 and validator["info"]["in_flight"] == 0


async def test_workers_warm_up_when_they_start(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(validator_warm_up=True, validator_pool_size=1)
    pool = api.app.state.services.validation.pool
    if not pool.available:
        unavailable("Node.js validator", "not installed")
    report = await validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    assert report["status"] == "PASS", report["recommendations"]
    health = (await api.http.get("/api/v1/health")).json()
    validator = next(d for d in health["dependencies"] if d["name"] == "validator")
    assert validator["info"] == {
        "workers": 1,
        "running": 1,
        "in_flight": 0,
        "restarts": 0,
        "warmed": 1,
    }


async def test_without_warm_up_workers_start_as_the_load_needs_them(
    make_api: Callable[..., Awaitable[Api]],
) -> None:
    api = await started(
        await make_api(
            validator_warm_up=False, validator_pool_size=2, validator_requests_per_worker=1
        )
    )
    status, before = await validator_health(api)
    assert status == "healthy" and before["status"] == "ok", before
    assert before["info"]["running"] == 0 and "start with the first check" in before["detail"]
    report = await validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    assert report["status"] == "PASS", report["recommendations"]
    # One check at a time needs one worker: the second is not started, and not missed.
    status, after = await validator_health(api)
    assert (status, after["status"]) == ("healthy", "ok"), after
    assert after["info"]["running"] == 1 and after["info"]["warmed"] == 0, after
    # Two at once fill the first (one request per worker here): the second starts.
    both = await asyncio.gather(
        *(
            validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
            for _ in range(2)
        )
    )
    assert [r["status"] for r in both] == ["PASS", "PASS"], both
    status, busy = await validator_health(api)
    assert (status, busy["info"]["running"], busy["info"]["restarts"]) == ("healthy", 2, 0), busy


async def validator_health(api: Api) -> tuple[str, dict[str, Any]]:
    health = (await api.http.get("/api/v1/health")).json()
    return health["status"], next(d for d in health["dependencies"] if d["name"] == "validator")


async def test_a_timeout_degrades_to_unverified(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(validator_pool_size=1, validator_timeout_seconds=0.01)
    if not api.app.state.services.validation.pool.available:
        unavailable("Node.js validator", "not installed")
    pool = api.app.state.services.validation.pool
    before = pool.restarts
    report = await validate(api, code=BUTTON, component_name="Button")
    assert report["status"] == "UNVERIFIED"
    assert "did not finish within 0.01 s" in report["checks"][0]["reason"]
    # The stuck worker was stopped; until its replacement runs, health says so.
    overall, validator = await validator_health(api)
    assert (overall, validator["status"]) == ("degraded", "degraded"), validator
    assert validator["info"]["running"] == 0
    # The pool is back at its size by itself, before any other request.
    deadline = time.monotonic() + 60
    while pool.info()["running"] < 1 and time.monotonic() < deadline:  # noqa: ASYNC110 - no event
        await asyncio.sleep(0.05)
    assert pool.info()["running"] == 1 and pool.restarts == before + 1
    overall, validator = await validator_health(api)
    assert validator["status"] == "ok"


async def test_a_request_on_a_worker_that_died_under_it_is_retried(api: Api) -> None:
    pool = api.app.state.services.validation.pool
    await validate(api, code=BUTTON, component_name="Button")
    worker = pool._workers[0]
    honest = asyncio.create_task(
        validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button")
    )
    while worker.load == 0:  # noqa: ASYNC110 - the worker offers no event to wait on
        await asyncio.sleep(0.005)
    await worker.kill()  # as when another request's render took the worker down
    report = await honest
    assert report["status"] == "PASS", str(report["checks"][0])
    assert pool.info()["running"] == 1


async def test_without_node_only_syntax_is_checked(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(node_binary="/nonexistent/node")
    ok = await validate(api, code=BUTTON, component_name="Button", tokens=GOOD_TOKENS)
    assert ok["status"] == "UNVERIFIED"  # never a false PASS
    states = {c["name"]: (c["state"], c["reason"]) for c in ok["checks"]}
    assert states["a11y"] == ("skipped", "skipped: Node.js (/nonexistent/node) is not installed")
    assert states["contrast"][0] == "passed"
    broken = await validate(api, code="export function A() { return <div>{x</div> }")
    assert broken["status"] == "FAIL" and broken["typescript"]["errors"][0]["code"] == "SYNTAX"
    health = (await api.http.get("/api/v1/health")).json()
    validator = next(d for d in health["dependencies"] if d["name"] == "validator")
    assert health["status"] == "healthy" and validator["status"] == "disabled"
    assert "not installed" in validator["detail"] and "UNVERIFIED" in validator["detail"]


async def test_limits(make_api: Callable[..., Awaitable[Api]]) -> None:
    api = await make_api(validation_max_code_bytes=1000, node_binary="/nonexistent/node")
    r = await api.http.post(VALIDATE, json={"code": "x" * 1001})
    assert r.status_code == 413 and r.json()["error"]["details"]["max_bytes"] == 1000
    for body in ({"code": ""}, {"code": "   \n"}, {}, {"code": "x", "component_name": "lower"}):
        r = await api.http.post(VALIDATE, json=body)
        assert r.status_code == 422, body


async def test_format_rewrites_in_the_house_style_and_checks_what_it_wrote(api: Api) -> None:
    messy = (
        "import { cn } from '@/lib/utils';\n"  # unused: organize-imports drops it
        "import * as React from 'react';\n"
        "export function Widget(){ const [on,setOn]=React.useState(false);\n"
        "  return <button type='button' aria-pressed={on} onClick={()=>setOn(!on)}>Go</button>; }\n"
    )
    report = await validate(api, code=messy, component_name="Widget", format=True)
    formatted = report["formatted"]
    assert formatted["error"] is None
    assert formatted["code"] == (
        'import * as React from "react"\n'
        "export function Widget() {\n"
        "  const [on, setOn] = React.useState(false)\n"
        "  return (\n"
        '    <button type="button" aria-pressed={on} onClick={() => setOn(!on)}>\n'
        "      Go\n"
        "    </button>\n"
        "  )\n"
        "}\n"
    )
    assert report["status"] == "PASS", report["recommendations"]
    # A type error is reported at its line in the formatted text, not the text sent.
    broken = messy.replace("useState(false)", "useState<number>(false)").split("\n", 1)[1]
    failed = await validate(api, code=broken, component_name="Widget", format=True)
    errors = failed["typescript"]["errors"]
    assert errors[0]["line"] == 3, errors  # useState<number>(false): line 2 as sent, 3 formatted
    # Unparseable code comes back as sent, with Prettier's reason; TypeScript says why too.
    garbled = await validate(api, code="export function Widget( {", format=True)
    assert garbled["formatted"]["code"] == "export function Widget( {"
    assert garbled["formatted"]["error"]
    assert garbled["status"] == "FAIL"
    plain = await validate(api, code=messy, component_name="Widget")
    assert plain["formatted"] is None


@pytest.mark.solo  # the sandbox's priority below the checks' is what it is about
async def test_a_bad_render_costs_only_itself(api: Api) -> None:
    flood = component(
        '  return <ul aria-label="x">{Array.from({ length: 150000 }, (_, i) => '
        "<li key={i}>{i}</li>)}</ul>"
    )
    spin = component(
        "  useEffect(() => {\n    while (true) {}\n  }, [])\n  return <p>hi</p>",
        imports='import { useEffect } from "react"',
    )
    started = time.monotonic()
    flooded, spun, honest = await asyncio.gather(
        validate(api, code=flood, component_name="Widget"),
        validate(api, code=spin, component_name="Widget"),
        validate(api, code=BUTTON, stories=BUTTON_STORIES, component_name="Button"),
    )
    assert honest["status"] == "PASS", honest["checks"]
    assert flooded["status"] == "FAIL" and "characters of HTML" in flooded["render"]["error"]
    # Server rendering never runs effects; the sandbox does, inside the render's time limit.
    assert spun["status"] == "FAIL", spun["render"]
    assert "did not finish" in spun["render"]["error"]
    assert time.monotonic() - started < 25  # the request timeout (30 s) was never reached
    assert api.app.state.services.validation.pool.info()["running"] == 1


async def test_stories_are_bounded(api: Api) -> None:
    many = BUTTON_STORIES + "".join(f"export const Extra{i}: Story = {{}}\n" for i in range(48))
    r = await api.http.post(
        VALIDATE, json={"code": BUTTON, "stories": many, "component_name": "Button"}
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == {"field": "stories", "stories": 51, "max_stories": 50}
    fifty = BUTTON_STORIES + "".join(f"export const Extra{i}: Story = {{}}\n" for i in range(47))
    report = await validate(api, code=BUTTON, stories=fifty, component_name="Button")
    assert report["status"] == "PASS" and len(report["render"]["stories"]) == 50


async def test_what_native_elements_provide_counts_as_implemented(api: Api) -> None:
    code = component('  return <button type="button">Save</button>', name="Save")
    report = await validate(
        api,
        code=code,
        component_name="Save",
        requirements={"accessibility": ["role=button", "keyboard navigation", "labelling"]},
    )
    coverage = report["requirements"]
    assert coverage["missing"] == [], coverage
    evidence = {i["name"]: i["evidence"] for i in coverage["implemented"]}
    assert evidence["role=button"] == "<button> has the button role"
    assert evidence["keyboard navigation"].startswith("native keyboard support")
    # a <div> provides none of it
    plain = await validate(
        api,
        code=component("  return <div>Save</div>", name="Save"),
        component_name="Save",
        requirements={"accessibility": ["role=button", "keyboard navigation"]},
    )
    assert {m["name"] for m in plain["requirements"]["missing"]} == {
        "role=button",
        "keyboard navigation",
    }


async def test_apps_given_workers_check_with_them_and_leave_them_running(
    make_settings: Callable[..., Settings], node_validator: ValidatorPool
) -> None:
    """Workers an app is given (`create_app(validator=...)`) are their owner's: the app checks
    with them, and when it stops they keep running for the next app."""
    for n in range(2):
        settings = make_settings(rate_limit_enabled=False)
        async with serving(settings, validator=node_validator) as api:
            await started(api)
            assert api.app.state.services.validation.pool is node_validator
            report = await validate(api, code=BUTTON, component_name=f"Button{n}")
            assert report["typescript"]["errors"] == [] and report["eslint"]["errors"] == []
        assert node_validator.started and not node_validator.degraded
