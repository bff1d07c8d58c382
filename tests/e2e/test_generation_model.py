"""Generation with a model configured: a local server speaking OpenAI's chat protocol plays the
model, the real validator judges what it writes. Nothing of ours is patched."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from componentforge.config import Settings
from componentforge.infra.db.models import CostRow, Generation
from componentforge.infra.validator import ValidatorPool
from tests.conftest import TENANT_KEYS, Api, new_tenant, serving
from tests.support.generation import answer, refines, starting_point
from tests.support.protocols import chat_completion
from tests.support.recorder import Recorded, RecordingServer

pytestmark = pytest.mark.slow

GENERATE = "/api/v1/generation/generate"
REQUEST: dict[str, Any] = {
    "pattern_id": "shadcn-switch",
    "component_name": "NotifySwitch",
    "tokens": {"colors": {"primary": "#16a34a"}},
    "requirements": {"props": ["label"], "events": ["onCheckedChange"]},
}
PRICE = {"writer-1": {"input": 1.0, "output": 4.0}}  # $ per million tokens
BROKEN = 'export function NotifySwitch() {\n  const size: number = "large"\n  return null\n}\n'


async def generate(api: Api, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await api.http.post(GENERATE, json=body or REQUEST)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def chats(llm: RecordingServer) -> list[dict[str, Any]]:
    return [r.json() for r in llm.requests if r.path == "/v1/chat/completions"]


@pytest.fixture(scope="module")
def llm() -> Iterator[RecordingServer]:
    """The module's model: each test says how it answers."""
    model = RecordingServer(refines)
    yield model
    model.close()


@pytest.fixture(scope="module")
async def apps(
    module_settings: Callable[..., Settings],
    llm: RecordingServer,
    tmp_path_factory: pytest.TempPathFactory,
    node_validator: ValidatorPool,
) -> AsyncIterator[dict[bool, Api]]:
    """Two apps on the one model (and the Node worker the run shares), by whether the model
    must answer within 0.5 s. Each test's failures are its own, not an outage: the breaker,
    new for every test before, never opens here."""
    common: dict[str, Any] = {
        "openai_base_url": f"{llm.url}/v1",
        "llm_generation_model": "writer-1",
        "llm_prices": json.dumps(PRICE),
        "llm_max_retries": 0,
        "rate_limit_enabled": False,
        "breaker_failure_threshold": 1000,
        "api_keys": TENANT_KEYS,
    }
    hasty = module_settings(
        data_dir=tmp_path_factory.mktemp("hasty") / "data", llm_timeout_seconds=0.5, **common
    )
    async with (
        serving(module_settings(**common), validator=node_validator) as patient,
        serving(hasty, validator=node_validator) as impatient,
    ):
        yield {False: patient, True: impatient}


@pytest.fixture
def model_api(
    apps: dict[bool, Api], llm: RecordingServer
) -> Iterator[Callable[..., Awaitable[tuple[Api, RecordingServer]]]]:
    """An app whose model answers with `respond`, as a tenant of this test's own (its own
    records and L1 entries), and the model with only this test's requests."""

    async def start(
        respond: Callable[[Recorded], tuple[int, Any]], hasty: bool = False
    ) -> tuple[Api, RecordingServer]:
        api = apps[hasty]
        llm.respond = respond
        llm.requests.clear()
        return api, llm

    with new_tenant(*apps.values()):
        yield start


async def test_the_model_writes_the_component_and_is_priced(
    model_api: Callable[..., Awaitable[tuple[Api, RecordingServer]]],
) -> None:
    api, llm = await model_api(refines)
    async with api.resources.sessions() as session:  # the costs this test's calls add
        costs_before = await session.scalar(select(func.max(CostRow.id))) or 0
    body = await generate(api)
    assert body["engine"] == "llm:openai-compatible" and body["model"] == "writer-1"
    assert body["degraded"] is False and body["validation"]["status"] == "PASS"
    code = body["files"]["NotifySwitch.tsx"]
    assert "// Reviewed: the switch keeps its label association." in code
    assert "```" not in code  # the fence is taken off
    assert body["provenance"]["engine"] == "llm:openai-compatible"
    assert body["provenance"]["model"] == "writer-1"
    assert body["notes"] == "kept the composition"
    assert body["applied"] == []  # the offline ledger does not describe the model's code
    assert body["tokens_used"] == 2000
    assert body["cost_usd"] == pytest.approx((1200 * 1.0 + 800 * 4.0) / 1e6)

    (sent,) = chats(llm)
    assert sent["model"] == "writer-1"
    assert sent["response_format"]["json_schema"]["name"] == "ModelFiles"
    prompt = sent["messages"][-1]["content"]
    assert "export function NotifySwitch" in prompt and "shadcn-switch" in prompt
    assert '"onCheckedChange"' in prompt and "#16a34a" in prompt
    assert "strict mode" in sent["messages"][0]["content"]

    await api.app.state.services.generation.drain()
    async with api.resources.sessions() as session:
        row = (
            await session.scalars(select(Generation).where(Generation.tenant == api.tenant))
        ).one()
        costs = (await session.scalars(select(CostRow).where(CostRow.id > costs_before))).all()
    assert (row.engine, row.model, row.prompt_tokens, row.completion_tokens) == (
        "llm:openai-compatible",
        "writer-1",
        1200,
        800,
    )
    assert row.cost_usd == pytest.approx(0.0044)
    assert [(c.generation_id, c.task, c.cost_usd) for c in costs] == [
        (body["generation_id"], "generation", pytest.approx(0.0044))
    ]
    # The same request again is an L1 hit: no second call, no second charge.
    again = await generate(api)
    assert again["cache_layer"] == "L1" and again["cost_usd"] == 0.0
    assert len(chats(llm)) == 1


