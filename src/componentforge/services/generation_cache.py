"""The L1 entry of a generation: its result and where its files are, under the tenant's own
namespace, and how a hit turns it into a new answer."""

from __future__ import annotations

from pydantic import BaseModel

from componentforge.infra.storage import ArtifactStore, StoredArtifact
from componentforge.schemas.generation import GenerationResult
from componentforge.tenancy import LOCAL_TENANT, current_principal


class CachedGeneration(BaseModel):
    result: GenerationResult
    keys: dict[str, str]  # file name → its key in the artifact store


def tenant_key(key: str) -> str:
    """Where a tenant's L1 entry lives: its own namespace, so a key read off another tenant's
    provenance neither hits nor deletes anything."""
    tenant = current_principal().tenant
    return key if tenant == LOCAL_TENANT else f"t:{tenant}:{key}"


def entry(result: GenerationResult, stored: list[StoredArtifact]) -> bytes:
    keys = {s.key.rsplit("/", 1)[1]: s.key for s in stored}
    return CachedGeneration(result=result, keys=keys).model_dump_json().encode()


async def reuse(
    cached: bytes, generation_id: str, degraded: list[str], artifacts: ArtifactStore
) -> tuple[GenerationResult, str]:
    """The stored result under this request's id (free: no cost, tokens or stages), and the
    id of the run that made it."""
    held = CachedGeneration.model_validate_json(cached)
    origin = held.result.generation_id
    result = held.result.model_copy(
        update={
            "generation_id": generation_id,
            "cache_layer": "L1",
            "cost_usd": 0.0,
            "tokens_used": 0,
            "stages": [],
            "degraded_reasons": degraded,
            "degraded": bool(degraded),
            "artifacts": {name: await artifacts.url(key) for name, key in held.keys.items()},
        }
    )
    return result, origin
