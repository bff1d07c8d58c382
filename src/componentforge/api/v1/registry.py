"""Generated components as shadcn registry items, for `npx shadcn add <url>`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from componentforge.api.deps import GenerationHistoryDep
from componentforge.generation.registry import registry_item

router = APIRouter(prefix="/r", tags=["registry"])


@router.get(
    "/{generation_id}.json",
    summary="A generation as a shadcn registry item",
    responses={404: {"description": "no such generation"}},
)
async def item(
    generation_id: Annotated[
        str, Path(pattern=r"^[0-9a-f]{32}$", description="From a generation response")
    ],
    history: GenerationHistoryDep,
) -> dict[str, Any]:
    """The registry-item JSON (name, `registry:ui`, dependencies, registryDependencies, the
    component file with its content, cssVars from the tokens), so that
    `npx shadcn@latest add http://HOST/api/v1/r/{generation_id}.json` installs the component
    into a shadcn project. Stories stay in `/generation/{generation_id}`."""
    return registry_item(await history.get(generation_id))
