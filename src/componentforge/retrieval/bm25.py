"""BM25 over pattern metadata (rank-bm25), with fields weighted by repetition."""

from __future__ import annotations

from collections.abc import Iterable

from rank_bm25 import BM25Okapi

from componentforge.retrieval.text import split_identifier, tokenize
from componentforge.schemas.pattern import Pattern

# How many times a field's words count in a pattern's document: names and synonyms are what
# people type; descriptions and behaviour add context.
FIELD_WEIGHTS: dict[str, int] = {
    "name": 3,
    "synonyms": 2,
    "description": 1,
    "when_to_use": 1,
    "props": 1,
    "events": 1,
    "states": 1,
    "accessibility": 1,
}


def pattern_fields(pattern: Pattern) -> dict[str, str]:
    """The text of each searchable field (shared with the explainer's highlights)."""
    a11y = pattern.accessibility
    return {
        "name": f"{pattern.name} {split_identifier(pattern.component_type)}",
        "synonyms": " ; ".join(pattern.synonyms),
        "description": pattern.description,
        "when_to_use": " ; ".join(pattern.when_to_use),
        "props": " ".join(split_identifier(p.name) for p in pattern.props),
        "events": " ".join(split_identifier(e.name) for e in pattern.events),
        "states": " ".join(s.name for s in pattern.states),
        "accessibility": " ".join([*a11y.roles, a11y.labelling, *a11y.keyboard]),
    }


class BM25Index:
    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.ids: list[str] = []
        self.field_tokens: dict[str, dict[str, set[str]]] = {}
        documents: list[list[str]] = []
        for pattern in patterns:
            fields = {name: tokenize(text) for name, text in pattern_fields(pattern).items()}
            self.ids.append(pattern.id)
            self.field_tokens[pattern.id] = {name: set(toks) for name, toks in fields.items()}
            documents.append(
                [tok for name, toks in fields.items() for tok in toks * FIELD_WEIGHTS[name]]
            )
        self._bm25 = BM25Okapi(documents)

    def scores(self, terms: list[str]) -> dict[str, float]:
        """Score of every pattern; 0.0 where no term matches."""
        if not terms:
            return dict.fromkeys(self.ids, 0.0)
        values = self._bm25.get_scores(terms)
        return {pid: max(0.0, float(v)) for pid, v in zip(self.ids, values, strict=True)}

    def matched_fields(self, pattern_id: str, terms: Iterable[str]) -> dict[str, list[str]]:
        """For each query term, the fields of `pattern_id` it occurs in."""
        fields = self.field_tokens[pattern_id]
        return {
            term: [name for name, toks in fields.items() if term in toks]
            for term in dict.fromkeys(terms)
            if any(term in toks for toks in fields.values())
        }
