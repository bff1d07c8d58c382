"""The files a generation hands over beside the component: its stories, the tokens as applied
(variables and classes), what was taken from the screenshot, the requirements with how each was
applied, and the provenance."""

from __future__ import annotations

import json
from typing import Any

from componentforge.generation.draft import Draft
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens


def as_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def applied(by_model: bool, draft: Draft) -> list[dict[str, str]]:
    """How the offline engine applied each requirement; nothing when a model wrote the code
    (the validation report's requirement coverage says what that code holds)."""
    return [] if by_model else [a.model_dump() for a in draft.ledger]


def component_files(
    name: str,
    code: str,
    stories: str | None,
    draft: Draft,
    tokens: DesignTokens,
    requirements: Requirements,
    applied: list[dict[str, str]],
) -> dict[str, str]:
    files = {f"{name}.tsx": code}
    if stories is not None:
        files[f"{name}.stories.tsx"] = stories
    files["tokens.json"] = as_json(
        {
            "tokens": tokens.model_dump(exclude_none=True, exclude_defaults=True),
            "css_variables": draft.theme.variables,
            "classes": draft.theme.classes,
        }
    )
    if draft.shown:
        files["content.json"] = as_json({"from_screenshot": draft.shown})
    files["requirements.json"] = as_json(
        {"requirements": requirements.model_dump(exclude_none=True), "applied": applied}
    )
    return files
