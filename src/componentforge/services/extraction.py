"""Extraction: an upload or a Figma node in, tokens + type + requirements out."""

from __future__ import annotations

import time
import uuid
from typing import Any

from componentforge.config import Settings
from componentforge.extraction.classify import ComponentType
from componentforge.extraction.graph import ExtractionGraph, State
from componentforge.extraction.intake import Intake, read_image
from componentforge.infra.breaker import elapsed_ms
from componentforge.infra.metrics import Metrics
from componentforge.schemas.extraction import Alternative, ExtractionResult
from componentforge.schemas.tokens import DesignTokens


class ExtractionService:
    def __init__(self, graph: ExtractionGraph, settings: Settings, metrics: Metrics) -> None:
        self.graph = graph
        self._settings = settings
        self._metrics = metrics

    def read(self, data: bytes) -> Intake:
        s = self._settings
        return read_image(
            data,
            max_bytes=s.extraction_max_image_bytes,
            max_pixels=s.extraction_max_image_pixels,
            model_max_side=s.extraction_model_image_max_side,
        )

    async def from_screenshot(self, data: bytes, hint: ComponentType | None) -> ExtractionResult:
        start = time.perf_counter()
        intake = self.read(data)
        state = await self.graph.run(intake, hint=hint)
        image: dict[str, int | str] = {
            "format": intake.format,
            "width": intake.width,
            "height": intake.height,
        }
        return self._result("screenshot", state, start, image=image)

    async def requirements(
        self, component_type: ComponentType, tokens: DesignTokens, data: bytes | None
    ) -> ExtractionResult:
        """Requirements for a named type; with an image, what it shows sharpens them (the
        type stays the caller's)."""
        start = time.perf_counter()
        intake = self.read(data) if data else None
        state = await self.graph.run(intake, known_type=component_type, tokens=tokens)
        return self._result("requirements", state, start)

    def _result(
        self, source: Any, state: State, start: float, image: dict[str, int | str] | None = None
    ) -> ExtractionResult:
        warnings = state.get("warnings", [])
        latency = elapsed_ms(start)
        self._metrics.extraction_seconds.labels(source).observe(latency / 1000)
        return ExtractionResult(
            extraction_id=uuid.uuid4().hex,
            source=source,
            component_type=state["component_type"],
            confidence=state["confidence"],
            alternatives=[
                Alternative(component_type=k, confidence=c)
                for k, c in state.get("alternatives", [])
            ],
            tokens=state["tokens"],
            requirements=state["requirements"],
            engines=dict(sorted(state.get("engines", {}).items())),
            degraded=any("failed" in w for w in warnings),
            warnings=warnings,
            image=image,
            latency_ms=latency,
        )
