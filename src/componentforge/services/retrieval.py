"""Pattern search: BM25 and semantic search at once, fused, explained; BM25 alone if need be."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict

from componentforge.errors import DependencyError, InvalidInputError
from componentforge.infra.breaker import elapsed_ms
from componentforge.infra.metrics import Metrics
from componentforge.retrieval.bm25 import BM25Index
from componentforge.retrieval.explain import explain
from componentforge.retrieval.fusion import fuse_scores
from componentforge.retrieval.library import PatternLibrary
from componentforge.retrieval.query import build_query
from componentforge.retrieval.semantic import IndexReport, SemanticHit, SemanticIndex
from componentforge.schemas.pattern import Pattern
from componentforge.schemas.retrieval import (
    Highlight,
    PatternList,
    PatternSummary,
    Ranks,
    Scores,
    SearchRequest,
    SearchResponse,
    SearchResult,
    Weights,
)

log = logging.getLogger(__name__)
TYPE_HINT_BONUS = 0.25  # the hinted type comes from a classifier: strong, not absolute, evidence
KEPT_ANSWERS = 1024  # answers of repeated searches, kept until the index changes


class RetrievalService:
    def __init__(
        self,
        library: PatternLibrary,
        semantic: SemanticIndex,
        metrics: Metrics,
        default_weights: Weights,
        timeout: float,
    ) -> None:
        self.library = library
        self.bm25 = BM25Index(library)
        self.semantic = semantic
        self._metrics = metrics
        self._weights = default_weights
        self._timeout = timeout
        self.indexed = False
        self.index_error: str | None = None
        self._answers: OrderedDict[str, SearchResponse] = OrderedDict()

    async def ensure_indexed(self, timeout: float = 120.0) -> IndexReport | None:
        """Bring the vector index up to date; a failure leaves search on BM25 for now."""
        try:
            report = await self.semantic.sync(self.library, timeout)
        except DependencyError as exc:
            self.index_error = exc.message
            log.warning("pattern index not ready, searching with BM25 only: %s", exc.message)
            return None
        self.indexed, self.index_error = True, None
        self._answers.clear()  # answers of the index as it was
        if report.embedded or report.removed:
            log.info(
                "pattern index updated",
                extra={
                    "collection": report.collection,
                    "embedded": len(report.embedded),
                    "removed": len(report.removed),
                    "unchanged": report.unchanged,
                },
            )
        return report

    async def search(self, request: SearchRequest) -> SearchResponse:
        """A repeated request (same fields, same index) is answered from the answers kept; a
        degraded answer is never kept."""
        start = time.perf_counter()
        key = request.model_dump_json()
        kept = self._answers.get(key)
        if kept is not None:
            self._answers.move_to_end(key)
            self._metrics.retrieval_latency.labels("hybrid").observe(time.perf_counter() - start)
            return kept.model_copy(update={"latency_ms": elapsed_ms(start)})
        answer = await self._search(request, start)
        if not answer.degraded:
            self._answers[key] = answer
            if len(self._answers) > KEPT_ANSWERS:
                self._answers.popitem(last=False)
        return answer

    async def _search(self, request: SearchRequest, start: float) -> SearchResponse:
        hint = request.component_type
        if hint is not None and self.library.by_component_type(hint) is None:
            raise InvalidInputError(
                f"unknown component_type {hint!r}",
                {"field": "component_type", "allowed": self.library.component_types},
            )
        query = build_query(request.query, request.requirements, hint)
        weights = request.weights or self._weights

        semantic_task = asyncio.create_task(self._semantic(query.embed_text))
        bm25 = self.bm25.scores(query.bm25_terms)  # runs while the query is being embedded
        hits, degraded_reason = await semantic_task

        fused = fuse_scores(
            bm25, {pid: h.score for pid, h in hits.items()}, weights.bm25, weights.semantic
        )
        final = {pid: f.fused for pid, f in fused.items()}
        if hint is not None:
            hinted = f"shadcn-{hint}"
            final[hinted] = min(1.0, final.get(hinted, 0.0) + TYPE_HINT_BONUS)
        ranking = sorted(final, key=lambda pid: (-final[pid], pid))[: request.top_k]
        bm25_rank = _ranks({k: v for k, v in bm25.items() if v > 0})
        semantic_rank = _ranks({k: h.score for k, h in hits.items()})

        results = []
        for pid in ranking:
            pattern = self.library.get(pid)
            assert pattern is not None
            term_fields = self.bm25.matched_fields(pid, query.bm25_terms)
            why = explain(
                pattern,
                query,
                term_fields,
                fused[pid],
                hits.get(pid),
                (weights.bm25, weights.semantic),
                hint,
            )
            results.append(
                SearchResult(
                    pattern_id=pid,
                    name=pattern.name,
                    category=pattern.category,
                    score=round(final[pid], 4),
                    confidence=why.confidence,
                    explanation=why.sentence,
                    highlights=[Highlight(**h) for h in why.highlights],
                    scores=Scores(
                        bm25=round(bm25.get(pid, 0.0), 4),
                        semantic=round(hits[pid].score, 4) if pid in hits else None,
                        bm25_normalized=round(fused[pid].bm25, 4),
                        semantic_normalized=round(fused[pid].semantic, 4),
                        fused=round(fused[pid].fused, 4),
                    ),
                    ranks=Ranks(bm25=bm25_rank.get(pid), semantic=semantic_rank.get(pid)),
                    requirements_coverage={
                        "matched": why.requirements_matched,
                        "total": why.requirements_total,
                    },
                )
            )
        mode = "bm25_only" if degraded_reason else "hybrid"
        self._metrics.retrieval_latency.labels(mode).observe(time.perf_counter() - start)
        return SearchResponse(
            results=results,
            degraded=degraded_reason is not None,
            degraded_reason=degraded_reason,
            weights=weights,
            latency_ms=elapsed_ms(start),
        )

    async def _semantic(self, text: str) -> tuple[dict[str, SemanticHit], str | None]:
        """Semantic hits, or none and the reason: BM25 answers alone then."""
        if not text:
            return {}, None
        try:
            if not self.indexed and not await self.ensure_indexed(timeout=self._timeout):
                raise DependencyError(
                    "qdrant", f"the pattern index is not ready: {self.index_error}"
                )
            hits = await self.semantic.search(text)
        except DependencyError as exc:
            self._metrics.retrieval_degraded.labels(exc.dependency).inc()
            self._metrics.fallbacks.labels(exc.dependency).inc()
            return {}, exc.message
        return hits, None

    async def probe_embeddings(self) -> None:
        """A health check's trial: embed one word, through the breaker even when it is open."""
        await self.semantic.probe()

    def list_patterns(self, category: str | None = None) -> PatternList:
        patterns = [p for p in self.library if category is None or p.category == category]
        return PatternList(
            patterns=[
                PatternSummary(
                    id=p.id,
                    name=p.name,
                    category=p.category,
                    component_type=p.component_type,
                    version=p.version,
                    description=p.description,
                    synonyms=p.synonyms,
                )
                for p in patterns
            ],
            total=len(patterns),
            categories=self.library.categories,
        )

    def get_pattern(self, pattern_id: str) -> Pattern:
        return self.library.require(pattern_id)


def _ranks(scores: dict[str, float]) -> dict[str, int]:
    ordered = sorted(scores, key=lambda k: (-scores[k], k))
    return {key: i + 1 for i, key in enumerate(ordered)}
