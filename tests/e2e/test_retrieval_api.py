"""/api/v1/retrieval end to end: Qdrant local mode, the local model, and failures."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.errors import PatternLibraryError
from tests.conftest import Api
from tests.integration.test_pattern_index import openai_embeddings
from tests.support.recorder import Recorded, RecordingServer

SEARCH = "/api/v1/retrieval/search"


async def test_search_ranks_and_explains(api: Api) -> None:
    r = await api.http.post(SEARCH, json={"query": "a drawer that slides in from the right"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["degraded"] is False and body["degraded_reason"] is None
    assert body["weights"] == {"bm25": 0.3, "semantic": 0.7}
    assert len(body["results"]) == 3 and body["latency_ms"] > 0
    top = body["results"][0]
    assert top["pattern_id"] == "shadcn-sheet" and top["name"] == "Sheet"
    assert top["score"] == 1.0 and 0.5 < top["confidence"] <= 1.0
    assert (
        top["explanation"].startswith("Sheet matches")
        and '"drawer" (synonyms)' in top["explanation"]
    )
    assert {"source": "query", "term": "drawer", "fields": ["synonyms"]} in top["highlights"]
    semantic = [h for h in top["highlights"] if h["source"] == "semantic"]
    assert semantic and semantic[0]["similarity"] > 0.3 and "passage" in semantic[0]
    assert top["ranks"] == {"bm25": 1, "semantic": top["ranks"]["semantic"]}
    assert top["scores"]["semantic"] > 0.3 and top["scores"]["bm25"] > 0
    scores = [res["score"] for res in body["results"]]
    assert scores == sorted(scores, reverse=True)


async def test_requirements_as_names_or_proposals(api: Api) -> None:
    r = await api.http.post(
        SEARCH,
        json={
            "requirements": {
                "props": ["checked", {"name": "disabled", "type": "boolean", "confidence": 0.9}],
                "events": ["onCheckedChange", "onDoubleClick"],
                "states": ["indeterminate"],
                "accessibility": ["aria-checked"],
            },
            "top_k": 5,
        },
    )
    assert r.status_code == 200, r.text
    top = r.json()["results"][0]
    assert top["pattern_id"] == "shadcn-checkbox"
    assert top["requirements_coverage"] == {"matched": 5, "total": 6}  # no onDoubleClick
    assert "implements 5 of 6 requirements" in top["explanation"]
    assert {"source": "events", "term": "onCheckedChange", "fields": ["events"]} in top[
        "highlights"
    ]


async def test_component_type_hint_wins_ties(api: Api) -> None:
    r = await api.http.post(SEARCH, json={"query": "on off", "component_type": "toggle"})
    top = r.json()["results"][0]
    assert top["pattern_id"] == "shadcn-toggle"
    assert "is the toggle type you asked for" in top["explanation"]


async def test_weights_change_the_ranking_signal(api: Api) -> None:
    body = {"query": "remember me tick box", "top_k": 1}
    bm25 = (
        await api.http.post(SEARCH, json={**body, "weights": {"bm25": 1, "semantic": 0}})
    ).json()
    assert bm25["weights"] == {"bm25": 1.0, "semantic": 0.0}
    assert bm25["results"][0]["pattern_id"] == "shadcn-checkbox"
    assert bm25["results"][0]["score"] == bm25["results"][0]["scores"]["bm25_normalized"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "body"),
        ({"query": "   "}, "body"),
        ({"query": "button", "top_k": 0}, "top_k"),
        ({"query": "button", "top_k": 11}, "top_k"),
        ({"query": "button", "weights": {"bm25": 0.9, "semantic": 0.6}}, "weights"),
        ({"query": "button", "weights": {"bm25": -0.5, "semantic": 1.5}}, "weights"),
        ({"query": "button", "weights": {"bm25": 1}}, "weights"),
        ({"query": "button", "component_type": "Button!"}, "component_type"),
        ({"query": "button", "colour": "red"}, "colour"),
        ({"requirements": {"props": [{"type": "boolean"}]}}, "requirements"),
        ({"query": "x" * 2001}, "query"),
    ],
)
async def test_bad_requests_are_422(api: Api, payload: dict[str, Any], field: str) -> None:
    r = await api.http.post(SEARCH, json=payload)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["type"] == "validation_error"
    assert field in error["message"] or any(field in map(str, d["loc"]) for d in error["details"])


async def test_unknown_component_type_is_422_with_the_allowed_ones(api: Api) -> None:
    r = await api.http.post(SEARCH, json={"component_type": "carousel"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["message"] == "unknown component_type 'carousel'"
    assert (
        "radio-group" in error["details"]["allowed"]
        and error["details"]["field"] == "component_type"
    )


async def test_pattern_listing_and_detail(api: Api) -> None:
    everything = (await api.http.get("/api/v1/retrieval/patterns")).json()
    assert everything["total"] == len(everything["patterns"]) >= 32
    forms = (await api.http.get("/api/v1/retrieval/patterns", params={"category": "form"})).json()
    assert {p["id"] for p in forms["patterns"]} >= {
        "shadcn-input",
        "shadcn-checkbox",
        "shadcn-select",
    }
    assert all(p["category"] == "form" for p in forms["patterns"])
    r = await api.http.get("/api/v1/retrieval/patterns", params={"category": "gadgets"})
    assert r.status_code == 422

    button = (await api.http.get("/api/v1/retrieval/patterns/shadcn-button")).json()
    assert button["component_type"] == "button" and "buttonVariants" in button["source_code"]
    assert button["variants"]["size"] == ["default", "sm", "lg", "icon"]
    assert {p["name"] for p in button["props"]} >= {"variant", "size", "asChild"}

    missing = await api.http.get("/api/v1/retrieval/patterns/shadcn-carousel")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "not_found"
    for bad in ("Shadcn-Button", "shadcn-..", "button", "shadcn-a_b"):
        r = await api.http.get(f"/api/v1/retrieval/patterns/{bad}")
        assert r.status_code == 422, bad
    r = await api.http.get("/api/v1/retrieval/patterns/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code in (404, 422) and "root:" not in r.text


def metric(api: Api, name: str, **labels: str) -> float:
    return api.resources.metrics.registry.get_sample_value(name, labels) or 0.0


@pytest.fixture
def broken_qdrant() -> Iterator[RecordingServer]:
    server = RecordingServer(lambda req: (500, {"status": {"error": "disk on fire"}}))
    yield server
    server.close()


async def test_a_failing_vector_store_degrades_to_bm25(
    make_api: Callable[..., Awaitable[Api]], broken_qdrant: RecordingServer
) -> None:
    api = await make_api(
        qdrant_url=broken_qdrant.url, qdrant_timeout_seconds=2, breaker_failure_threshold=2
    )
    r = await api.http.post(SEARCH, json={"query": "modal window with a close button"})
    assert r.status_code == 200
    body = r.json()
    assert body["degraded"] is True and "qdrant" in body["degraded_reason"]
    assert body["results"][0]["pattern_id"] == "shadcn-dialog"  # BM25 alone still answers
    assert body["results"][0]["scores"]["semantic"] is None
    assert body["results"][0]["ranks"]["semantic"] is None
    assert metric(api, "componentforge_retrieval_degraded_total", reason="qdrant") >= 1
    for _ in range(3):
        assert (await api.http.post(SEARCH, json={"query": "tabs"})).json()["degraded"]
    assert api.resources.breakers.state("qdrant") == "opened"
    health = (await api.http.get("/api/v1/health")).json()
    assert health["status"] == "degraded"
    assert any(r.path.startswith("/collections") for r in broken_qdrant.requests)  # really asked


async def test_failing_embeddings_degrade_to_bm25(make_api: Callable[..., Awaitable[Api]]) -> None:
    state = {"up": True}

    def respond(request: Recorded) -> tuple[int, Any]:
        return openai_embeddings(request) if state["up"] else (503, {"error": {"message": "down"}})

    server = RecordingServer(respond)
    try:
        api = await make_api(
            openai_base_url=f"{server.url}/v1",
            embeddings_provider="remote",
            llm_embedding_model="nomic-embed-text",
            breaker_failure_threshold=2,
        )
        first = (await api.http.post(SEARCH, json={"query": "pager with next and previous"})).json()
        assert first["degraded"] is False
        state["up"] = False
        # A repeated query's vector is kept: it needs no call, so the outage does not show.
        calls = len(server.requests)
        again = (await api.http.post(SEARCH, json={"query": "pager with next and previous"})).json()
        assert again["degraded"] is False and len(server.requests) == calls
        r = await api.http.post(SEARCH, json={"query": "pager with next and previous page"})
        body = r.json()
        assert r.status_code == 200 and body["degraded"] is True
        assert "embeddings" in body["degraded_reason"]
        assert body["results"][0]["pattern_id"] == "shadcn-pagination"
        assert metric(api, "componentforge_retrieval_degraded_total", reason="embeddings") == 1
        # A degraded answer is not kept: the same search, once embeddings are back, is hybrid;
        # a hybrid one is, and says so only by its results.
        state["up"] = True
        back = await api.http.post(SEARCH, json={"query": "pager with next and previous page"})
        assert back.json()["degraded"] is False
        kept = await api.http.post(SEARCH, json={"query": "pager with next and previous page"})
        assert kept.json()["results"] == back.json()["results"]
    finally:
        server.close()


async def test_search_metrics(api: Api) -> None:
    await api.http.post(SEARCH, json={"query": "avatar"})
    text = (await api.http.get("/metrics")).text
    assert 'componentforge_retrieval_duration_seconds_count{mode="hybrid"} 1.0' in text
    assert 'route="/api/v1/retrieval/search",status="200"' in text


async def test_a_broken_pattern_file_stops_startup(
    make_api: Callable[..., Awaitable[Api]], tmp_path: Path
) -> None:
    root = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS_DIR, root)
    (root / "meta" / "shadcn-tabs.yaml").write_text("id: shadcn-tabs\nname: Tabs\nversion: one\n")
    with pytest.raises(
        PatternLibraryError, match=r"shadcn-tabs\.yaml: version: String should match"
    ):
        await make_api(patterns_dir=root)
