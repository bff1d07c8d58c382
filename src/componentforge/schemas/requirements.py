"""Requirements a component must meet: props, events, states and accessibility."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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


def _named(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


# In the schema as clients see it: a name, or a proposal object.
Item = Annotated[
    Proposal,
    BeforeValidator(
        _named,
        json_schema_input_type=Annotated[str, Field(min_length=1, max_length=120)] | Proposal,
    ),
]


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

    props: list[Item] = Field(default=[], max_length=100)
    events: list[Item] = Field(default=[], max_length=100)
    states: list[Item] = Field(default=[], max_length=100)
    accessibility: list[Item] = Field(default=[], max_length=100)

    def by_category(self) -> dict[RequirementCategory, list[Proposal]]:
        return {
            "props": self.props,
            "events": self.events,
            "states": self.states,
            "accessibility": self.accessibility,
        }

    def is_empty(self) -> bool:
        return not any(self.by_category().values())
