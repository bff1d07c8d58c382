"""Every pattern's TSX passes TypeScript (strict), ESLint and the security scan, checked by the
real validator worker in its shadcn/ui-shaped workspace."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from componentforge.config import DEFAULT_PATTERNS_DIR, load_settings
from componentforge.infra.validator import ValidatorPool
from tests.conftest import unavailable

pytestmark = pytest.mark.slow

PATTERNS = {
    p.stem: p.read_text()
    for p in sorted((DEFAULT_PATTERNS_DIR / "components" / "ui").glob("*.tsx"))
}


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[ValidatorPool]:
    """Two workers for the module, started by its first check."""
    settings = load_settings(_env_file=None)
    pool = ValidatorPool(
        settings.node_binary, settings.validator_dir, 2, 120, DEFAULT_PATTERNS_DIR, warm_up=False
    )
    if not pool.available:
        unavailable("Node.js validator", pool.reason or "")
    yield pool
    await pool.close()


async def test_every_pattern_passes_typescript_eslint_and_security(pool: ValidatorPool) -> None:
    async def check(stem: str, code: str) -> tuple[str, list[str]]:
        result = await pool.validate({"code": code, "fix": False, "file_stem": stem})
        problems = [
            f"{e.get('code') or e.get('rule')} line {e['line']}: {e['message']}"
            for e in [
                *result["typescript"]["errors"],
                *result["eslint"]["errors"],
                *result["eslint"]["warnings"],
                *result["security"]["findings"],
            ]
        ]
        return stem, problems

    results = await asyncio.gather(*(check(stem, code) for stem, code in PATTERNS.items()))
    assert len(results) >= 32
    assert {name: problems for name, problems in results if problems} == {}


async def test_the_check_is_not_vacuous(pool: ValidatorPool) -> None:
    broken = (
        (DEFAULT_PATTERNS_DIR / "components" / "ui" / "badge.tsx")
        .read_text()
        .replace('variant: "default",\n    },', 'variant: "loud",\n    },')
    )
    result = await pool.validate({"code": broken, "fix": False, "file_stem": "badge"})
    assert [e["code"] for e in result["typescript"]["errors"]] == ["TS2322"]
