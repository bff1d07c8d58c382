"""The service as a shadcn registry: `npx shadcn@latest add http://HOST/api/v1/r/<id>.json`
(or `@componentforge/<id>` with the documented components.json) installs a generated
component and the primitives it was checked against, and fetches nothing from ui.shadcn.com."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request

from componentforge.api.deps import GenerationHistoryDep, PrimitivesDep
from componentforge.errors import NotFoundError
from componentforge.generation.registry import (
    THEME_SUFFIX,
    Link,
    component_item,
    linked_by_namespace,
    linked_by_url,
    theme_item,
)
from componentforge.schemas.registry import RegistryIndex, RegistryItem

router = APIRouter(prefix="/r", tags=["registry"])
_GENERATION = re.compile(r"^([0-9a-f]{32})(-theme)?$")


def _link(request: Request) -> Link:
    """With an API key the CLI is using the `@componentforge` namespace (only a namespace
    carries headers), so dependencies are named in it; otherwise they are URLs beside this
    one."""
    if request.headers.get("x-api-key"):
        return linked_by_namespace
    return linked_by_url(str(request.url))


@router.get(
    "/registry.json",
    summary="The registry index",
    response_model_exclude_none=True,
)
async def index(request: Request, primitives: PrimitivesDep) -> RegistryIndex:
    """Name, homepage and every item that is always there: the `style` base, `utils` and
    each primitive (files listed without content). Generated components are items too, at
    `/r/{generation_id}.json`, with their theme at `/r/{generation_id}-theme.json`."""
    return primitives.index(str(request.base_url).rstrip("/"), _link(request))


@router.get(
    "/{name}.json",
    summary="A registry item: a primitive, utils, the base style, a generation or its theme",
    response_model_exclude_none=True,
)
async def item(
    name: Annotated[
        str,
        Path(
            pattern=r"^[a-z0-9][a-z0-9-]{0,79}$",
            description="`button`, `utils`, `style`, a generation id, or `<id>-theme`",
            examples=["button"],
        ),
    ],
    request: Request,
    primitives: PrimitivesDep,
    history: GenerationHistoryDep,
) -> RegistryItem:
    """A primitive (`registry:ui`, the exact file generated code is checked against),
    `utils` (`registry:lib`), `style` (`registry:style`, `extends: none`: shadcn's theme
    variables and utils, for `shadcn init`), a generation (`registry:component`; stories stay
    in `/generation/{id}`), or a generation's tokens (`<id>-theme`, `registry:theme`)."""
    link = _link(request)
    if (found := primitives.item(name, link)) is not None:
        return found
    if m := _GENERATION.match(name):
        result = await history.get(m.group(1))
        return theme_item(result) if m.group(2) == THEME_SUFFIX else component_item(result, link)
    raise NotFoundError(f"no registry item {name!r}")
