"""Record the OpenAPI document's response examples from the real service: every documented
operation is called on the embedded defaults with its request example, and what it answered
(long text cut short, ids as they came) is written to
src/componentforge/api/examples.json, which /openapi.json shows.

    .venv/bin/python -m tests.support.record_examples

Run it again when a response model changes; tests/e2e/test_typed_client.py checks that every
operation has examples and that each one still matches its schema."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

import httpx

from componentforge.api.examples import BATCH, EXAMPLES_FILE, key
from componentforge.config import Settings
from componentforge.main import create_app
from tests.support.drawing import component_png

CUT = 600  # characters kept of a long string (code, HTML)
V1 = "/api/v1"


def shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > CUT:
        return value[:CUT] + "…"
    if isinstance(value, list):
        return [shortened(v) for v in value[:5]]
    if isinstance(value, dict):
        return {k: shortened(v) for k, v in value.items()}
    return value


class Recorder:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.examples: dict[str, Any] = {}

    async def call(
        self, method: str, template: str, path: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        response = await self.http.request(method, path or template, **kwargs)
        media = response.headers.get("content-type", "").split(";")[0]
        if media == "application/json":
            body: Any = response.json()
        elif media.endswith("json"):
            body = json.loads(response.text)
        elif media == "text/event-stream":
            body = response.text[:CUT]
        else:
            body = response.text[:CUT] if media.startswith("text/") else None
        if body is not None:
            self.examples[key(method, template, response.status_code, media)] = shortened(body)
        return response


async def record(recorder: Recorder, spec: dict[str, Any]) -> None:
    def example(path: str, method: str = "post") -> Any:
        body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
        schema = body["schema"]
        name = schema["$ref"].split("/")[-1]
        return spec["components"]["schemas"][name]["examples"][0]

    png = {"file": ("button.png", component_png("button"), "image/png")}
    c = recorder.call
    await c("GET", "/health")
    await c("GET", f"{V1}/health")
    await c("POST", f"{V1}/extraction/screenshot", files=png)
    await c("POST", f"{V1}/extraction/requirements", json=example(f"{V1}/extraction/requirements"))
    tokens = example(f"{V1}/extraction/tokens/export")
    for fmt in ("css", "tailwind", "json"):
        await c("POST", f"{V1}/extraction/tokens/export", json={**tokens, "format": fmt})
    await c(
        "DELETE",
        f"{V1}/extraction/figma/cache/{{file_key}}",
        f"{V1}/extraction/figma/cache/AbCdEf1234567890",
    )
    await c("POST", f"{V1}/retrieval/search", json=example(f"{V1}/retrieval/search"))
    await c("GET", f"{V1}/retrieval/patterns")
    await c(
        "GET", f"{V1}/retrieval/patterns/{{pattern_id}}", f"{V1}/retrieval/patterns/shadcn-button"
    )
    made = (
        await c("POST", f"{V1}/generation/generate", json=example(f"{V1}/generation/generate"))
    ).json()
    gid, cache_key = made["generation_id"], made["provenance"]["cache_key"]
    await c("POST", f"{V1}/generation/generate/stream", json=example(f"{V1}/generation/generate"))
    await c("POST", f"{V1}/generation/batch", json=BATCH)
    await c("POST", f"{V1}/generation/from-screenshot", files=png)
    await c("POST", f"{V1}/generation/from-screenshot/stream", files=png)
    await c("GET", f"{V1}/generation/stats")
    await c("GET", f"{V1}/generation", params={"limit": 2})
    await c("GET", f"{V1}/generation/{{generation_id}}", f"{V1}/generation/{gid}")
    await c("GET", f"{V1}/r/registry.json")
    await c("GET", f"{V1}/r/{{name}}.json", f"{V1}/r/{gid}.json")
    await c("DELETE", f"{V1}/generation/cache/{{key}}", f"{V1}/generation/cache/{cache_key}")
    report = (
        await c("POST", f"{V1}/validation/validate", json=example(f"{V1}/validation/validate"))
    ).json()
    rid = report["report_id"]
    await c("GET", f"{V1}/validation/reports/{{report_id}}", f"{V1}/validation/reports/{rid}")
    await c(
        "GET", f"{V1}/validation/reports/{{report_id}}.html", f"{V1}/validation/reports/{rid}.html"
    )
    job = (
        await c(
            "POST", f"{V1}/jobs", json={"kind": "generate", **example(f"{V1}/generation/generate")}
        )
    ).json()
    await c("POST", f"{V1}/jobs/from-screenshot", files=png)
    for _ in range(100):
        done = await recorder.http.get(f"{V1}/jobs/{job['job_id']}")
        if done.json()["status"] in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.2)
    await c("GET", f"{V1}/jobs/{{job_id}}", f"{V1}/jobs/{job['job_id']}")
    await c("GET", f"{V1}/jobs/{{job_id}}/events", f"{V1}/jobs/{job['job_id']}/events")
    await c("DELETE", f"{V1}/jobs/{{job_id}}", f"{V1}/jobs/{job['job_id']}")
    await c("GET", f"{V1}/jobs", params={"limit": 2})
    # Errors: one of each kind the envelope carries most.
    await c("GET", f"{V1}/generation/{{generation_id}}", f"{V1}/generation/{'0' * 32}")
    await c("POST", f"{V1}/generation/generate", json={"pattern_id": "Not A Pattern"})


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), preview_enabled=False, rate_limit_enabled=False)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1:8000", timeout=300
            ) as http:
                recorder = Recorder(http)
                await record(recorder, app.openapi())
    EXAMPLES_FILE.write_text(json.dumps(recorder.examples, indent=1, sort_keys=True) + "\n")
    print(f"{len(recorder.examples)} examples → {EXAMPLES_FILE}")


if __name__ == "__main__":
    asyncio.run(main())
