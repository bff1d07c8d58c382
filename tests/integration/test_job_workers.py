"""Jobs run by `componentforge worker` processes, on the real NATS JetStream server and on the
embedded queue in the database (PostgreSQL here: several processes share it).

Each NATS test has a stream prefix of its own (`JOBS_STREAM_PREFIX`) and deletes its streams
afterwards, so it never takes the jobs of another run or of a service on the same server. A
slow model (a loopback server speaking OpenAI's protocol) keeps jobs running long enough to
kill, cancel or time out."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nats
import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from nats.js.errors import NotFoundError as StreamNotFound
from sqlalchemy import func, or_, select, update

from componentforge.config import Settings
from componentforge.infra.db.models import Generation, JobRow
from componentforge.main import create_app
from tests.conftest import Api, unavailable
from tests.support.generation import refines
from tests.support.proxy import TcpProxy
from tests.support.recorder import Recorded, RecordingServer
from tests.support.workers import Workers

pytestmark = pytest.mark.slow

NATS_URL = os.environ.get("TEST_NATS_URL", "nats://127.0.0.1:4222")
JOBS = "/api/v1/jobs"
MODEL_SECONDS = 2.0


def request(name: str) -> dict[str, Any]:
    """A generate job; its component's name is this test's alone (the database is shared)."""
    return {
        "kind": "generate",
        "pattern_id": "shadcn-button",
        "component_name": f"{name}{uuid.uuid4().hex[:8]}",
        "tokens": {"colors": {"primary": "#7c3aed"}},
        "options": {"validate": False},
    }


@pytest.fixture(params=["nats", "database"])
def broker(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def prefix(broker: str) -> AsyncIterator[str]:
    """This test's stream prefix; its streams are deleted afterwards."""
    name = f"cft{uuid.uuid4().hex[:10]}"
    if broker != "nats":
        yield name
        return
    try:
        nc = await nats.connect(NATS_URL, connect_timeout=2, allow_reconnect=False)
    except Exception as exc:
        unavailable("NATS", f"{NATS_URL}: {exc}")
    yield name
    js = nc.jetstream()
    for stream in (f"{name.upper()}_JOBS", f"{name.upper()}_JOBS_DEAD"):
        with contextlib.suppress(StreamNotFound):
            await js.delete_stream(stream)
    await nc.close()


@pytest.fixture
def slow_model(server: Callable[..., RecordingServer]) -> RecordingServer:
    def respond(req: Recorded) -> tuple[int, Any]:
        if req.path == "/v1/chat/completions":
            time.sleep(MODEL_SECONDS)
        return refines(req)

    return server(respond)


@pytest.fixture
def settings(
    tmp_path: Path, postgres_url: str, broker: str, prefix: str, slow_model: RecordingServer
) -> dict[str, Any]:
    """What the API and its workers share: the database, the artifact folder, the broker. The
    API runs no job itself: its workers do."""
    return {
        "data_dir": tmp_path / "data",
        "database_url": postgres_url,
        "jobs_broker_url": NATS_URL if broker == "nats" else None,
        "jobs_api_concurrency": 0,
        "jobs_stream_prefix": prefix,
        "jobs_lease_seconds": 2.0,
        "jobs_broker_timeout_seconds": 0.5,
        "breaker_reset_seconds": 1.0,
        "openai_base_url": f"{slow_model.url}/v1",
        "llm_generation_model": "writer-1",
        "llm_max_retries": 0,
        "validator_warm_up": False,
        "preview_enabled": False,
        "rate_limit_enabled": False,
        "log_json": False,
    }


def env_of(values: dict[str, Any]) -> dict[str, str]:
    return {name.upper(): str(value) for name, value in values.items() if value is not None}


@pytest.fixture
def workers(tmp_path: Path, settings: dict[str, Any]) -> Iterator[Workers]:
    group = Workers(tmp_path, env_of(settings))
    yield group
    group.close()


@pytest.fixture
async def api(make_api: Callable[..., Awaitable[Api]], settings: dict[str, Any]) -> Api:
    return await make_api(**settings, database_auto_migrate=True)


