"""The pattern library's metadata, validated when the library loads."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

PATTERN_ID = r"^shadcn-[a-z0-9]+(?:-[a-z0-9]+)*$"
Category = Literal[
    "action", "form", "overlay", "navigation", "feedback", "data-display", "layout", "disclosure"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropSpec(_Strict):
    name: str = Field(pattern=r"^[a-z][A-Za-z0-9]*$")
    type: str = Field(min_length=1, description="TypeScript type")
    default: str | None = Field(default=None, description="TypeScript expression")
    required: bool = False
    description: str = Field(min_length=3)


class EventSpec(_Strict):
    name: str = Field(pattern=r"^on[A-Z][A-Za-z0-9]*$")
    signature: str = Field(min_length=4, description="TypeScript handler type")
    description: str = Field(min_length=3)


class StateSpec(_Strict):
    name: str = Field(min_length=2)
    description: str = Field(min_length=3)
    attribute: str | None = Field(default=None, description='how it shows: data-state="open"')


class AccessibilitySpec(_Strict):
    roles: list[str]
    keyboard: list[str]
    labelling: str = Field(min_length=3)
    notes: list[str] = []


class PatternMeta(_Strict):
    id: str = Field(pattern=PATTERN_ID)
    name: str = Field(min_length=2)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    category: Category
    description: str = Field(min_length=20)
    when_to_use: list[str] = Field(min_length=1)
    when_not_to_use: list[str] = []
    synonyms: list[str] = []
    source: str = Field(pattern=r"^components/ui/[a-z0-9-]+\.tsx$")
    exports: list[str] = Field(min_length=1)
    variants: dict[str, list[str]] = {}
    props: list[PropSpec] = []
    events: list[EventSpec] = []
    states: list[StateSpec] = []
    accessibility: AccessibilitySpec
    dependencies: list[str] = Field(default=[], description="npm packages the source imports")
    registry_dependencies: list[str] = Field(default=[], description="other patterns it uses")

    @field_validator("registry_dependencies")
    @classmethod
    def _ids(cls, value: list[str]) -> list[str]:
        for item in value:
            if not re.match(PATTERN_ID, item):
                raise ValueError(f"{item!r} is not a pattern id")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def component_type(self) -> str:
        """The type extraction and generation speak of: shadcn-radio-group → radio-group."""
        return self.id.removeprefix("shadcn-")


class Pattern(PatternMeta):
    """Metadata with its TSX source and a hash of both (what indexing keys on)."""

    source_code: str
    content_hash: str
