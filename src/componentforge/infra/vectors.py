"""The Qdrant client: local mode on disk by default, a Qdrant server when QDRANT_URL is set."""

from __future__ import annotations

import logging
from pathlib import Path

from qdrant_client import AsyncQdrantClient

log = logging.getLogger(__name__)


def build_qdrant(
    url: str | None, api_key: str | None, local_path: Path, timeout: float
) -> AsyncQdrantClient:
    """Local mode locks its folder to one process: with several workers, the first holds it
    and the others keep their index in memory (built at their start, as small as the library).
    A Qdrant server shares one index between them."""
    if url:
        return AsyncQdrantClient(url=url, api_key=api_key, timeout=int(max(1, timeout)))
    local_path.mkdir(parents=True, exist_ok=True)
    try:
        return AsyncQdrantClient(path=str(local_path))
    except RuntimeError as exc:  # "already accessed by another instance"
        log.warning("qdrant local folder held by another process, indexing in memory: %s", exc)
        return AsyncQdrantClient(location=":memory:")
