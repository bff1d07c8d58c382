"""Extraction: an upload or a Figma node in, tokens + type + requirements out."""

from __future__ import annotations

import dataclasses
import time
import uuid
from typing import Any

from componentforge.config import Settings
from componentforge.extraction import figma_node
from componentforge.extraction.graph import ExtractionGraph
from componentforge.extraction.graph_state import Extracted
from componentforge.extraction.intake import Intake, read_image
from componentforge.infra.breaker import elapsed_ms
from componentforge.infra.bulkhead import Bulkhead
from componentforge.infra.figma import FigmaClient
from componentforge.infra.metrics import Metrics
from componentforge.infra.tracing import Tracer
from componentforge.schemas.extraction import (
    Alternative,
    ExtractionResult,
    ExtractionSource,
    FigmaSource,
    ScaleInfo,
)
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import ComponentType


class ExtractionService:
    def __init__(
        self,
        graph: ExtractionGraph,
        settings: Settings,
        metrics: Metrics,
        tracer: Tracer,
        figma: FigmaClient,
        images: Bulkhead,
    ) -> None:
        self.graph = graph
        # Decoding and analysis run here, a few at a time, never on the event loop.
        self.images = images
        self.figma = figma
        self._settings = settings
        self._metrics = metrics
        self._tracer = tracer

    async def read(self, data: bytes) -> Intake:
        """The image checked and decoded, on the image threads (bounded: memory per image is
        bounded, so is the number decoded at once)."""
        s = self._settings
        return await self.images.run(
            read_image,
            data,
            max_bytes=s.extraction_max_image_bytes,
            max_pixels=s.extraction_max_image_pixels,
            model_max_side=s.extraction_model_image_max_side,
        )

    async def from_screenshot(
        self, data: bytes, hint: ComponentType | None, scale: float | None = None
    ) -> ExtractionResult:
        """`scale`: the caller's device scale factor (image px per CSS px), else found."""
        start = time.perf_counter()
        intake = await self.read(data)
        image: dict[str, int | str] = {
            "format": intake.format,
            "width": intake.width,
            "height": intake.height,
        }
        extracted, trace = await self._run("screenshot", image, intake, hint=hint, scale=scale)
        return self._result("screenshot", extracted, start, trace, image=image)

    async def from_figma(
        self,
        file_key: str,
        node_id: str | None,
        component_type: ComponentType | None,
        token: str | None,
    ) -> ExtractionResult:
        """Tokens read from the node's properties; the type from the caller, else from the
        node's names (its component set's, its component's, its own)."""
        start = time.perf_counter()
        node = await self.figma.node(file_key, node_id, token)
        if node.cache == "stale":
            self._metrics.fallbacks.labels("figma").inc()
        named = figma_node.component_type(node)
        kind = component_type or named or "card"
        reading = figma_node.read(node, kind)
        warnings = [*node.warnings, *reading.warnings]
        if component_type is None and named is None:
            warnings.append(
                f"the node's names do not say what component it is; read as {kind}: "
                "pass component_type to choose"
            )
        extracted, trace = await self._run(
            "figma",
            {"file_key": file_key, "node_id": node.node_id},
            None,
            known_type=kind,
            known_confidence=1.0 if component_type else 0.9 if named else 0.1,
            tokens=reading.tokens,
            evidence=reading.evidence,
            type_by="input" if component_type else "figma",
            tokens_by="figma",
        )
        extracted = dataclasses.replace(extracted, warnings=warnings + extracted.warnings)
        doc = node.document
        source = FigmaSource(
            file_key=node.file_key,
            node_id=node.node_id,
            node_name=doc.get("name"),
            node_type=doc.get("type"),
            file_name=node.file_name,
            last_modified=node.last_modified,
            cache=node.cache,
            age_seconds=node.age_seconds,
        )
        return self._result(
            "figma", extracted, start, trace, figma=source, stale=node.cache == "stale"
        )

    async def requirements(
        self, component_type: ComponentType, tokens: DesignTokens, data: bytes | None
    ) -> ExtractionResult:
        """Requirements for a named type; with an image, what it shows sharpens them (the
        type stays the caller's)."""
        start = time.perf_counter()
        intake = await self.read(data) if data else None
        extracted, trace = await self._run(
            "requirements",
            {"component_type": component_type, "image": intake is not None},
            intake,
            known_type=component_type,
            tokens=tokens,
        )
        return self._result("requirements", extracted, start, trace)

    async def _run(
        self,
        source: ExtractionSource,
        inputs: dict[str, Any],
        intake: Intake | None,
        **options: Any,
    ) -> tuple[Extracted, str | None]:
        """One graph run and its trace id: with LangSmith configured, a trace (a child of
        the caller's, if any). LangGraph traces its own nodes (and the model calls in them)
        as children of it."""
        async with self._tracer.span(
            f"extraction.{source}", inputs=inputs, tags=[f"source:{source}"]
        ) as run:
            extracted = await self.graph.run(intake, **options)
            trace = Tracer.current_trace_id()
            if run is not None:
                run.add_outputs(
                    {
                        "component_type": extracted.component_type,
                        "confidence": extracted.confidence,
                        "engines": extracted.engines,
                        "warnings": extracted.warnings,
                    }
                )
        if extracted.model_failures:
            self._metrics.fallbacks.labels("llm").inc()
        return extracted, trace

    def _result(
        self,
        source: ExtractionSource,
        extracted: Extracted,
        start: float,
        trace_id: str | None,
        image: dict[str, int | str] | None = None,
        figma: FigmaSource | None = None,
        stale: bool = False,
    ) -> ExtractionResult:
        """`stale`: Figma was down and its answer is an older copy."""
        latency = elapsed_ms(start)
        self._metrics.extraction_seconds.labels(source).observe(latency / 1000)
        return ExtractionResult(
            extraction_id=uuid.uuid4().hex,
            source=source,
            component_type=extracted.component_type,
            confidence=extracted.confidence,
            alternatives=[
                Alternative(component_type=k, confidence=c) for k, c in extracted.alternatives
            ],
            tokens=extracted.tokens,
            requirements=extracted.requirements,
            engines=extracted.engines,
            degraded=bool(extracted.model_failures) or stale,
            warnings=extracted.warnings,
            image=image,
            figma=figma,
            scale=None
            if extracted.scale is None
            else ScaleInfo(**dataclasses.asdict(extracted.scale)),
            content=extracted.content,
            anatomy=extracted.anatomy,
            gradient=extracted.gradient,
            latency_ms=latency,
            trace_id=trace_id,
        )
