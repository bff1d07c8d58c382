"""What model calls cost, from a table of US dollars per million tokens (overridable)."""

from __future__ import annotations

from dataclasses import dataclass

# Public list prices per 1M tokens (input, output), checked 2026-11. LLM_PRICES overrides/extends.
DEFAULT_PRICES: dict[str, dict[str, float]] = {
    "gpt-4o": {"input": 2.50, "output": 10.00},
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
    "gpt-4.1": {"input": 2.00, "output": 8.00},
    "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
    "gpt-4.1-nano": {"input": 0.10, "output": 0.40},
    "text-embedding-3-small": {"input": 0.02, "output": 0.0},
    "text-embedding-3-large": {"input": 0.13, "output": 0.0},
}


@dataclass(frozen=True)
class PricedCall:
    model: str
    prompt_tokens: int
    completion_tokens: int
    usd: float
    priced: bool  # False when the model is not in the table (local models cost nothing here)


class PriceTable:
    def __init__(self, overrides: dict[str, dict[str, float]] | None = None) -> None:
        self._prices = {**DEFAULT_PRICES, **(overrides or {})}

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> PricedCall:
        price = self._prices.get(model) or self._prices.get(_base_name(model))
        if price is None:
            return PricedCall(model, prompt_tokens, completion_tokens, 0.0, priced=False)
        usd = (
            prompt_tokens * price.get("input", 0.0) + completion_tokens * price.get("output", 0.0)
        ) / 1_000_000
        return PricedCall(model, prompt_tokens, completion_tokens, round(usd, 8), priced=True)


def _base_name(model: str) -> str:
    # "gpt-4o-2024-08-06" is priced as "gpt-4o"; "openai/gpt-4o" (OpenRouter) too.
    name = model.rsplit("/", 1)[-1]
    parts = name.split("-")
    while parts and parts[-1].isdigit():
        parts.pop()
    return "-".join(parts)
