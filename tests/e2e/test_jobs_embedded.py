"""Jobs on the embedded default: the queue is the metadata database, the API runs the worker."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select

from componentforge.infra.db.models import Generation, JobRow
from tests.conftest import Api
from tests.support.drawing import component_png
from tests.support.generation import events, refines
from tests.support.proxy import TcpProxy
from tests.support.recorder import Recorded, RecordingServer

JOBS = "/api/v1/jobs"
REQUEST: dict[str, Any] = {
    "pattern_id": "shadcn-button",
    "component_name": "SaveButton",
    "tokens": {"colors": {"primary": "#7c3aed"}},
    "requirements": {"props": ["loading"], "events": ["onClick"]},
    "options": {"validate": False},
}
MakeApi = Callable[..., Awaitable[Api]]


async def finished(api: Api, job_id: str, within: float = 60.0) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        body: dict[str, Any] = (await api.http.get(f"{JOBS}/{job_id}")).json()
        if body["status"] in {"succeeded", "failed", "cancelled"}:
            return body
        assert asyncio.get_running_loop().time() < deadline, body
        await asyncio.sleep(0.05)


async def test_a_job_is_answered_at_once_and_ends_with_the_synchronous_result(
    make_api: MakeApi,
) -> None:
    api = await make_api(rate_limit_enabled=False)
    response = await api.http.post(JOBS, json={"kind": "generate", **REQUEST})
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == f"{JOBS}/{job['job_id']}"
    assert job["status"] in {"queued", "running"} and job["kind"] == "generate"
    done = await finished(api, job["job_id"])
    assert done["status"] == "succeeded" and done["attempts"] == 1, done
    assert done["progress"]["percent"] == 100.0 and done["error"] is None
    result = done["result"]
    assert result["generation_id"] == job["job_id"]
    sync = (await api.http.post("/api/v1/generation/generate", json=REQUEST)).json()
    assert sync["files"] == result["files"]
    async with api.resources.sessions() as session:
        rows = await session.scalar(
            select(func.count()).select_from(Generation).where(Generation.id == job["job_id"])
        )
    assert rows == 1
    listed = (await api.http.get(JOBS, params={"status": "succeeded"})).json()
    assert [item["job_id"] for item in listed["items"]] == [job["job_id"]]
    assert listed["total"] == 1
    metrics = (await api.http.get("/metrics")).text
    assert 'componentforge_jobs_finished_total{kind="generate",status="succeeded"} 1.0' in metrics


async def test_events_replay_from_the_start_and_resume_after_an_id(make_api: MakeApi) -> None:
    api = await make_api(rate_limit_enabled=False)
    job = (await api.http.post(JOBS, json={"kind": "generate", **REQUEST})).json()
    response = await api.http.get(f"{JOBS}/{job['job_id']}/events")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    got = events(response.text)
    names = [name for name, _ in got]
    assert names[0] == "status" and got[0][1]["status"] == "queued"
    stages = [(d["stage"], d["status"]) for n, d in got if n == "stage"]
    assert ("generate", "end") in stages and ("store", "end") in stages
    assert names[-1] == "result" and names.count("result") == 1
    assert got[-1][1]["generation_id"] == job["job_id"]
    ids = [int(line[4:]) for line in response.text.splitlines() if line.startswith("id: ")]
    assert ids == sorted(ids) and len(ids) == len(got) - 1  # the closing event has no id
    resumed = await api.http.get(
        f"{JOBS}/{job['job_id']}/events", headers={"Last-Event-ID": str(ids[2])}
    )
    assert [n for n, _ in events(resumed.text)] == names[3:]


async def test_a_queued_job_cancelled_never_runs(make_api: MakeApi) -> None:
    api = await make_api(rate_limit_enabled=False, jobs_api_concurrency=0)
    job = (await api.http.post(JOBS, json={"kind": "generate", **REQUEST})).json()
    assert job["status"] == "queued"
    cancelled = await api.http.delete(f"{JOBS}/{job['job_id']}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    body = (await api.http.get(f"{JOBS}/{job['job_id']}")).json()
    assert body["status"] == "cancelled" and body["attempts"] == 0
    assert body["error"]["type"] == "cancelled"
    closing = events((await api.http.get(f"{JOBS}/{job['job_id']}/events")).text)[-1]
    assert closing[0] == "error" and closing[1]["error"]["type"] == "cancelled"
    again = await api.http.delete(f"{JOBS}/{job['job_id']}")
    assert again.status_code == 200 and again.json()["status"] == "cancelled"


async def test_what_the_synchronous_route_refuses_is_refused_before_a_job_exists(
    make_api: MakeApi,
) -> None:
    api = await make_api(rate_limit_enabled=False, jobs_api_concurrency=0)
    unknown = await api.http.post(
        JOBS, json={"kind": "generate", **REQUEST, "pattern_id": "shadcn-nothing"}
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["type"] == "not_found"
    bad_kind = await api.http.post(JOBS, json={"kind": "paint", **REQUEST})
    assert bad_kind.status_code == 422 and "error" in bad_kind.json()
    image = await api.http.post(
        f"{JOBS}/from-screenshot", files={"file": ("x.png", b"not an image", "image/png")}
    )
    assert image.status_code in {400, 415, 422}, image.text
    async with api.resources.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(JobRow)) == 0
    missing = await api.http.get(f"{JOBS}/{'0' * 32}")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "not_found"


async def test_a_tenant_has_a_cap_on_open_jobs(make_api: MakeApi) -> None:
    api = await make_api(
        rate_limit_enabled=False, jobs_api_concurrency=0, jobs_max_queued_per_tenant=2
    )
    for _ in range(2):
        assert (await api.http.post(JOBS, json={"kind": "generate", **REQUEST})).status_code == 202
    refused = await api.http.post(JOBS, json={"kind": "generate", **REQUEST})
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["details"]["limit"] == "jobs"


async def test_a_screenshot_job_keeps_the_upload_and_reads_it(make_api: MakeApi) -> None:
    api = await make_api(rate_limit_enabled=False)
    png = component_png("button")
    response = await api.http.post(
        f"{JOBS}/from-screenshot",
        files={"file": ("b.png", png, "image/png")},
        data={"validate": "false", "component_name": "BuyButton"},
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    assert await api.resources.artifacts.get(f"components/{job_id}/input-screenshot") == png
    done = await finished(api, job_id)
    assert done["status"] == "succeeded", done
    assert done["result"]["extraction"]["component_type"] == "button"
    assert "export function BuyButton(" in done["result"]["generation"]["files"]["BuyButton.tsx"]


async def test_a_job_that_runs_too_long_fails_with_reason_timeout(
    make_api: MakeApi, server: Callable[..., RecordingServer]
) -> None:
    def slow(req: Recorded) -> tuple[int, Any]:
        time.sleep(2)  # the job cannot end sooner, however fast the machine
        return refines(req)

    llm = server(slow)
    api = await make_api(
        rate_limit_enabled=False,
        job_timeout_seconds=0.5,
        openai_base_url=f"{llm.url}/v1",
        llm_generation_model="writer-1",
        llm_max_retries=0,
    )
    job = (await api.http.post(JOBS, json={"kind": "generate", **REQUEST})).json()
    done = await finished(api, job["job_id"])
    assert done["status"] == "failed" and done["reason"] == "timeout", done
    assert done["error"]["type"] == "timeout" and done["error"]["status"] == 504


async def test_an_api_restart_loses_no_queued_job(make_api: MakeApi, tmp_path: Any) -> None:
    data_dir = tmp_path / "shared"
    first = await make_api(rate_limit_enabled=False, jobs_api_concurrency=0, data_dir=data_dir)
    ids = [
        (await first.http.post(JOBS, json={"kind": "generate", **REQUEST})).json()["job_id"]
        for _ in range(3)
    ]
    second = await make_api(rate_limit_enabled=False, data_dir=data_dir)
    for job_id in ids:
        assert (await finished(second, job_id))["status"] == "succeeded"


async def test_another_tenant_gets_404_for_a_job(make_api: MakeApi) -> None:
    a, b = {"X-API-Key": "key-a"}, {"X-API-Key": "key-b"}
    api = await make_api(
        api_keys=["key-a", "key-b"], rate_limit_enabled=False, jobs_api_concurrency=0
    )
    job = (await api.http.post(JOBS, json={"kind": "generate", **REQUEST}, headers=a)).json()
    path = f"{JOBS}/{job['job_id']}"
    for method, url in (("GET", path), ("GET", f"{path}/events"), ("DELETE", path)):
        refused = await api.http.request(method, url, headers=b)
        assert refused.status_code == 404, (method, url, refused.text)
    assert (await api.http.get(JOBS, headers=b)).json()["total"] == 0
    assert (await api.http.get(JOBS, headers=a)).json()["total"] == 1
    assert (await api.http.get(path, headers=a)).json()["status"] == "queued"  # not cancelled


async def test_a_running_job_cancelled_stops_within_its_model_call(
    make_api: MakeApi, server: Callable[..., RecordingServer]
) -> None:
    asked_model = threading.Event()

    def slow(req: Recorded) -> tuple[int, Any]:
        asked_model.set()
        time.sleep(8)
        return refines(req)

    llm = server(slow)
    api = await make_api(
        rate_limit_enabled=False,
        openai_base_url=f"{llm.url}/v1",
        llm_generation_model="writer-1",
        llm_max_retries=0,
    )
    job = (await api.http.post(JOBS, json={"kind": "generate", **REQUEST})).json()
    assert await asyncio.to_thread(asked_model.wait, 30)
    asked = (await api.http.delete(f"{JOBS}/{job['job_id']}")).json()
    assert asked["status"] == "running" and asked["cancel_requested"] is True
    done = await finished(api, job["job_id"], within=6)  # before the model would answer
    assert done["status"] == "cancelled" and done["result"] is None, done
    assert done["error"]["type"] == "cancelled"


async def test_a_job_is_refused_with_503_when_its_row_cannot_be_written(
    make_api: MakeApi, postgres_url: str, make_proxy: Callable[[str], tuple[TcpProxy, str]]
) -> None:
    proxy, through = make_proxy(postgres_url)
    api = await make_api(
        rate_limit_enabled=False,
        jobs_api_concurrency=0,
        database_url=through,
        database_auto_migrate=True,
        database_timeout_seconds=1.0,
    )
    proxy.cut()
    refused = await api.http.post(JOBS, json={"kind": "generate", **REQUEST})
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["type"] == "service_unavailable"
    proxy.restore()
