from __future__ import annotations

import asyncio

import pytest

from componentforge.canonical import digest
from componentforge.infra.cache import MemoryLRU
from componentforge.infra.llm.pricing import PriceTable


def test_cache_key_is_canonical() -> None:
    a = digest({"tokens": {"primary": "#fff", "radius": 6}, "pattern": "shadcn-button"})
    b = digest({"pattern": "shadcn-button", "tokens": {"radius": 6, "primary": "#fff"}})
    assert a == b and len(a) == 64
    assert a != digest({"pattern": "shadcn-button", "tokens": {"radius": 7, "primary": "#fff"}})


async def test_lru_evicts_least_recent_by_count() -> None:
    lru = MemoryLRU(max_entries=2, max_bytes=1000)
    await lru.set("a", b"1")
    await lru.set("b", b"2")
    assert await lru.get("a") == b"1"  # a is now the most recent
    await lru.set("c", b"3")
    assert await lru.get("b") is None
    assert await lru.get("a") == b"1" and await lru.get("c") == b"3"
    assert await lru.size() == 2


async def test_lru_evicts_by_bytes_and_skips_oversized_values() -> None:
    lru = MemoryLRU(max_entries=100, max_bytes=10)
    await lru.set("a", b"12345")
    await lru.set("b", b"123456")
    assert await lru.get("a") is None and await lru.get("b") == b"123456"
    await lru.set("huge", b"x" * 11)
    assert await lru.get("huge") is None
    assert await lru.delete("b") and not await lru.delete("b")


async def test_lru_entries_expire_after_their_ttl() -> None:
    lru = MemoryLRU(max_entries=10, max_bytes=1000)
    await lru.set("short", b"1", ttl=0.05)
    await lru.set("kept", b"2")
    assert await lru.get("short") == b"1"
    await asyncio.sleep(0.08)
    assert await lru.get("short") is None and await lru.get("kept") == b"2"
    assert await lru.size() == 1


async def test_lru_deletes_by_prefix() -> None:
    lru = MemoryLRU(max_entries=10, max_bytes=1000)
    for key in ("fileA:t1:nodes", "fileA:t2:nodes", "fileAB:t1:nodes", "fileB:t1:nodes"):
        await lru.set(key, b"x")
    assert await lru.delete_prefix("fileA:") == 2
    assert await lru.get("fileAB:t1:nodes") == b"x" and await lru.size() == 2


def test_prices_per_million_tokens_and_dated_model_names() -> None:
    table = PriceTable()
    cost = table.cost("gpt-4o-mini", 1_000_000, 500_000)
    assert cost.priced and cost.usd == pytest.approx(0.15 + 0.30)
    assert table.cost("gpt-4o-2024-08-06", 1000, 0).usd == pytest.approx(0.0025)
    assert table.cost("openai/gpt-4o", 0, 1000).usd == pytest.approx(0.01)
    local = table.cost("llama3.1:8b", 5000, 5000)
    assert not local.priced and local.usd == 0.0


def test_price_overrides() -> None:
    table = PriceTable({"my-model": {"input": 1.0, "output": 2.0}})
    assert table.cost("my-model", 2_000_000, 1_000_000).usd == pytest.approx(4.0)
