"""A pattern index over a Qdrant client, as the service builds one, for tests that need no app."""

from __future__ import annotations

from qdrant_client import AsyncQdrantClient

from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics
from componentforge.infra.vectors import VectorStore
from componentforge.retrieval.embeddings import Embedder
from componentforge.retrieval.semantic import SemanticIndex


def semantic_index(client: AsyncQdrantClient, embedder: Embedder) -> SemanticIndex:
    breakers = Breakers(Metrics(), threshold=5, reset_seconds=30)
    return SemanticIndex(VectorStore(client, breakers, 60), embedder, breakers, 60)
