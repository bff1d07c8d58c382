from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR
from componentforge.errors import PatternLibraryError
from componentforge.retrieval.bm25 import BM25Index
from componentforge.retrieval.library import PatternLibrary
from componentforge.retrieval.text import tokenize

REQUIRED = """accordion alert alert-dialog avatar badge breadcrumb button card checkbox collapsible
dialog dropdown-menu hover-card input label navigation-menu pagination popover progress
radio-group select separator sheet skeleton slider switch table tabs textarea toast toggle
tooltip""".split()


@pytest.fixture(scope="module")
def library() -> PatternLibrary:
    return PatternLibrary.load(DEFAULT_PATTERNS_DIR)


def test_the_library_has_every_required_pattern(library: PatternLibrary) -> None:
    assert {p.id for p in library} >= {f"shadcn-{name}" for name in REQUIRED}
    for pattern in library:
        assert pattern.source_code.startswith(('"use client"', "import"))
        assert all(export in pattern.source_code for export in pattern.exports), pattern.id
        assert len(pattern.content_hash) == 64
    assert library.by_component_type("radio-group").id == "shadcn-radio-group"
    assert "overlay" in library.categories


def copy_library(tmp_path: Path) -> Path:
    root = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS_DIR, root, ignore=shutil.ignore_patterns("node_modules"))
    return root


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("name: Badge\n", ""), "shadcn-badge.yaml: name: Field required"),
        (
            lambda text: text.replace("category: data-display", "category: gadgets"),
            "shadcn-badge.yaml: category: Input should be",
        ),
        (lambda text: text + "colour: red\n", "shadcn-badge.yaml: colour: Extra inputs"),
        (
            lambda text: text.replace("id: shadcn-badge", "id: shadcn-chip"),
            "shadcn-badge.yaml: id: 'shadcn-chip' does not match",
        ),
        (
            lambda text: text.replace(
                "source: components/ui/badge.tsx", "source: components/ui/chip.tsx"
            ),
            "shadcn-badge.yaml: source: components/ui/chip.tsx does not exist",
        ),
        (
            lambda text: text.replace(
                "source: components/ui/badge.tsx", "source: ../../etc/passwd"
            ),
            "shadcn-badge.yaml: source: String should match",
        ),
        (
            lambda text: text + "registry_dependencies: [shadcn-nothing]\n",
            "registry_dependencies: unknown pattern 'shadcn-nothing'",
        ),
        (
            lambda text: text.replace("synonyms: [", "synonyms: [[["),
            "shadcn-badge.yaml: cannot read",
        ),
    ],
)
def test_a_broken_pattern_fails_loudly_naming_file_and_field(
    tmp_path: Path,
    edit,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    root = copy_library(tmp_path)
    meta = root / "meta" / "shadcn-badge.yaml"
    meta.write_text(edit(meta.read_text()))
    with pytest.raises(PatternLibraryError) as caught:
        PatternLibrary.load(root)
    assert message in caught.value.message
    assert str(meta.resolve()) in caught.value.message or "registry" in message


def test_an_empty_library_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PatternLibraryError, match="no pattern metadata"):
        PatternLibrary.load(tmp_path)


def test_content_hash_follows_metadata_and_source(tmp_path: Path, library: PatternLibrary) -> None:
    root = copy_library(tmp_path)
    source = root / "components" / "ui" / "badge.tsx"
    source.write_text(source.read_text() + "\n// changed\n")
    changed = PatternLibrary.load(root)
    assert changed.get("shadcn-badge").content_hash != library.get("shadcn-badge").content_hash
    assert changed.get("shadcn-button").content_hash == library.get("shadcn-button").content_hash


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modal window", "shadcn-dialog"),
        ("drawer that slides from the side", "shadcn-sheet"),
        ("chip tag", "shadcn-badge"),
        ("snackbar", "shadcn-toast"),
        ("onPressedChange", "shadcn-toggle"),
        ("kebab menu", "shadcn-dropdown-menu"),
        ("radio buttons", "shadcn-radio-group"),
    ],
)
def test_bm25_ranks_names_synonyms_and_identifiers(
    library: PatternLibrary, query: str, expected: str
) -> None:
    index = BM25Index(library)
    scores = index.scores(tokenize(query))
    assert max(scores, key=scores.__getitem__) == expected
    assert index.matched_fields(expected, tokenize(query))


def test_bm25_without_terms_scores_nothing(library: PatternLibrary) -> None:
    assert set(BM25Index(library).scores([]).values()) == {0.0}
