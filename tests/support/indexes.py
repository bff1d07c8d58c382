"""A pattern index over a Qdrant client, as the service builds one, for tests that need no app."""

from __future__ import annotations

from qdrant_client import AsyncQdrantClient

from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics
from componentforge.infra.vectors import VectorStore
from componentforge.retrieval.embeddings import Embedder
from componentforge.retrieval.semantic import SemanticIndex
from componentforge.services.container import build_semantic_index


def semantic_index(
    client: AsyncQdrantClient, embedder: Embedder, own_thread: bool = False
) -> SemanticIndex:
    breakers = Breakers(Metrics(), 5, 30)
    store = VectorStore(client, breakers, 60, own_thread=own_thread)
    return build_semantic_index(store, embedder, breakers, timeout=60)
