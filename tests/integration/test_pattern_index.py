"""The vector index in Qdrant local mode, and remote embeddings over the OpenAI protocol."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qdrant_client import AsyncQdrantClient

from componentforge.config import DEFAULT_PATTERNS_DIR, Settings
from componentforge.infra.llm.factory import build_embeddings
from componentforge.retrieval.embeddings import LocalMiniLM, RemoteEmbedder
from componentforge.retrieval.library import PatternLibrary
from componentforge.retrieval.semantic import passages
from tests.support.indexes import semantic_index
from tests.support.recorder import Recorded, RecordingServer


@pytest.fixture(scope="module")
def embedder() -> LocalMiniLM:
    return LocalMiniLM()


async def test_indexing_is_idempotent_and_follows_changes(
    tmp_path: Path, embedder: LocalMiniLM
) -> None:
    root = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS_DIR, root)
    client = AsyncQdrantClient(path=str(tmp_path / "qdrant"))
    index = semantic_index(client, embedder)
    library = PatternLibrary.load(root)

    first = await index.sync(library)
    assert first.collection == "patterns__all-minilm-l6-v2-int8__384"
    assert len(first.embedded) == len(library) and first.unchanged == 0
    total = sum(len(passages(p)) for p in library)
    assert (await client.count(first.collection)).count == total

    again = await index.sync(library)
    assert again.embedded == [] and again.unchanged == len(library)

    meta = root / "meta" / "shadcn-badge.yaml"
    meta.write_text(meta.read_text().replace("synonyms: [", "synonyms: [sticker, "))
    (root / "meta" / "shadcn-tooltip.yaml").unlink()
    (root / "components" / "ui" / "tooltip.tsx").unlink()
    changed = await index.sync(PatternLibrary.load(root))
    assert changed.embedded == ["shadcn-badge"] and changed.removed == ["shadcn-tooltip"]
    count = (await client.count(first.collection)).count
    assert count == total - len(passages(library.get("shadcn-tooltip")))

    hits = await index.search_vector(await index.embed_query("a sticker on a product card"))
    assert max(hits, key=lambda pid: hits[pid].score) == "shadcn-badge"
    assert "sticker" in hits["shadcn-badge"].passage
    await client.close()


def openai_embeddings(request: Recorded) -> tuple[int, Any]:
    body = request.json()
    texts = body["input"]
    # A deterministic 8-dimensional "embedding": enough to check the protocol and the plumbing.
    vectors = [[float((len(t) + i) % 7) + 1.0 for i in range(8)] for t in texts]
    return 200, {
        "object": "list",
        "model": body["model"],
        "data": [
            {"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)
        ],
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }


@pytest.fixture
def fake_openai() -> Iterator[RecordingServer]:
    server = RecordingServer(openai_embeddings)
    yield server
    server.close()


async def test_remote_embeddings_get_their_own_collection(
    fake_openai: RecordingServer, make_settings: Any
) -> None:
    settings: Settings = make_settings(
        openai_base_url=f"{fake_openai.url}/v1",
        llm_embedding_model="nomic-embed-text",
        embeddings_provider="remote",
    )
    embeddings = build_embeddings(settings)
    assert embeddings is not None
    embedder = RemoteEmbedder(embeddings, settings.llm_embedding_model)
    assert await embedder.dimension() == 8  # probed from the endpoint
    index = semantic_index(AsyncQdrantClient(":memory:"), embedder)
    report = await index.sync(PatternLibrary.load(DEFAULT_PATTERNS_DIR))
    assert report.collection == "patterns__remote-nomic-embed-text__8"
    posted = [r.json() for r in fake_openai.requests if r.path == "/v1/embeddings"]
    assert all(body["model"] == "nomic-embed-text" for body in posted)
    assert sum(len(body["input"]) for body in posted) >= len(report.embedded)


async def test_the_local_model_loads_at_the_first_embedding() -> None:
    """Starting costs nothing: a worker or an app whose index is current never reads it."""
    model = LocalMiniLM()
    assert not model.loaded
    vectors = await model.embed(["a toggle switch", "a date picker"])
    assert model.loaded
    assert [len(v) for v in vectors] == [384, 384]
    assert all(abs(sum(x * x for x in v) - 1.0) < 1e-4 for v in vectors)
    assert sum(a * b for a, b in zip(*vectors, strict=True)) < 0.9  # two sentences, two meanings
    model.close()
