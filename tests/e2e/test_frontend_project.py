"""Generated components installed into a real Vite + React + TypeScript + Tailwind v4 app by
the real shadcn CLI with nothing but loopback reachable, then compiled, built and read in a
headless browser (examples/vite-app/check.py, run in an empty network namespace)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "vite-app"


def offline_check(*args: str) -> dict[str, Any]:
    if shutil.which("npm") is None or not (APP / "node_modules" / ".bin" / "shadcn").exists():
        unavailable("the example app", "npm or examples/vite-app/node_modules missing")
    unshare = shutil.which("unshare") or "unshare"
    if subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        unavailable("a network namespace", "`unshare -n` is not allowed here")
    done = subprocess.run(
        [unshare, "-n", sys.executable, str(APP / "check.py"), "--serve", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0, report
    return report


def test_components_install_build_and_render_with_only_loopback_reachable() -> None:
    report = offline_check()
    # The blocking is real: a public host the machine can otherwise reach fails.
    assert report["public_host"] == "unreachable"
    steps = [s["step"] for s in report["steps"]]
    assert steps[0] == "npm ci --offline"
    assert steps[-3:] == ["openapi-typescript", "tsc --noEmit", "vite build"]
    assert all(s["rc"] == 0 for s in report["steps"])
    # A card with a button, a select and a button: the primitives came from this server.
    assert report["installed"] == [
        "components/CountrySelect.tsx",
        "components/PlanCard.tsx",
        "components/SaveButton.tsx",
        "components/ui/button.tsx",
        "components/ui/card.tsx",
        "components/ui/select.tsx",
    ]
    assert all(c["validation"] == "PASS" for c in report["components"].values())
    sections = report["page"]["sections"]
    assert sections["PlanCard"]["text"] == "Team plan Billed yearly Upgrade"
    assert sections["CountrySelect"]["text"] == "Choose a country"
    assert sections["SaveButton"]["text"] == "Save changes"
    assert all(s["height"] > 0 and s["width"] > 0 for s in sections.values())
    assert report["missing_text"] == {} and report["page"]["errors"] == []


def test_with_api_keys_on_the_namespace_sends_the_key_for_every_dependency() -> None:
    # The install itself is the test above's: this project links its node_modules.
    report = offline_check(
        "--api-key", "cf-frontend-check-key", "--only", "PlanCard", "--link-modules"
    )
    assert [s["step"] for s in report["steps"]][1:3] == [
        "shadcn add @componentforge/style",
        f"shadcn add @componentforge/{report['components']['PlanCard']['generation_id']}",
    ]
    assert "components/ui/card.tsx" in report["installed"]
    assert "components/ui/button.tsx" in report["installed"]
    assert report["page"]["sections"]["PlanCard"]["text"] == "Team plan Billed yearly Upgrade"
