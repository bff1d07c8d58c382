"""One structured chat call, as every model engine makes it: under the `llm` breaker with
retries on transient failures, its tokens counted and priced, an off-schema answer an error."""

from __future__ import annotations

from typing import Any

from componentforge.config import Settings
from componentforge.errors import DependencyError
from componentforge.infra.breaker import Breakers
from componentforge.infra.llm.factory import BREAKER, transient
from componentforge.infra.llm.pricing import PricedCall, PriceTable
from componentforge.infra.metrics import Metrics


class ModelCalls:
    def __init__(
        self,
        breakers: Breakers,
        metrics: Metrics,
        prices: PriceTable,
        *,
        timeout: float,
        attempts: int,
    ) -> None:
        self._breakers = breakers
        self._metrics = metrics
        self._prices = prices
        self._timeout = timeout
        self._attempts = attempts
        breakers.register(BREAKER)

    @classmethod
    def from_settings(
        cls, settings: Settings, breakers: Breakers, metrics: Metrics, prices: PriceTable
    ) -> ModelCalls:
        return cls(
            breakers,
            metrics,
            prices,
            timeout=settings.llm_timeout_seconds,
            attempts=settings.llm_max_retries + 1,
        )

    async def ask(
        self, runnable: Any, messages: list[Any], *, model: str, task: str
    ) -> tuple[Any, PricedCall]:
        """The parsed answer of a `with_structured_output(..., include_raw=True)` runnable and
        what the call cost; raises DependencyError when the model fails or answers off-schema."""

        async def call() -> dict[str, Any]:
            try:
                result: dict[str, Any] = await runnable.ainvoke(messages)
            except ValueError as exc:  # the server answered, with something off-schema
                return {"raw": None, "parsed": None, "parsing_error": exc}
            return result

        result = await self._breakers.call(
            BREAKER, call, timeout=self._timeout, attempts=self._attempts, retry_on=transient
        )
        cost = self._count(result.get("raw"), model, task)
        if result.get("parsing_error") is not None or result.get("parsed") is None:
            raise DependencyError(BREAKER, "the model's answer did not fit the schema")
        return result["parsed"], cost

    def _count(self, raw: Any, model: str, task: str) -> PricedCall:
        usage = getattr(raw, "usage_metadata", None)
        if not usage:
            return self._prices.cost(model, 0, 0)
        prompt, completion = usage.get("input_tokens", 0), usage.get("output_tokens", 0)
        cost = self._prices.cost(model, prompt, completion)
        self._metrics.llm_tokens.labels(model, task, "prompt").inc(prompt)
        self._metrics.llm_tokens.labels(model, task, "completion").inc(completion)
        self._metrics.llm_cost.labels(model, task).inc(cost.usd)
        return cost
