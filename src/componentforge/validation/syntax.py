"""A syntax-only check of TSX with tree-sitter, for machines without Node.js."""

from __future__ import annotations

from typing import Any

import tree_sitter_typescript
from tree_sitter import Language, Node, Parser

_PARSER = Parser(Language(tree_sitter_typescript.language_tsx()))


def syntax_errors(code: str, limit: int = 20) -> list[dict[str, Any]]:
    """Where the TSX grammar cannot parse `code`; an empty list means it parses."""
    tree = _PARSER.parse(code.encode("utf-8"))
    errors: list[dict[str, Any]] = []

    def walk(node: Node) -> None:
        if len(errors) >= limit:
            return
        if node.is_error or node.is_missing:
            line, column = node.start_point
            what = f"missing {node.type}" if node.is_missing else "unexpected syntax"
            errors.append(
                {"line": line + 1, "column": column + 1, "code": "SYNTAX", "message": what}
            )
            return
        if node.has_error:
            for child in node.children:
                walk(child)

    walk(tree.root_node)
    return errors
