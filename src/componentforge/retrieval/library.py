"""The pattern library in `patterns/`: metadata (meta/*.yaml) plus TSX (components/ui/*.tsx)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import yaml
from pydantic import ValidationError

from componentforge.errors import InvalidInputError, NotFoundError, PatternLibraryError
from componentforge.schemas.pattern import Pattern, PatternMeta


class PatternLibrary:
    """Every pattern, validated once at startup; lookups by id and by component type."""

    def __init__(self, root: Path, patterns: list[Pattern]) -> None:
        self.root = root
        self._by_id = {p.id: p for p in sorted(patterns, key=lambda p: p.id)}
        self._by_type = {p.component_type: p for p in self._by_id.values()}
        # Pattern files by lower-cased path: a component file must not clash with one.
        self._sources = {p.source.lower(): p.source for p in patterns}

    @classmethod
    def load(cls, root: Path) -> PatternLibrary:
        root = root.resolve()
        files = sorted((root / "meta").glob("*.yaml"))
        if not files:
            raise PatternLibraryError(f"{root / 'meta'}: no pattern metadata (*.yaml) found")
        patterns = [_load_one(root, path) for path in files]
        library = cls(root, patterns)
        for pattern in patterns:
            for dep in pattern.registry_dependencies:
                if dep not in library._by_id:
                    raise PatternLibraryError(
                        f"{root / 'meta' / (pattern.id + '.yaml')}: registry_dependencies: "
                        f"unknown pattern {dep!r}"
                    )
        return library

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, pattern_id: str) -> Pattern | None:
        return self._by_id.get(pattern_id)

    def require(self, pattern_id: str) -> Pattern:
        pattern = self._by_id.get(pattern_id)
        if pattern is None:
            raise NotFoundError(f"no pattern {pattern_id!r}", {"pattern_id": pattern_id})
        return pattern

    def check_name(self, name: str) -> None:
        """A component named `name` is `{name}.tsx` beside the primitives: it must not clash
        with one of their files on a case-insensitive file system."""
        clash = self._sources.get(f"components/ui/{name}.tsx".lower())
        if clash is not None:
            raise InvalidInputError(
                f"component_name {name!r} would be {name}.tsx beside the pattern file {clash}: "
                "the two clash on case-insensitive file systems; choose another name",
                {"field": "component_name", "clashes_with": clash},
            )

    def by_component_type(self, component_type: str) -> Pattern | None:
        return self._by_type.get(component_type)

    @property
    def component_types(self) -> list[str]:
        return sorted(self._by_type)

    @property
    def categories(self) -> list[str]:
        return sorted({p.category for p in self})


def _safe_yaml(text: str) -> object:
    """libyaml's safe loader where PyYAML was built with it (its wheels are): 9x faster than
    the pure-Python one, and every process (API, worker, CLI) loads the library at start."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def _load_one(root: Path, path: Path) -> Pattern:
    try:
        raw = _safe_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PatternLibraryError(f"{path}: cannot read: {exc}".splitlines()[0]) from None
    try:
        meta = PatternMeta.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(part) for part in err["loc"]) or "(file)"
        raise PatternLibraryError(f"{path}: {field}: {err['msg']}") from None
    if meta.id != path.stem:
        raise PatternLibraryError(f"{path}: id: {meta.id!r} does not match the file name")
    source_path = (root / meta.source).resolve()
    if not source_path.is_relative_to(root) or not source_path.is_file():
        raise PatternLibraryError(f"{path}: source: {meta.source} does not exist under {root}")
    source = source_path.read_text(encoding="utf-8")
    digest = hashlib.sha256(
        json.dumps(meta.model_dump(mode="json"), sort_keys=True).encode() + b"\0" + source.encode()
    ).hexdigest()
    fields = meta.model_dump(exclude={"component_type"})
    return Pattern(**fields, source_code=source, content_hash=digest)
