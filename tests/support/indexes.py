"""A pattern index over a Qdrant client, as the service builds one, for tests that need no app."""

from __future__ import annotations

from qdrant_client import AsyncQdrantClient

from componentforge.infra.breaker import Breakers
from componentforge.infra.metrics import Metrics
from componentforge.retrieval.embeddings import Embedder
from componentforge.retrieval.semantic import SemanticIndex
from componentforge.services.container import build_semantic_index


def semantic_index(client: AsyncQdrantClient, embedder: Embedder) -> SemanticIndex:
    return build_semantic_index(client, embedder, Breakers(Metrics(), 5, 30), timeout=60)
