"""TypeScript types generated from the live /openapi.json with openapi-typescript at its
default settings compile a typed client (examples/vite-app/src/api.ts: search, generate,
from-screenshot, a job, a report, a registry item) under `tsc --strict`, and are precise
enough that wrong uses fail. The document FastAPI builds on its own does not compile it."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.openapi.utils import get_openapi
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import Api, unavailable

APP = Path(__file__).resolve().parents[2] / "examples" / "vite-app"
BIN = APP / "node_modules" / ".bin"

# Each line must be a type error: the answers are typed, not `Record<string, unknown>`.
WRONG = """
import type { components, paths } from "./schema"

type Schemas = components["schemas"]
declare const report: Schemas["ValidationReport"]
declare const result: Schemas["GenerationResult"]
declare const item: Schemas["RegistryItem"]
declare const health: Schemas["Readiness"]
type Search = paths["/api/v1/retrieval/search"]["post"]
type SearchBody = NonNullable<Search["requestBody"]>["content"]["application/json"]
type NotFound = paths["/api/v1/generation/{generation_id}"]["get"]["responses"][404]

// @ts-expect-error a check's name is a string
export const a: number = report.checks[0].name
// @ts-expect-error TypeScript errors have lines
export const b: string = report.typescript.errors[0].line
// @ts-expect-error axe violations are typed
export const c: number = report.a11y.violations[0].help
// @ts-expect-error the provenance is typed
export const d: number = result.provenance.cache_key
// @ts-expect-error registry dependencies are strings
export const e: number[] = item.registryDependencies
// @ts-expect-error a stored report's render is typed
export const f: string = report.render?.ok
// @ts-expect-error an error is the envelope, not FastAPI's 422 shape
export const g: NotFound["content"]["application/json"]["detail"] = []
// @ts-expect-error requirements are names or objects, not numbers
export const h: SearchBody = { requirements: { props: [1] } }
// @ts-expect-error health reports its dependencies
export const i: number = health.dependencies[0].name
"""


def compile_client(folder: Path, spec: dict[str, Any], extra: dict[str, str]) -> str:
    """Types from `spec`, then `tsc --strict --noEmit` over the client; tsc's output ('' when
    it compiles)."""
    (folder / "node_modules").symlink_to(APP / "node_modules")
    (folder / "openapi.json").write_text(json.dumps(spec))
    shutil.copy(APP / "src" / "api.ts", folder / "api.ts")
    for name, text in extra.items():
        (folder / name).write_text(text)
    (folder / "tsconfig.json").write_text(
        json.dumps(
            {
                "compilerOptions": {
                    "strict": True,
                    "noEmit": True,
                    "target": "es2022",
                    "module": "esnext",
                    "moduleResolution": "bundler",
                    "lib": ["es2022", "dom"],
                    "skipLibCheck": True,
                },
                "include": ["*.ts"],
            }
        )
    )
    subprocess.run(
        [str(BIN / "openapi-typescript"), "openapi.json", "-o", "schema.d.ts"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )
    done = subprocess.run(
        [str(BIN / "tsc"), "-p", "."], cwd=folder, capture_output=True, text=True, timeout=120
    )
    return done.stdout + done.stderr


@pytest.fixture
async def api(make_api: Callable[..., Awaitable[Api]]) -> Api:
    if not (BIN / "openapi-typescript").exists() or not (BIN / "tsc").exists():
        unavailable("openapi-typescript", "examples/vite-app/node_modules missing")
    return await make_api()


async def test_generated_types_compile_the_typed_client_strictly(api: Api, tmp_path: Path) -> None:
    spec = (await api.http.get("/openapi.json")).json()
    assert compile_client(tmp_path, spec, {"wrong.ts": WRONG}) == ""


async def test_every_error_response_is_the_envelope_and_uploads_are_binary(api: Api) -> None:
    spec = (await api.http.get("/openapi.json")).json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (method, path)
            if path.startswith("/api/v1/") and path != "/api/v1/health":
                assert {"401", "429", "503"} <= set(operation["responses"]), (method, path)
    form = spec["components"]["schemas"][
        "Body_from_screenshot_api_v1_generation_from_screenshot_post"
    ]
    assert form["properties"]["file"] == {
        "type": "string",
        "format": "binary",
        "title": "File",
        "description": "PNG, JPEG or WebP of one component",
    }
    request = spec["components"]["schemas"]["GenerationRequest"]
    assert "required" not in request and "default" not in request["properties"]["options"]
    props = spec["components"]["schemas"]["Requirements-Input"]["properties"]["props"]["items"]
    assert [s.get("type") or s.get("$ref") for s in props["anyOf"]] == [
        "string",
        "#/components/schemas/Proposal",
    ]


async def test_the_document_fastapi_builds_alone_does_not_compile_the_client(
    api: Api, tmp_path: Path
) -> None:
    """The test can fail: without our finishing, the same client does not compile."""
    app = api.app
    raw = get_openapi(title="raw", version="0", routes=app.routes)
    out = compile_client(tmp_path, raw, {})
    assert "error TS" in out
    assert "HTTPValidationError" in json.dumps(raw)


# Answers that cannot be recorded offline: Figma needs its API; an artifact is a file.
UNRECORDED = {("post", "/api/v1/extraction/figma"), ("get", "/api/v1/artifacts/{key}")}


async def test_every_request_and_response_has_an_example_that_matches_its_schema(
    api: Api,
) -> None:
    spec = (await api.http.get("/openapi.json")).json()
    registry = Registry().with_resource("spec", Resource.from_contents(spec, DRAFT202012))
    missing, wrong = [], []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            bodies = [
                (f"{status} {media}", body)
                for status, response in operation["responses"].items()
                if status.startswith("2")
                for media, body in response.get("content", {}).items()
            ]
            request = operation.get("requestBody", {}).get("content", {})
            bodies += [(f"request {media}", body) for media, body in request.items()]
            for where, body in bodies:
                named = _examples(spec, body)
                if not named and (method, path) not in UNRECORDED:
                    missing.append(f"{method} {path} {where}")
                if "json" not in where or "schema" not in body:
                    continue
                schema = _resolvable(body["schema"])
                validator = Draft202012Validator(schema, registry=registry)
                for example in named:
                    for error in validator.iter_errors(example):
                        wrong.append(f"{method} {path} {where}: {error.message[:200]}")
    assert not missing, "\n".join(missing)
    assert not wrong, "\n".join(wrong[:20])


def _examples(spec: dict[str, Any], body: dict[str, Any]) -> list[Any]:
    """The media type's example, else its schema's (a model's own examples)."""
    if "example" in body:
        return [body["example"]]
    if "examples" in body:
        return [e["value"] for e in body["examples"].values()]
    ref = body.get("schema", {}).get("$ref", "")
    if ref:
        found: list[Any] = spec["components"]["schemas"][ref.split("/")[-1]].get("examples", [])
        return found
    return []


def _resolvable(schema: Any) -> Any:
    """Local refs (#/components/...) made to point into the registered spec."""
    if isinstance(schema, dict):
        return {
            k: (f"spec{v}" if k == "$ref" and isinstance(v, str) else _resolvable(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_resolvable(v) for v in schema]
    return schema
