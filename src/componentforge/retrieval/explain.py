"""Why a pattern was returned: confidence, one sentence, and the matches behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from componentforge.retrieval.fusion import Fused
from componentforge.retrieval.query import BuiltQuery
from componentforge.retrieval.semantic import SemanticHit
from componentforge.retrieval.text import split_identifier
from componentforge.schemas.pattern import Pattern

FIELD_NAMES = {  # in the order a match counts as evidence
    "name": "name",
    "synonyms": "synonyms",
    "when_to_use": "use cases",
    "description": "description",
    "props": "props",
    "events": "events",
    "states": "states",
    "accessibility": "accessibility notes",
}
FIELD_ORDER = list(FIELD_NAMES)
# Cosine similarities of this model: about 0.15 for unrelated text, 0.55+ for a paraphrase.
SIMILARITY_FLOOR, SIMILARITY_STRONG = 0.15, 0.55


@dataclass(frozen=True)
class Explanation:
    confidence: float
    sentence: str
    highlights: list[dict[str, Any]]
    requirements_matched: int
    requirements_total: int


def requirement_matches(pattern: Pattern, query: BuiltQuery) -> list[dict[str, Any]]:
    """Each requirement with the field of the pattern that implements it, or None."""
    fields = {
        "props": {p.name.lower() for p in pattern.props},
        "events": {e.name.lower() for e in pattern.events},
        "states": {s.name.lower() for s in pattern.states},
    }
    a11y = pattern.accessibility
    a11y_text = " ".join([*a11y.roles, a11y.labelling, *a11y.keyboard, *a11y.notes]).lower()
    rows = []
    for category, names in query.requirement_names.items():
        for name in names:
            key = name.lower()
            found = next((f for f, values in fields.items() if key in values), None)
            if found is None and (key in a11y_text or split_identifier(name).lower() in a11y_text):
                found = "accessibility"
            rows.append({"requirement": name, "category": category, "field": found})
    return rows


def explain(
    pattern: Pattern,
    query: BuiltQuery,
    term_fields: dict[str, list[str]],
    fused: Fused,
    hit: SemanticHit | None,
    weights: tuple[float, float],
    type_hint: str | None,
) -> Explanation:
    highlights: list[dict[str, Any]] = []
    for term, fields in term_fields.items():
        highlights.append(
            {
                "source": query.term_sources.get(term, "query"),
                "term": query.term_words.get(term, term),
                "fields": fields,
            }
        )
    reqs = requirement_matches(pattern, query)
    matched = [r for r in reqs if r["field"]]
    highlights.extend(
        {"source": r["category"], "term": r["requirement"], "fields": [r["field"]]} for r in matched
    )
    if hit is not None:
        highlights.append(
            {"source": "semantic", "passage": hit.passage, "similarity": round(hit.score, 3)}
        )

    hinted = type_hint is not None and type_hint == pattern.component_type
    query_terms = {t for t, s in query.term_sources.items() if s == "query"}
    coverage = len(query_terms & set(term_fields)) / len(query_terms) if query_terms else None
    similarity = None
    if hit is not None:
        similarity = (hit.score - SIMILARITY_FLOOR) / (SIMILARITY_STRONG - SIMILARITY_FLOOR)
        similarity = min(1.0, max(0.0, similarity))
    signals = [
        (v, w) for v, w in ((coverage, weights[0]), (similarity, weights[1])) if v is not None
    ]
    weight = sum(w for _, w in signals)
    if weight > 0:
        base = sum(v * w for v, w in signals) / weight
    else:  # the weighted retrievers gave no signal: what is there counts equally
        base = sum(v for v, _ in signals) / len(signals) if signals else 0.0
    if reqs:
        base = (
            0.75 * base + 0.25 * (len(matched) / len(reqs)) if signals else len(matched) / len(reqs)
        )
    if hinted:
        base = 0.5 + 0.5 * base
    confidence = round(base * (0.5 + 0.5 * fused.fused), 3)
    return Explanation(
        confidence,
        _sentence(pattern, query, term_fields, hit, matched, reqs, hinted),
        highlights,
        len(matched),
        len(reqs),
    )


def _sentence(
    pattern: Pattern,
    query: BuiltQuery,
    term_fields: dict[str, list[str]],
    hit: SemanticHit | None,
    matched: list[dict[str, Any]],
    reqs: list[dict[str, Any]],
    hinted: bool,
) -> str:
    parts = []
    if hinted:
        parts.append(f"is the {split_identifier(pattern.component_type)} type you asked for")
    # The most telling words first: a name or synonym match says more than a description word.
    own = [
        (t, sorted(f, key=FIELD_ORDER.index))
        for t, f in term_fields.items()
        if query.term_sources.get(t) == "query"
    ]
    own.sort(key=lambda tf: FIELD_ORDER.index(tf[1][0]))
    words = [f'"{query.term_words.get(t, t)}" ({FIELD_NAMES[fields[0]]})' for t, fields in own[:3]]
    if words:
        parts.append("matches " + _join(words))
    if hit is not None and hit.score >= SIMILARITY_FLOOR + 0.1:
        passage = hit.passage if len(hit.passage) <= 90 else hit.passage[:87] + "..."
        parts.append(f'reads like "{passage}"')
    if reqs:
        names = ", ".join(r["requirement"] for r in matched[:4])
        parts.append(
            f"implements {len(matched)} of {len(reqs)} requirements"
            + (f" ({names})" if names else "")
        )
    if not parts:
        return f"{pattern.name} is a weak match: no query word or requirement matched it."
    return f"{pattern.name} {_join(parts)}."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
