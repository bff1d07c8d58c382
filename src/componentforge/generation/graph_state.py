"""What the generation graph carries from stage to stage, and what one run of it made."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Annotated, Any, TypedDict

from componentforge.generation.draft import Draft
from componentforge.generation.retouch import Round
from componentforge.generation.shown import Nudge
from componentforge.generation.template import Composer
from componentforge.generation.writer import Call
from componentforge.schemas.extraction import Content, Part
from componentforge.schemas.generation import Stage
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport
from componentforge.schemas.vocabulary import Progress
from componentforge.validation.visual import Reference


class GenerationState(TypedDict, total=False):
    pattern: Pattern
    name: str
    tokens: DesignTokens
    requirements: Requirements
    content: Content | None
    anatomy: list[Part]
    reference: Reference | None  # the screenshot the preview is compared with
    validate: bool
    include_stories: bool
    max_fix_rounds: int
    key: str
    progress: Progress | None
    composer: Composer
    draft: Draft
    code: str
    stories: str | None
    report: ValidationReport | None
    rounds: int
    files: dict[str, str]
    provenance: dict[str, Any]
    stages: Annotated[list[Stage], operator.add]
    engine: str
    notes: str | None
    calls: Annotated[list[Call], operator.add]
    attempts: Annotated[list[dict[str, Any]], operator.add]
    by_model: bool  # the code in hand is the writer's (else the offline composition)
    best: Round | None  # the round that looked most like the screenshot
    nudge: Nudge | None  # the visual fix's move of the text
    fallback: str | None  # why the model's result was replaced by the offline one


@dataclass(frozen=True)
class Generated:
    """What one run of the graph made."""

    files: dict[str, str]
    report: ValidationReport | None
    provenance: dict[str, Any]
    engine: str  # who wrote the code in `files`
    notes: str | None
    attempts: list[dict[str, Any]]  # the model's failed attempts, for the report
    fallback: str | None  # why the offline composition replaced the model's code
    warnings: list[str]
    applied: list[dict[str, str]]
    stages: list[Stage]
    rounds: int
    calls: list[Call]
