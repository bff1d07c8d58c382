"""Semantic search in Qdrant: several vectors per pattern, the best one scores it.

The collection name carries the embedding model and dimension, so switching models never
mixes vectors. Each point stores its pattern's content hash: indexing is idempotent and a
restart re-embeds only what changed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from qdrant_client import AsyncQdrantClient, models

from componentforge.retrieval.embeddings import Embedder
from componentforge.retrieval.text import split_identifier
from componentforge.schemas.pattern import Pattern

NAMESPACE = uuid.UUID("5b6a1c9e-2d0f-4a51-9a3e-7c1f0e6d2b44")


@dataclass(frozen=True)
class Passage:
    pattern_id: str
    kind: str
    text: str


@dataclass(frozen=True)
class IndexReport:
    collection: str
    embedded: list[str]
    unchanged: int
    removed: list[str]


@dataclass(frozen=True)
class SemanticHit:
    score: float  # cosine similarity of the best passage
    passage: str  # the text that matched best, for explanations


# Bump when `passages()` changes: stored points of another version are embedded again.
PASSAGES_VERSION = 2


def passages(pattern: Pattern) -> list[Passage]:
    """What is embedded for a pattern: a summary, each use case, its other names, and its API
    written the way the query builder writes requirements ("props: checked, disabled")."""
    api = [
        f"{label}: " + ", ".join(split_identifier(name).lower() for name in items)
        for label, items in (
            ("props", [p.name for p in pattern.props]),
            ("events", [e.name for e in pattern.events]),
            ("states", [s.name for s in pattern.states]),
        )
        if items
    ]
    texts = [
        ("summary", f"{pattern.name}: {pattern.description}"),
        *(("use", f"{pattern.name} for {use}") for use in pattern.when_to_use),
        ("synonyms", f"{pattern.name}, also called " + ", ".join(pattern.synonyms)),
    ]
    if api:
        texts.append(
            ("api", f"a {split_identifier(pattern.component_type)} component. " + ". ".join(api))
        )
    return [Passage(pattern.id, kind, text) for kind, text in texts]


def index_key(pattern: Pattern) -> str:
    """What a stored point must carry to be current: the pattern's content and passage format."""
    return f"{pattern.content_hash}:v{PASSAGES_VERSION}"


def collection_name(embedder_name: str, dimension: int) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", f"patterns__{embedder_name}__{dimension}".lower())


class SemanticIndex:
    def __init__(self, client: AsyncQdrantClient, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder
        self._collection: str | None = None

    async def collection(self) -> str:
        if self._collection is None:
            self._collection = collection_name(self.embedder.name, await self.embedder.dimension())
        return self._collection

    async def sync(self, patterns: Iterable[Pattern]) -> IndexReport:
        """Make the collection hold exactly the current patterns, embedding only changes."""
        name = await self.collection()
        if not await self.client.collection_exists(name):
            await self.client.create_collection(
                name,
                vectors_config=models.VectorParams(
                    size=await self.embedder.dimension(), distance=models.Distance.COSINE
                ),
            )
        stored = await self._stored_hashes(name)
        current = {p.id: p for p in patterns}
        changed = [p for p in current.values() if stored.get(p.id) != index_key(p)]
        removed = [pid for pid in stored if pid not in current]
        stale = [*removed, *(p.id for p in changed if p.id in stored)]
        if stale:
            await self.client.delete(
                name,
                points_selector=models.Filter(
                    must=[models.FieldCondition(key="pattern_id", match=models.MatchAny(any=stale))]
                ),
            )
        new = [passage for p in changed for passage in passages(p)]
        if new:
            vectors = await self.embedder.embed([p.text for p in new])
            await self.client.upsert(
                name,
                points=[
                    models.PointStruct(
                        id=str(uuid.uuid5(NAMESPACE, f"{p.pattern_id}/{i}")),
                        vector=vector,
                        payload={
                            "pattern_id": p.pattern_id,
                            "kind": p.kind,
                            "text": p.text,
                            "content_hash": index_key(current[p.pattern_id]),
                        },
                    )
                    for i, (p, vector) in enumerate(zip(new, vectors, strict=True))
                ],
            )
        return IndexReport(name, [p.id for p in changed], len(current) - len(changed), removed)

    async def _stored_hashes(self, name: str) -> dict[str, str]:
        hashes: dict[str, str] = {}
        offset = None
        while True:
            points, offset = await self.client.scroll(
                name, limit=512, offset=offset, with_payload=["pattern_id", "content_hash"]
            )
            for point in points:
                payload = point.payload or {}
                hashes[str(payload["pattern_id"])] = str(payload["content_hash"])
            if offset is None:
                return hashes

    async def embed_query(self, text: str) -> list[float]:
        return (await self.embedder.embed([text]))[0]

    async def search_vector(self, vector: list[float], limit: int = 256) -> dict[str, SemanticHit]:
        """Best passage similarity per pattern (every pattern with a passage in the top `limit`)."""
        response = await self.client.query_points(
            await self.collection(), query=vector, limit=limit, with_payload=["pattern_id", "text"]
        )
        hits: dict[str, SemanticHit] = {}
        for point in response.points:
            payload = point.payload or {}
            pid = str(payload["pattern_id"])
            if pid not in hits:  # points come best first
                hits[pid] = SemanticHit(float(point.score), str(payload.get("text", "")))
        return hits
