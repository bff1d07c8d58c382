"""Requirements a component must meet: props, events, states and accessibility."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RequirementCategory = Literal["props", "events", "states", "accessibility"]


class Proposal(BaseModel):
    """One requirement. A plain string is accepted wherever a proposal is, as its name."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=120)
    category: RequirementCategory | None = None
    type: str | None = Field(default=None, description="TypeScript type or handler signature")
    default: str | None = None
    rationale: str | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    source: str | None = Field(default=None, description="engine that proposed it")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Requirements(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "props": ["checked", "disabled"],
                    "events": ["onCheckedChange"],
                    "states": ["indeterminate"],
                    "accessibility": ["aria-label"],
                }
            ]
        }
    )

    props: list[Proposal] = Field(default=[], max_length=100)
    events: list[Proposal] = Field(default=[], max_length=100)
    states: list[Proposal] = Field(default=[], max_length=100)
    accessibility: list[Proposal] = Field(default=[], max_length=100)

    def by_category(self) -> dict[RequirementCategory, list[Proposal]]:
        return {
            "props": self.props,
            "events": self.events,
            "states": self.states,
            "accessibility": self.accessibility,
        }

    def is_empty(self) -> bool:
        return not any(self.by_category().values())