async def rows(api: Api, *ids: str) -> dict[str, JobRow]:
    async with api.resources.sessions() as session:
        found = await session.scalars(select(JobRow).where(JobRow.id.in_(ids)))
        return {row.id: row for row in found}


async def generations(api: Api, job_id: str, name: str = "") -> int:
    """Rows of this job's generation, or of any other generation of its component."""
    async with api.resources.sessions() as session:
        query = (
            select(func.count())
            .select_from(Generation)
            .where(or_(Generation.id == job_id, Generation.component_name == name))
        )
        return int(await session.scalar(query) or 0)


async def until(check: Callable[[], Awaitable[bool]], within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.1)


async def submit(http: AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(JOBS, json=body)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    return job


async def ended(api: Api, *ids: str) -> dict[str, dict[str, Any]]:
    async def check() -> bool:
        return all(
            r.status in {"succeeded", "failed", "cancelled"}
            for r in (await rows(api, *ids)).values()
        )

    await until(check)
    return {i: (await api.http.get(f"{JOBS}/{i}")).json() for i in ids}


async def test_two_workers_share_the_queue_and_a_killed_one_loses_nothing(
    api: Api, workers: Workers
) -> None:
    pair = workers.start_many(2)
    ids = [(await submit(api.http, request(f"Buy{i}Button")))["job_id"] for i in range(4)]

    async def both_busy() -> bool:
        running = [r for r in (await rows(api, *ids)).values() if r.status == "running"]
        return len({r.worker for r in running}) == 2

    await until(both_busy)
    running = [r for r in (await rows(api, *ids)).values() if r.status == "running"]
    victim = next(w for w in pair if f"-{w.pid}-" in (running[0].worker or ""))
    victim.kill()  # mid-job: its model call is under way
    done = await ended(api, *ids)
    assert {d["status"] for d in done.values()} == {"succeeded"}, done
    assert done[running[0].id]["attempts"] == 2  # taken again once the lease ran out
    for job_id, body in done.items():
        assert body["result"]["generation_id"] == job_id
        assert await generations(api, job_id, body["result"]["component_name"]) == 1
    # One set of artifacts, under the job's id: the second run wrote the same keys again.
    stored = api.resources.settings.data_dir / "artifacts" / "components" / running[0].id
    result = done[running[0].id]["result"]
    kept = sorted([*result["artifacts"], "result.json"])
    assert sorted(p.name for p in stored.iterdir()) == kept, result


async def test_a_job_cancelled_while_queued_or_running_and_one_that_times_out(
    api: Api, workers: Workers
) -> None:
    hasty = workers.start(JOB_TIMEOUT_SECONDS="1.0")
    slow = await submit(api.http, request("LateButton"))
    await ended(api, slow["job_id"])
    late = (await api.http.get(f"{JOBS}/{slow['job_id']}")).json()
    assert late["status"] == "failed" and late["reason"] == "timeout", late
    assert late["error"]["status"] == 504
    # The cancels get a worker without that time limit: under load, a second could pass
    # between a job starting and its cancel arriving, and the time-out would win.
    assert await asyncio.to_thread(hasty.stop) == 0, hasty.output()
    workers.start()
    running = await submit(api.http, request("StopButton"))
    queued = await submit(api.http, request("NeverButton"))

    async def started() -> bool:
        return (await rows(api, running["job_id"]))[running["job_id"]].status == "running"

    await until(started)
    assert (await api.http.delete(f"{JOBS}/{queued['job_id']}")).json()["status"] == "cancelled"
    asked = (await api.http.delete(f"{JOBS}/{running['job_id']}")).json()
    assert asked["cancel_requested"] is True
    done = await ended(api, running["job_id"], queued["job_id"])
    assert done[running["job_id"]]["status"] == "cancelled"
    assert done[queued["job_id"]]["status"] == "cancelled"
    assert done[queued["job_id"]]["attempts"] == 0 and done[queued["job_id"]]["started_at"] is None
    never = (await rows(api, queued["job_id"]))[queued["job_id"]].payload["component_name"]
    assert await generations(api, queued["job_id"], never) == 0


async def test_a_job_past_its_last_delivery_is_dead_lettered(
    api: Api, workers: Workers, broker: str, prefix: str
) -> None:
    first = workers.start(JOBS_MAX_ATTEMPTS="1")
    job = await submit(api.http, request("DoomedButton"))

    async def started() -> bool:
        return (await rows(api, job["job_id"]))[job["job_id"]].status == "running"

    await until(started)
    first.kill()
    workers.start(JOBS_MAX_ATTEMPTS="1")
    done = (await ended(api, job["job_id"]))[job["job_id"]]
    assert done["status"] == "failed" and done["reason"] == "dead-lettered", done
    assert done["error"]["type"] == "dead_lettered"
    if broker != "nats":
        return
    nc = await nats.connect(NATS_URL)
    try:
        js = nc.jetstream()
        message = await js.get_last_msg(f"{prefix.upper()}_JOBS_DEAD", f"{prefix}.dead.generate")
        assert message.data.decode() == job["job_id"]
        assert message.headers is not None and message.headers["Reason"] == "dead-lettered"
    finally:
        await nc.close()


@pytest.mark.parametrize("broker", ["nats"], indirect=True)
async def test_jobs_accepted_while_nats_is_down_survive_an_api_restart(
    make_settings: Callable[..., Settings],
    settings: dict[str, Any],
    make_proxy: Callable[[str], tuple[TcpProxy, str]],
    workers: Workers,
) -> None:
    proxy, through = make_proxy(NATS_URL.replace("nats://", "http://"))
    values = {**settings, "jobs_broker_url": through.replace("http://", "nats://")}
    proxy.cut()
    app = create_app(make_settings(**values, database_auto_migrate=True))
    async with LifespanManager(app, startup_timeout=90) as manager:
        http = AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://t")
        started = time.perf_counter()
        jobs = [await submit(http, request(f"Kept{i}Button")) for i in range(3)]
        assert time.perf_counter() - started < 5  # a broker down does not stall the answer
        assert [j["published"] for j in jobs] == [False] * 3
        await http.aclose()
    proxy.restore()
    workers.start()
    app = create_app(make_settings(**values))
    async with LifespanManager(app, startup_timeout=90) as manager:
        again = Api(AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://t"), app)
        done = await ended(again, *[j["job_id"] for j in jobs])
        assert {d["status"] for d in done.values()} == {"succeeded"}, done
        assert all(d["published"] and d["attempts"] == 1 for d in done.values())
        await again.http.aclose()


async def test_a_worker_stopped_with_sigterm_finishes_its_job_first(
    api: Api, workers: Workers
) -> None:
    worker = workers.start()
    job = await submit(api.http, request("GraceButton"))

    async def started() -> bool:
        return (await rows(api, job["job_id"]))[job["job_id"]].status == "running"

    await until(started)
    assert await asyncio.to_thread(worker.stop) == 0, worker.output()  # --grace 5 > the model
    done = (await ended(api, job["job_id"]))[job["job_id"]]
    assert done["status"] == "succeeded" and done["attempts"] == 1, done


@pytest.mark.parametrize("broker", ["nats"], indirect=True)
async def test_a_running_job_whose_message_was_spent_is_published_again(
    api: Api, workers: Workers, prefix: str
) -> None:
    job = await submit(api.http, request("SpentButton"))
    nc = await nats.connect(NATS_URL)
    try:  # the message is gone (JetStream gave up on it) while the row says running
        js = nc.jetstream()
        stream = f"{prefix.upper()}_JOBS"
        await js.delete_msg(stream, (await js.stream_info(stream)).state.last_seq)
    finally:
        await nc.close()
    async with api.resources.sessions() as session:
        await session.execute(
            update(JobRow)
            .where(JobRow.id == job["job_id"])
            .values(
                status="running",
                worker="a-worker-that-died",
                attempts=1,
                lease_until=datetime.now(UTC) - timedelta(seconds=30),
            )
        )
        await session.commit()
    workers.start()
    done = (await ended(api, job["job_id"]))[job["job_id"]]
    assert done["status"] == "succeeded" and done["attempts"] == 2, done
