"""What flows through the extraction graph: its state, the model seam (`ModelEngine` and what
it sees, `ModelView`) and what one run returns (`Extracted`)."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol, TypedDict

from componentforge.extraction import proposers
from componentforge.extraction.classify import Classification
from componentforge.extraction.intake import Intake
from componentforge.extraction.layout import Layout
from componentforge.extraction.reading import Reading
from componentforge.extraction.scale import Scale
from componentforge.schemas.extraction import Content, Gradient, Part
from componentforge.schemas.requirements import Proposal, RequirementCategory, Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import ComponentType


class ModelEngine(Protocol):
    """A vision/text model behind its breaker; every method may raise DependencyError.

    `name` is the engine that classifies (the vision model), `text_name` the one that proposes.
    """

    name: str
    text_name: str

    async def describe(self, intake: Intake, hint: Classification) -> ModelView: ...

    async def propose(
        self, category: RequirementCategory, component_type: str, tokens: DesignTokens, notes: str
    ) -> list[Proposal]: ...


@dataclass(frozen=True)
class ModelView:
    component_type: str
    confidence: float
    labels: list[str]
    description: str


Node = Callable[["ExtractionState"], Awaitable[dict[str, Any]]]


class Span(TypedDict):
    node: str
    start: float
    end: float


class ExtractionState(TypedDict, total=False):
    intake: Intake | None
    given_scale: float | None
    reading: Reading | None
    content: Content | None
    anatomy: list[Part]
    gradient: Gradient | None
    hint: ComponentType | None
    known_type: ComponentType | None
    known_confidence: float
    type_by: str
    tokens_by: str
    given_evidence: proposers.Evidence | None
    layout: Layout | None
    classification: Classification
    component_type: ComponentType
    confidence: float
    alternatives: list[tuple[ComponentType, float]]
    tokens: DesignTokens
    given_tokens: DesignTokens | None
    evidence: proposers.Evidence
    model_view: ModelView | None
    proposals: Annotated[list[Proposal], operator.add]
    spans: Annotated[list[Span], operator.add]
    engines: Annotated[dict[str, str], lambda a, b: {**a, **b}]
    warnings: Annotated[list[str], operator.add]
    model_failures: Annotated[int, operator.add]
    requirements: Requirements


@dataclass(frozen=True)
class Extracted:
    """What one run of the graph read."""

    component_type: ComponentType
    confidence: float
    alternatives: list[tuple[ComponentType, float]]
    tokens: DesignTokens
    requirements: Requirements
    engines: dict[str, str]  # which engine answered each part
    warnings: list[str]
    model_failures: int  # model calls that failed, whose part the offline engines answered
    spans: list[Span]
    content: Content | None = None  # the visible text, for an image
    anatomy: list[Part] = dataclasses.field(default_factory=list)
    gradient: Gradient | None = None  # the surface, when it is a gradient
    scale: Scale | None = None  # for an image: its device scale factor
