"""Semantic search over a vector store: several vectors per pattern, the best one scores it.

The collection name carries the embedding model and dimension, so switching models never
mixes vectors. Each point stores its pattern's content hash: indexing is idempotent and a
restart re-embeds only what changed.
"""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from componentforge.infra.breaker import Breakers
from componentforge.infra.vectors import VectorPoint, VectorStore
from componentforge.retrieval.embeddings import Embedder
from componentforge.retrieval.text import split_identifier
from componentforge.schemas.pattern import Pattern

EMBEDDINGS = "embeddings"  # the breaker
PAYLOAD = ["pattern_id", "text"]
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
    """The patterns' passages in a vector store. Embedding goes through the `embeddings`
    breaker. The hits of recent queries are kept until the index changes: a repeated query
    costs neither a model run nor a vector search."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        breakers: Breakers,
        timeout: float,
        cached_queries: int = 1024,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self._breakers = breakers
        self._timeout = timeout
        self._collection: str | None = None
        self._results: OrderedDict[str, dict[str, SemanticHit]] = OrderedDict()
        self._cached_queries = cached_queries
        # Every point's pattern and text, by id (kept by sync): searches ask for no payload.
        self._points: dict[str, tuple[str, str]] = {}
        breakers.register(EMBEDDINGS)

    async def collection(self) -> str:
        if self._collection is None:
            self._collection = collection_name(self.embedder.name, await self.embedder.dimension())
        return self._collection

    async def sync(self, patterns: Iterable[Pattern], timeout: float | None = None) -> IndexReport:
        """Make the collection hold exactly the current patterns, embedding only changes
        (each call to the store within `timeout`, the store's own when None)."""
        name = await self.collection()
        await self.store.ensure_collection(name, await self.embedder.dimension(), timeout)
        held = await self.store.payloads(name, ["pattern_id", "content_hash", "text"], timeout)
        stored = {p["pattern_id"]: p["content_hash"] for p in held.values()}
        current = {p.id: p for p in patterns}
        changed = [p for p in current.values() if stored.get(p.id) != index_key(p)]
        removed = [pid for pid in stored if pid not in current]
        stale = [*removed, *(p.id for p in changed if p.id in stored)]
        if stale:
            await self.store.delete_where(name, "pattern_id", stale, timeout)
        new = [passage for p in changed for passage in passages(p)]
        points: list[VectorPoint] = []
        if new:
            vectors = await self._embed([p.text for p in new], timeout)
            points = [
                VectorPoint(
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
            ]
            await self.store.upsert(name, points, timeout)
        self._points = {
            pid: (p["pattern_id"], p.get("text", ""))
            for pid, p in held.items()
            if p["pattern_id"] not in stale
        }
        self._points.update({p.id: (p.payload["pattern_id"], p.payload["text"]) for p in points})
        self._results.clear()  # answers of the index as it was
        return IndexReport(name, [p.id for p in changed], len(current) - len(changed), removed)

    async def embed_query(self, text: str) -> list[float]:
        return (await self._embed([text], None))[0]

    async def probe(self) -> None:
        """A health check's trial: embed one word, through the breaker even when it is open."""
        await self._breakers.trial(
            EMBEDDINGS, lambda: self.embedder.embed(["health"]), timeout=self._timeout
        )

    async def _embed(self, texts: list[str], timeout: float | None) -> list[list[float]]:
        return await self._breakers.call(
            EMBEDDINGS, lambda: self.embedder.embed(texts), timeout=timeout or self._timeout
        )

    async def search(self, text: str) -> dict[str, SemanticHit]:
        """`search_vector` of the query's vector; a repeated query's answer is kept until the
        index changes."""
        hits = self._results.get(text)
        if hits is None:
            hits = await self.search_vector(await self.embed_query(text))
            self._results[text] = hits
            if len(self._results) > self._cached_queries:
                self._results.popitem(last=False)
        else:
            self._results.move_to_end(text)
        return hits

    async def search_vector(self, vector: list[float], limit: int = 256) -> dict[str, SemanticHit]:
        """Best passage similarity per pattern (every pattern with a passage in the top `limit`)."""
        name = await self.collection()
        known = self._points
        found = await self.store.query(name, vector, limit, None if known else PAYLOAD)
        if known and any(p.id not in known for p in found):  # written by another process
            found = await self.store.query(name, vector, limit, PAYLOAD)
        hits: dict[str, SemanticHit] = {}
        for point in found:
            pid, text = (
                (point.payload["pattern_id"], point.payload.get("text", ""))
                if point.payload
                else known[point.id]
            )
            if pid not in hits:  # points come best first
                hits[pid] = SemanticHit(point.score, text)
        return hits
