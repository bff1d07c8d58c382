"""shadcn registry documents (https://ui.shadcn.com/schema/registry-item.json and
registry.json), the parts of them this service serves."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ItemType = Literal[
    "registry:ui", "registry:lib", "registry:component", "registry:theme", "registry:style"
]
ITEM_SCHEMA = "https://ui.shadcn.com/schema/registry-item.json"
INDEX_SCHEMA = "https://ui.shadcn.com/schema/registry.json"


class RegistryFile(BaseModel):
    path: str = Field(description="Where the file sits in a registry; the CLI places it by type")
    type: ItemType
    content: str | None = Field(default=None, description="The file; left out in the index")
    target: str | None = None


class CssVars(BaseModel):
    """CSS variables (names without `--`) the CLI merges into the project's stylesheet."""

    theme: dict[str, str] | None = Field(default=None, description="`@theme inline` variables")
    light: dict[str, str] | None = Field(default=None, description="`:root` variables")
    dark: dict[str, str] | None = Field(default=None, description="`.dark` variables")


class ItemMeta(BaseModel):
    """Where a generated item came from."""

    generation_id: str
    pattern_id: str
    engine: str
    validation: Literal["PASS", "FAIL", "UNVERIFIED"] | None = None
    cache_key: str | None = None


class RegistryItem(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "$schema": ITEM_SCHEMA,
                    "name": "button",
                    "type": "registry:ui",
                    "title": "Button",
                    "dependencies": ["@radix-ui/react-slot", "class-variance-authority"],
                    "registryDependencies": ["http://127.0.0.1:8000/api/v1/r/utils.json"],
                    "files": [
                        {
                            "path": "components/ui/button.tsx",
                            "type": "registry:ui",
                            "content": 'import * as React from "react"\n...',
                        }
                    ],
                }
            ]
        },
    )

    schema_url: str = Field(default=ITEM_SCHEMA, alias="$schema")
    name: str
    type: ItemType
    title: str | None = None
    description: str | None = None
    extends: str | None = Field(
        default=None, description='"none" on the base style: nothing is taken from shadcn\'s'
    )
    dependencies: list[str] = Field(default_factory=list, description="npm packages")
    registryDependencies: list[str] = Field(
        default_factory=list,
        description="Other items, as URLs on this server (or `@componentforge/<name>` when "
        "the request carried an API key)",
    )
    files: list[RegistryFile] = Field(default_factory=list)
    cssVars: CssVars | None = None
    meta: ItemMeta | None = None


class RegistryIndex(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    schema_url: str = Field(default=INDEX_SCHEMA, alias="$schema")
    name: str
    homepage: str
    items: list[RegistryItem]
