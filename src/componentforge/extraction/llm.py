"""The model engine for extraction: an OpenAI-compatible chat model with structured output.

The vision model classifies and describes the screenshot; the text model proposes
requirements. Every call runs behind the `llm` breaker, retrying 429s, 5xx and dropped
connections with backoff; what it raises the graph turns into a warning and the offline answer.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from componentforge.extraction.classify import Classification
from componentforge.extraction.graph_state import ModelView
from componentforge.extraction.intake import Intake
from componentforge.infra.llm.calls import ModelCalls
from componentforge.schemas.requirements import Proposal, RequirementCategory
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import ComponentType


class ComponentView(BaseModel):
    """What the vision model is asked to return."""

    component_type: ComponentType = Field(description="The one component the image shows")
    confidence: float = Field(ge=0, le=1, description="How sure, 0..1")
    labels: list[str] = Field(description="Visible text: labels, placeholders, button text")
    description: str = Field(description="One or two sentences: purpose, variant and state")


class ModelProposal(BaseModel):
    name: str = Field(description="A prop, event handler, state or ARIA attribute name")
    type: str = Field(description="TypeScript type or handler signature; empty when none")
    default: str | None = Field(description="Default value as TypeScript source, or null")
    rationale: str = Field(description="Why the component needs it, in one sentence")
    confidence: float = Field(ge=0, le=1)


class ModelProposals(BaseModel):
    proposals: list[ModelProposal]


GUIDANCE: dict[RequirementCategory, str] = {
    "props": "the props a React + TypeScript shadcn/ui component needs (variant, size, ...)",
    "events": "the event handlers it exposes, e.g. onClick or onCheckedChange, with signatures",
    "states": "its interactive and data states (disabled, checked, open, loading, invalid, ...)",
    "accessibility": "its accessibility requirements: ARIA roles and attributes, label "
    "association, keyboard interaction, focus visibility, contrast",
}


class ChatEngine:
    """A `ModelEngine` over LangChain chat models (OpenAI, Azure or any compatible server)."""

    def __init__(
        self,
        vision: BaseChatModel,
        text: BaseChatModel,
        *,
        models: tuple[str, str],
        vendor: str,
        calls: ModelCalls,
    ) -> None:
        self.name = f"{vendor}:{models[0]}"
        self.text_name = f"{vendor}:{models[1]}"
        self._vision = vision.with_structured_output(ComponentView, include_raw=True)
        self._text = text.with_structured_output(ModelProposals, include_raw=True)
        self._models = models
        self._calls = calls

    async def describe(self, intake: Intake, hint: Classification) -> ModelView:
        prompt = (
            "The image shows one UI component from a web app. Say which component type it "
            f"is, how sure you are, the text it shows and what it is for. A layout heuristic "
            f"guessed {hint.component_type} ({hint.confidence:.2f} sure)."
        )
        messages = [
            SystemMessage("You are a frontend engineer who builds shadcn/ui components."),
            HumanMessage(
                content=[
                    {"type": "text", "text": prompt},
                    {"type": "image_url", "image_url": {"url": intake.model_data_url()}},
                ]
            ),
        ]
        answer: ComponentView = await self._ask(self._vision, messages, self._models[0], "vision")
        return ModelView(
            component_type=answer.component_type,
            confidence=answer.confidence,
            labels=answer.labels,
            description=answer.description,
        )

    async def propose(
        self, category: RequirementCategory, component_type: str, tokens: DesignTokens, notes: str
    ) -> list[Proposal]:
        prompt = (
            f"List {GUIDANCE[category]} for a `{component_type}` component.\n"
            f"What the screenshot shows: {notes or 'no description'}\n"
            f"Its design tokens: {tokens.model_dump_json(exclude_none=True)}\n"
            "Give only what a developer would write down for this component, most important "
            "first, at most 12."
        )
        messages = [
            SystemMessage("You write requirements for React + TypeScript shadcn/ui components."),
            HumanMessage(prompt),
        ]
        answer: ModelProposals = await self._ask(self._text, messages, self._models[1], "text")
        return [
            Proposal(
                name=p.name.strip(),
                category=category,
                type=p.type or None,
                default=p.default,
                rationale=p.rationale,
                confidence=p.confidence,
                source=self.text_name,
            )
            for p in answer.proposals
            if p.name.strip()
        ]

    async def _ask(self, runnable: Any, messages: list[Any], model: str, task: str) -> Any:
        answer, _ = await self._calls.ask(
            runnable, messages, model=model, task=f"extraction.{task}"
        )
        return answer
