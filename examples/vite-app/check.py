"""Install generated components into a real Vite + React + TypeScript + Tailwind v4 app with
the real shadcn CLI, build it, and read the built page in a headless browser.

    python examples/vite-app/check.py --server http://127.0.0.1:8000 [--api-key KEY]
    unshare -n python examples/vite-app/check.py --serve      # the offline proof

With `--serve` it starts `componentforge serve` itself on loopback (bringing the loopback
interface up first, as a fresh network namespace has it down) and first shows that a public
host cannot be reached. The app is this folder copied to a temporary one, its packages
installed by `npm ci --offline` from the npm cache that `make install` filled. It prints a
JSON report and exits 1 when a step fails.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VALIDATOR = ROOT / "validator"
PUBLIC_HOST = ("registry.npmjs.org", 443)
BOX = {"x": 0, "y": 0, "width": 100, "height": 20}


def _run(text: str, role: str, y: float) -> dict[str, Any]:
    return {"text": text, "role": role, "box": {**BOX, "y": y}, "confidence": 0.99}


# What the app gets: a card with a button, a select, a button; each with the text it must show.
COMPONENTS: list[dict[str, Any]] = [
    {
        "expect": ["Team plan", "Billed yearly", "Upgrade"],
        "request": {
            "pattern_id": "shadcn-card",
            "component_name": "PlanCard",
            "content": {
                "text": "Team plan Billed yearly Upgrade",
                "engine": "check",
                "runs": [
                    _run("Team plan", "title", 0),
                    _run("Billed yearly", "description", 30),
                    _run("Upgrade", "label", 60),
                ],
            },
            "anatomy": [
                {"role": "component", "box": {**BOX, "height": 100}},
                {"role": "action", "box": {**BOX, "y": 60}, "text": "Upgrade"},
            ],
        },
    },
    {
        "expect": ["Choose a country"],
        "request": {
            "pattern_id": "shadcn-select",
            "component_name": "CountrySelect",
            "content": {
                "text": "Choose a country",
                "engine": "check",
                "runs": [_run("Choose a country", "placeholder", 0)],
            },
        },
    },
    {
        "expect": ["Save changes"],
        "request": {
            "pattern_id": "shadcn-button",
            "component_name": "SaveButton",
            "content": {
                "text": "Save changes",
                "engine": "check",
                "runs": [_run("Save changes", "label", 0)],
            },
        },
    },
]


def components_json(server: str, api_key: bool) -> dict[str, Any]:
    """The components.json a project needs: no `baseColor` (with one, every `add` fetches
    ui.shadcn.com/r/colors/<baseColor>.json), and this service as the `@componentforge`
    namespace, which is how the CLI sends an API key."""
    registry: dict[str, Any] = {"url": f"{server}/api/v1/r/{{name}}.json"}
    if api_key:
        registry["headers"] = {"X-API-Key": "${COMPONENTFORGE_API_KEY}"}
    return {
        "$schema": "https://ui.shadcn.com/schema.json",
        "style": "new-york",
        "rsc": False,
        "tsx": True,
        "tailwind": {
            "config": "",
            "css": "src/index.css",
            "baseColor": "",
            "cssVariables": True,
            "prefix": "",
        },
        "aliases": {
            "components": "@/components",
            "utils": "@/lib/utils",
            "ui": "@/components/ui",
            "lib": "@/lib",
            "hooks": "@/hooks",
        },
        "iconLibrary": "lucide",
        "registries": {"@componentforge": registry},
    }


def app_tsx(names: list[str]) -> str:
    imports = "\n".join(f'import {{ {n} }} from "@/components/{n}"' for n in names)
    sections = "\n".join(
        f'      <section data-component="{n}">\n        <{n} />\n      </section>' for n in names
    )
    return (
        f"{imports}\n\nexport default function App() {{\n  return (\n"
        f'    <main className="flex flex-col items-start gap-6 p-8">\n{sections}\n'
        f"    </main>\n  )\n}}\n"
    )


def public_host_reachable() -> str | None:
    """None when the public host cannot be reached, else how it answered."""
    try:
        with socket.create_connection(PUBLIC_HOST, timeout=3):
            return f"connected to {PUBLIC_HOST[0]}:{PUBLIC_HOST[1]}"
    except OSError:
        return None


def _step(report: dict[str, Any], name: str, command: list[str], cwd: Path, **env: str) -> None:
    started = time.monotonic()
    done = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    report["steps"].append(
        {"step": name, "rc": done.returncode, "seconds": round(time.monotonic() - started, 1)}
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(api_key: str | None, data: Path) -> Iterator[str]:
    """`componentforge serve` on loopback, stopped on the way out."""
    subprocess.run(["ip", "link", "set", "lo", "up"], capture_output=True, check=False)
    port = _free_port()
    # A server for this one check: its validator starts with the first generation instead of
    # warming workers up for users to come, and screenshots (none here) are read in threads.
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "PREVIEW_ENABLED": "false",
        "VALIDATOR_WARM_UP": "false",
        "EXTRACTION_ANALYSIS": "threads",
    }
    if api_key:
        env["API_KEYS"] = api_key
    exe = Path(sys.executable).with_name("componentforge")
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=2) as client:  # one client: each loads the trust store
            for _ in range(240):
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{url}/health").status_code < 500:
                        break
                if server.poll() is not None:
                    raise RuntimeError((data / "server.log").read_text())
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def static(folder: Path) -> Iterator[str]:
    """The built app over HTTP on loopback (module scripts do not load from file://)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def check(
    server: str,
    api_key: str | None,
    work: Path,
    only: list[str] | None = None,
    link_modules: bool = False,
) -> dict[str, Any]:
    report: dict[str, Any] = {"server": server, "steps": [], "components": {}}
    headers = {"X-API-Key": api_key} if api_key else {}
    chosen = [c for c in COMPONENTS if not only or c["request"]["component_name"] in only]
    with httpx.Client(base_url=server, headers=headers, timeout=120) as http:
        for component in chosen:
            answer = http.post("/api/v1/generation/generate", json=component["request"])
            answer.raise_for_status()
            body = answer.json()
            report["components"][body["component_name"]] = {
                "generation_id": body["generation_id"],
                "validation": (body.get("validation") or {}).get("status"),
                "expect": component["expect"],
            }

    app = work / "app"
    skip = shutil.ignore_patterns("node_modules", "dist", "check.py", "schema.d.ts")
    shutil.copytree(HERE, app, ignore=skip)
    if link_modules:  # the example's own install, hard-linked: npm replaces files, never edits
        shutil.copytree(HERE / "node_modules", app / "node_modules", copy_function=os.link)
        report["steps"].append({"step": "link node_modules", "rc": 0})
    else:
        npm = shutil.which("npm") or "npm"
        install = [npm, "ci", "--offline", "--no-audit", "--no-fund"]
        _step(report, "npm ci --offline", install, app)
    (app / "components.json").write_text(json.dumps(components_json(server, bool(api_key))))
    shadcn = str(app / "node_modules" / ".bin" / "shadcn")
    env = {"COMPONENTFORGE_API_KEY": api_key or "", "npm_config_offline": "true"}
    names = list(report["components"])
    targets = ["style", *(report["components"][n]["generation_id"] for n in names)]
    for target in targets:
        address = f"@componentforge/{target}" if api_key else f"{server}/api/v1/r/{target}.json"
        _step(report, f"shadcn add {address}", [shadcn, "add", "--yes", address], app, **env)
    (app / "src" / "App.tsx").write_text(app_tsx(names))
    bin_ = app / "node_modules" / ".bin"
    # The typed client (src/api.ts) compiles against types made from the live spec.
    spec = [str(bin_ / "openapi-typescript"), f"{server}/openapi.json", "-o", "src/schema.d.ts"]
    _step(report, "openapi-typescript", spec, app)
    _step(report, "tsc --noEmit", [str(bin_ / "tsc"), "--noEmit", "-p", "."], app)
    _step(report, "vite build", [str(bin_ / "vite"), "build"], app)
    report["installed"] = sorted(
        str(p.relative_to(app / "src")) for p in (app / "src" / "components").rglob("*.tsx")
    )
    with static(app / "dist") as page:
        node = shutil.which("node") or "node"
        done = subprocess.run(
            [node, str(VALIDATOR / "scripts" / "read-page.mjs"), page],
            capture_output=True,
            text=True,
            timeout=120,
        )
    if done.returncode != 0:
        raise RuntimeError(f"reading the page failed:\n{done.stderr}")
    report["page"] = json.loads(done.stdout)
    missing = {
        name: [
            t
            for t in c["expect"]
            if t not in report["page"]["sections"].get(name, {}).get("text", "")
        ]
        for name, c in report["components"].items()
    }
    report["missing_text"] = {k: v for k, v in missing.items() if v}
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--server", help="a running ComponentForge, e.g. http://127.0.0.1:8000")
    where.add_argument("--serve", action="store_true", help="start one on loopback")
    parser.add_argument("--api-key", help="send X-API-Key (and install through the namespace)")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="of PlanCard, CountrySelect, SaveButton"
    )
    parser.add_argument(
        "--link-modules",
        action="store_true",
        help="hard-link examples/vite-app/node_modules instead of `npm ci` (a second run)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cf-vite-") as tmp:
        work = Path(tmp)
        report: dict[str, Any]
        try:
            if args.serve:
                public = public_host_reachable()
                with serving(args.api_key, work) as url:
                    report = check(url, args.api_key, work, args.only, args.link_modules)
                report["public_host"] = public or "unreachable"
            else:
                report = check(
                    args.server.rstrip("/"), args.api_key, work, args.only, args.link_modules
                )
        except (RuntimeError, httpx.HTTPError, subprocess.TimeoutExpired) as exc:
            print(json.dumps({"error": str(exc)}))
            return 1
    print(json.dumps(report))
    return 1 if report["missing_text"] else 0


if __name__ == "__main__":
    sys.exit(main())
