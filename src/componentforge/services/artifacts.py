"""Reading stored artifacts back (the local store's download route)."""

from __future__ import annotations

import json

from componentforge.errors import NotFoundError
from componentforge.infra.storage import ArtifactStore, check_key, content_type_for
from componentforge.tenancy import current_principal

# Each artifact folder has one JSON file that says whose it is.
OWNER_FILE = {"components": "result.json", "reports": "quality-report.json"}


class ArtifactService:
    def __init__(self, store: ArtifactStore) -> None:
        self.store = store

    async def read(self, key: str) -> tuple[bytes, str]:
        """The artifact, if the caller's tenant owns its folder (else 404, as if absent)."""
        kind, folder, _ = check_key(key).split("/", 2)
        owner_key = f"{kind}/{folder}/{OWNER_FILE[kind]}"
        owner_data = await self.store.get(owner_key)
        owner = json.loads(owner_data).get("tenant") if owner_data else None
        data = None
        if current_principal().owns(owner):
            data = owner_data if key == owner_key else await self.store.get(key)
        if data is None:
            raise NotFoundError("no artifact with that key", {"key": key})
        return data, content_type_for(key)
