"""The Qdrant client: local mode on disk by default, a Qdrant server when QDRANT_URL is set."""

from __future__ import annotations

from pathlib import Path

from qdrant_client import AsyncQdrantClient


def build_qdrant(
    url: str | None, api_key: str | None, local_path: Path, timeout: float
) -> AsyncQdrantClient:
    """Local mode locks its folder to one process: several workers need a Qdrant server."""
    if url:
        return AsyncQdrantClient(url=url, api_key=api_key, timeout=int(max(1, timeout)))
    local_path.mkdir(parents=True, exist_ok=True)
    return AsyncQdrantClient(path=str(local_path))
