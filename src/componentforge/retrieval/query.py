"""QueryBuilder: free text, structured requirements and a type hint → what each retriever gets."""

from __future__ import annotations

from dataclasses import dataclass, field

from componentforge.retrieval.text import split_identifier, tokenize_words
from componentforge.schemas.requirements import RequirementCategory, Requirements


@dataclass(frozen=True)
class BuiltQuery:
    bm25_terms: list[str]
    embed_text: str
    # Where each BM25 term came from ("query", "type", "props", ...) and the word the user
    # wrote, for highlights.
    term_sources: dict[str, str] = field(default_factory=dict)
    term_words: dict[str, str] = field(default_factory=dict)
    requirement_names: dict[RequirementCategory, list[str]] = field(default_factory=dict)


def build_query(
    text: str | None, requirements: Requirements | None, component_type: str | None
) -> BuiltQuery:
    sources: dict[str, str] = {}
    originals: dict[str, str] = {}
    terms: list[str] = []

    def add(words: str, source: str, weight: int = 1) -> None:
        for token, word in tokenize_words(words):
            sources.setdefault(token, source)
            originals.setdefault(token, word)
            terms.extend([token] * weight)

    sentences: list[str] = []
    if text:
        add(text, "query")
        sentences.append(text.strip())
    if component_type:
        add(component_type, "type", weight=2)
        sentences.append(f"a {split_identifier(component_type)} component")
    names: dict[RequirementCategory, list[str]] = {}
    if requirements is not None:
        for category, items in requirements.by_category().items():
            names[category] = [item.name for item in items]
            for item in items:
                add(item.name, category)
            if items:
                readable = ", ".join(split_identifier(i.name).lower() for i in items)
                sentences.append(f"{category}: {readable}")
    return BuiltQuery(terms, ". ".join(sentences), sources, originals, names)
