"""The model engine for generation: an OpenAI-compatible chat model writes the component.

It is given the pattern's source, the offline engine's composition (tokens and requirements
already applied, so the model refines rather than starts from nothing), the tokens, the
requirements and the rules the validator enforces; it answers with structured output
(component, stories, notes). A fix round sends the failing code back with the validator's
findings. Calls run behind the `llm` breaker with retries; what it raises the graph turns into
the offline result, marked degraded.
"""

from __future__ import annotations

import json
import re
from typing import Final

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from componentforge.errors import DependencyError
from componentforge.generation.writer import Call, Written
from componentforge.infra.llm.calls import ModelCalls
from componentforge.infra.llm.factory import BREAKER
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens

TASK: Final = "generation"

SYSTEM = """You are a senior frontend engineer who writes React + TypeScript components the \
shadcn/ui way: function components, Radix primitives through the project's `@/components/ui/*` \
files, Tailwind classes merged with `cn` from `@/lib/utils`, CSS variables for the theme.
Your files are checked, and must pass:
- TypeScript in strict mode (no `any`, no unused variables, every prop typed);
- ESLint with react, react-hooks and jsx-a11y rules;
- axe-core on the rendered component (names for every control, valid ARIA, contrast);
- the requirements: each prop in the exported props interface, each event handler wired, each \
state and ARIA attribute present.
Import only React, the `@/components/ui/*` files already imported by the starting point or the \
pattern, `@/lib/utils`, `lucide-react` icons and `@storybook/react` (stories only)."""


class ModelFiles(BaseModel):
    """What the model is asked to return."""

    component: str = Field(description="The complete component file (TSX), nothing else")
    stories: str = Field(description="The complete Storybook CSF3 stories file (TSX)")
    notes: str = Field(description="What you changed from the starting point and why, briefly")


class ModelGenerator:
    """A ComponentWriter over a LangChain chat model (OpenAI, Azure, OpenAI-compatible)."""

    def __init__(
        self,
        chat: BaseChatModel,
        *,
        model: str,
        vendor: str,
        calls: ModelCalls,
    ) -> None:
        self.engine = f"llm:{vendor}"
        self.model = model
        self._chat = chat.with_structured_output(ModelFiles, include_raw=True)
        self._calls = calls

    async def write(
        self,
        pattern: Pattern,
        name: str,
        start: str,
        tokens: DesignTokens,
        requirements: Requirements,
        shown: dict[str, str],
    ) -> Written:
        asked = tokens.model_dump_json(exclude_none=True, exclude_defaults=True)
        screenshot = (
            [
                "The screenshot shows this content; the starting point already renders it as the "
                "component's defaults. Keep every text exactly (case, punctuation, spaces) and "
                f"every state: {json.dumps(shown, ensure_ascii=False)}"
            ]
            if shown
            else []
        )
        prompt = "\n\n".join(
            [
                f"Write the component `{name}` (file `{name}.tsx`, `export function {name}` and "
                f"`export interface {name}Props`) and its stories (`{name}.stories.tsx`, CSF3, "
                "one story per variant and per state).",
                f"It builds on the pattern `{pattern.id}` ({pattern.name}, "
                f"`@/{pattern.source.removesuffix('.tsx')}`):\n```tsx\n{pattern.source_code}\n```",
                "The offline engine's composition, with the tokens and requirements applied; "
                "keep what it does right, improve what it does not:\n"
                f"```tsx\n{start}\n```",
                f"Design tokens: {asked}",
                f"Requirements: {requirements.model_dump_json(exclude_none=True)}",
                *screenshot,
            ]
        )
        return await self._ask(prompt)

    async def fix(
        self, name: str, component: str, stories: str | None, findings: list[str]
    ) -> Written:
        listed = "\n".join(f"- {f}" for f in findings) or "- (the report named no finding)"
        prompt = "\n\n".join(
            [
                f"`{name}.tsx` failed validation. Fix every finding and return both files.",
                f"Findings:\n{listed}",
                f"```tsx\n{component}\n```",
                f"Stories:\n```tsx\n{stories or ''}\n```",
            ]
        )
        return await self._ask(prompt)

    async def _ask(self, prompt: str) -> Written:
        messages = [SystemMessage(SYSTEM), HumanMessage(prompt)]
        files: ModelFiles
        files, cost = await self._calls.ask(self._chat, messages, model=self.model, task=TASK)
        component = _unfence(files.component)
        if not component.strip():
            raise DependencyError(BREAKER, "the model returned an empty component")
        call = Call(TASK, self.model, cost.prompt_tokens, cost.completion_tokens, cost.usd)
        return Written(component, _unfence(files.stories), files.notes.strip(), call)


_FENCE = re.compile(r"^\s*```[\w-]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)


def _unfence(text: str) -> str:
    """Models often wrap code in a Markdown fence even inside JSON; the file is the inside."""
    match = _FENCE.match(text)
    body = match.group("body") if match else text
    return body.strip("\n") + "\n"
