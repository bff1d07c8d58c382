from __future__ import annotations

import pytest

from componentforge.retrieval.fusion import fuse_scores, min_max
from componentforge.retrieval.query import build_query
from componentforge.retrieval.text import split_identifier, tokenize
from componentforge.schemas.requirements import Requirements


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("onCheckedChange", ["check", "chang"]),
        ("radio-group", ["radio", "group"]),
        ("aria_label", ["aria", "label"]),
        ("HTMLButtonElement", ["html", "button", "element"]),
        ("Dialogs, modals and boxes", ["dialog", "modal", "box"]),
        ("categories", ["category"]),
        ("toggle toggling toggled toggles", ["toggl"] * 4),
        ("status progress focus canvas", ["status", "progress", "focus", "canvas"]),
        ("I want a menu for the user", ["menu", "user"]),
    ],
)
def test_tokenizer(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_split_identifier() -> None:
    assert split_identifier("onValueChange") == "on Value Change"
    assert split_identifier("alert-dialog") == "alert dialog"


def test_min_max_edge_cases() -> None:
    assert min_max({}) == {}
    assert min_max({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": 0.5}
    assert min_max({"a": 0.7, "b": 0.7}) == {"a": 1.0, "b": 1.0}  # equally good
    assert min_max({"a": 0.0, "b": 0.0}) == {"a": 0.0, "b": 0.0}  # nothing matched
    assert min_max({"a": -1.0, "b": 1.0}) == {"a": 0.0, "b": 1.0}


def test_fusion_weights_and_missing_candidates() -> None:
    fused = fuse_scores({"a": 10.0, "b": 0.0}, {"a": 0.2, "b": 0.6, "c": 0.4}, 0.3, 0.7)
    assert fused["a"].fused == pytest.approx(0.3 * 1.0 + 0.7 * 0.0)
    assert fused["b"].fused == pytest.approx(0.3 * 0.0 + 0.7 * 1.0)
    assert fused["c"].bm25 == 0.0 and fused["c"].fused == pytest.approx(0.7 * 0.5)


def test_an_empty_retriever_drops_out() -> None:
    only_bm25 = fuse_scores({"a": 3.0, "b": 1.0}, {}, 0.3, 0.7)
    assert only_bm25["a"].fused == pytest.approx(1.0) and only_bm25["b"].fused == 0.0
    no_words = fuse_scores({"a": 0.0, "b": 0.0}, {"a": 0.5, "b": 0.1}, 0.3, 0.7)
    assert no_words["a"].fused == pytest.approx(1.0)
    assert fuse_scores({}, {}, 0.3, 0.7) == {}


def test_query_builder_combines_text_requirements_and_type() -> None:
    reqs = Requirements.model_validate(
        {
            "props": ["checked", {"name": "disabled", "type": "boolean"}],
            "events": ["onCheckedChange"],
        }
    )
    built = build_query("accept the terms", reqs, "checkbox")
    assert built.bm25_terms.count("checkbox") == 2  # the type hint weighs double
    assert {"accept", "term", "check", "disabl", "chang"} <= set(built.bm25_terms)
    assert built.term_sources["accept"] == "query" and built.term_sources["disabl"] == "props"
    assert built.term_words["disabl"] == "disabled"
    assert built.embed_text == (
        "accept the terms. a checkbox component. props: checked, disabled. "
        "events: on checked change"
    )
    assert built.requirement_names["events"] == ["onCheckedChange"]
    assert build_query(None, None, None).bm25_terms == []
