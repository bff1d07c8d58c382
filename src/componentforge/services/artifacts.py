"""Reading stored artifacts back (the local store's download route)."""

from __future__ import annotations

from componentforge.errors import NotFoundError
from componentforge.infra.storage import ArtifactStore, check_key, content_type_for


class ArtifactService:
    def __init__(self, store: ArtifactStore) -> None:
        self.store = store

    async def read(self, key: str) -> tuple[bytes, str]:
        data = await self.store.get(check_key(key))
        if data is None:
            raise NotFoundError("no artifact with that key", {"key": key})
        return data, content_type_for(key)