async def test_validation_findings_go_back_to_the_model_for_a_fix(
    model_api: Callable[..., Awaitable[tuple[Api, RecordingServer]]],
) -> None:
    composition: list[str] = []

    def broken_then_fixed(req: Recorded) -> tuple[int, Any]:
        prompt = req.json()["messages"][-1]["content"]
        if "failed validation" not in prompt:
            composition.append(starting_point(req))
            return answer(req, BROKEN)
        return answer(req, composition[0])

    api, llm = await model_api(broken_then_fixed)
    body = await generate(api)
    assert body["engine"] == "llm:openai-compatible" and body["degraded"] is False
    assert body["validation"]["status"] == "PASS"
    assert body["fix_rounds"] == 1
    (attempt,) = body["model_attempts"]
    assert attempt["status"] == "FAIL" and attempt["component"] == BROKEN
    assert any("TS2322" in f for f in attempt["findings"])
    _, fix = chats(llm)
    fix_prompt = fix["messages"][-1]["content"]
    assert "TS2322" in fix_prompt and BROKEN in fix_prompt  # the findings and the failing code
    assert body["tokens_used"] == 4000


async def test_a_model_whose_code_never_validates_gives_way_to_the_offline_result(
    model_api: Callable[..., Awaitable[tuple[Api, RecordingServer]]],
) -> None:
    api, llm = await model_api(lambda req: answer(req, BROKEN))
    request = {**REQUEST, "options": {"max_fix_rounds": 1}}
    body = await generate(api, request)
    assert body["engine"] == "offline:template" and body["model"] == "writer-1"
    assert body["degraded"] is True
    assert body["degraded_reasons"] == [
        "offline result: the model's component still failed validation after 1 fix rounds"
    ]
    assert body["validation"]["status"] == "PASS"
    assert "export function NotifySwitch(" in body["files"]["NotifySwitch.tsx"]
    assert "model" not in body["provenance"] or body["provenance"]["model"] is None
    assert [a["round"] for a in body["model_attempts"]] == [0, 1]
    assert {a["name"] for a in body["applied"]} >= {"label", "onCheckedChange"}
    assert body["tokens_used"] == 4000 and body["cost_usd"] > 0  # the model's calls were paid
    # A fallback is not cached: the next request tries the model again.
    again = await generate(api, request)
    assert again["cache_layer"] == "L4"
    assert len(chats(llm)) == 4


def slow(req: Recorded) -> tuple[int, Any]:
    time.sleep(1.5)
    return refines(req)


@pytest.mark.parametrize(
    ("respond", "reason"),
    [
        (
            lambda req: (200, chat_completion(req.json()["model"], "Sure! Here it is.", (9, 3))),
            "the model's answer did not fit the schema",
        ),
        (
            lambda req: (503, {"error": {"message": "overloaded", "type": "server_error"}}),
            "llm failed: OpenAIAPIError",  # langchain-openai wraps the 503
        ),
        (slow, "llm did not answer within 0.5 s"),
        (lambda req: answer(req, "```tsx\n```"), "the model returned an empty component"),
    ],
    ids=["garbage", "server-error", "time-out", "empty"],
)
async def test_a_failing_model_degrades_to_the_offline_result(
    model_api: Callable[..., Awaitable[tuple[Api, RecordingServer]]],
    respond: Callable[[Recorded], tuple[int, Any]],
    reason: str,
) -> None:
    api, _ = await model_api(respond, hasty=True)
    body = await generate(api)
    assert body["engine"] == "offline:template"
    assert body["degraded"] is True
    assert body["degraded_reasons"] == [f"offline result: the model failed: {reason}"]
    assert body["validation"]["status"] == "PASS"
    assert body["model_attempts"] == []
