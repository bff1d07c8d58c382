"""The offline composer without Node: every pattern composes, tokens land where they should, and
each requirement is either applied or said not to be."""

from __future__ import annotations

import re

import pytest

from componentforge.colours import delta_e_2000, parse_colour
from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.generation.anatomies import ANATOMIES
from componentforge.generation.idents import camel, default_name
from componentforge.generation.template import compose
from componentforge.generation.theme import build_theme
from componentforge.retrieval.library import PatternLibrary
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens

LIBRARY = PatternLibrary.load(DEFAULT_PATTERNS_DIR)
TOKENS = DesignTokens.model_validate(
    {
        "colors": {"primary": "#7c3aed", "background": "#f5f3ff", "page_background": "#ffffff"},
        "spacing": {"padding_x_px": 12.5, "gap_px": 6},
        "border": {"radius_px": 9999, "width_px": 1},
        "typography": {"font_family": "Inter", "font_weight": 640, "line_height_px": 20},
        "shadow": "md",
    }
)


def test_every_pattern_has_a_composition() -> None:
    assert {p.id for p in LIBRARY} == set(ANATOMIES)


@pytest.mark.parametrize("pattern", list(LIBRARY), ids=lambda p: p.id)
def test_every_pattern_composes_with_tokens_and_requirements(pattern) -> None:  # type: ignore[no-untyped-def]
    name = default_name(pattern)
    requirements = Requirements.model_validate(
        {"props": ["loading"], "events": ["onDismiss"], "states": ["busy"]}
    )
    draft = compose(pattern, name, TOKENS, requirements)
    assert f"export function {name}(" in draft.code
    assert not re.search(r"\$[A-Z]", draft.code)  # every marker was replaced
    assert '"--primary": "oklch(' in draft.code
    assert "loading?: boolean" in draft.code
    assert f'from "./{name}"' in draft.stories
    for import_name in draft.imports:
        assert import_name in pattern.exports or import_name in ("Button", "Label")


def test_theme_is_oklch_within_delta_e_2_and_classes_follow_the_tokens() -> None:
    theme = build_theme(TOKENS)
    for name, written in theme.colours.items():
        asked = parse_colour(getattr(TOKENS.colors, name))
        got = parse_colour(written)
        assert asked is not None and got is not None
        assert delta_e_2000(asked, got) < 0.1, name
    assert theme.variables["--background"] == theme.colours["page_background"]
    assert "--foreground" not in theme.variables
    assert theme.classes == [
        f"bg-[{theme.colours['background'].replace(' ', '_')}]",
        "rounded-full",
        "border-[1px]",
        "px-[12.5px]",
        "gap-[6px]",
        "leading-[20px]",
        "font-semibold",  # 640 → the nearest Tailwind weight
        "font-sans",
        "shadow-md",
    ]


def test_a_font_family_that_could_break_out_of_the_string_is_left_out() -> None:
    theme = build_theme(DesignTokens.model_validate({"typography": {"font_family": 'X", evil'}}))
    assert "--font-sans" not in theme.variables
    assert theme.warnings


def test_names_are_normalised() -> None:
    assert camel("is-open") == "isOpen"
    assert camel("icon position") == "iconPosition"
    assert camel("IsOpen") == "isOpen"
    assert camel("--") is None
    assert camel("9lives") is None


def test_a_name_like_an_export_is_aliased() -> None:
    pattern = LIBRARY.get("shadcn-card")
    assert pattern is not None
    draft = compose(pattern, "Card", DesignTokens(), Requirements())
    assert "import { Card as CardBase," in draft.code
    assert "<CardBase " in draft.code and "export function Card(" in draft.code


def test_requirements_that_cannot_apply_are_reported() -> None:
    pattern = LIBRARY.get("shadcn-badge")
    assert pattern is not None
    requirements = Requirements.model_validate(
        {
            "props": ["key", "for", "while"],
            "events": ["onTeleport", "&&"],
            "states": ["focus-visible"],
            "accessibility": ["aria-label=<script>", "role=button"],
        }
    )
    draft = compose(pattern, "StatusBadge", DesignTokens(), requirements)
    how = {(a.category, a.name): a.how for a in draft.ledger}
    assert how == {
        ("props", "key"): "omitted",
        ("props", "htmlFor"): "declared",
        ("props", "while"): "omitted",
        ("states", "focus-visible"): "primitive",
        ("events", "onTeleport"): "omitted",
        ("events", "&&"): "omitted",
        ("accessibility", "aria-label=<script>"): "omitted",
        ("accessibility", "role=button"): "omitted",
    }
    assert "<script>" not in draft.code
    assert len([w for w in draft.warnings if "not applied" in w]) == 6
