"""How many stories a CSF stories file exports, counted before the file is sent to Node."""

from __future__ import annotations

import re

# `export const Primary = ...`, `export function Primary()`, `export { A, B as C }`.
_DECLARED = re.compile(r"^\s*export\s+(?:const|let|var|function)\s+[A-Za-z_$]", re.MULTILINE)
_LISTED = re.compile(r"^\s*export\s*\{([^}]*)\}", re.MULTILINE)


def count_stories(stories: str) -> int:
    """Named exports other than the default (the meta): each is a story to render and audit."""
    listed = sum(
        1
        for block in _LISTED.findall(stories)
        for name in block.split(",")
        if name.strip() and not name.strip().endswith(" default")
    )
    return len(_DECLARED.findall(stories)) + listed
