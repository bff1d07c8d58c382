"""Weighted fusion of the two retrievers' scores after min-max normalisation."""

from __future__ import annotations

from dataclasses import dataclass


def min_max(scores: dict[str, float]) -> dict[str, float]:
    """Scale to 0..1. All-equal scores carry no ranking signal: 1.0 if they are positive
    (every candidate matched equally), 0.0 if they are zero (nothing matched)."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi == lo:
        value = 1.0 if hi > 0 else 0.0
        return dict.fromkeys(scores, value)
    return {key: (score - lo) / (hi - lo) for key, score in scores.items()}


@dataclass(frozen=True)
class Fused:
    bm25: float  # normalised
    semantic: float  # normalised
    fused: float


def fuse_scores(
    bm25: dict[str, float], semantic: dict[str, float], w_bm25: float, w_semantic: float
) -> dict[str, Fused]:
    """`w_bm25 * bm25 + w_semantic * semantic` over the union of candidates.

    A retriever without signal (no scores, or all zero) drops out and the other's weight
    becomes 1, so a BM25-only answer (vector store down) still ranks on a 0..1 scale.
    Missing candidates count as 0 for that retriever.
    """
    nb, ns = min_max(bm25), min_max(semantic)
    has_b, has_s = any(nb.values()), any(ns.values())
    total = (w_bm25 if has_b else 0.0) + (w_semantic if has_s else 0.0)
    wb = (w_bm25 / total) if has_b and total else 0.0
    ws = (w_semantic / total) if has_s and total else 0.0
    return {
        key: Fused(
            nb.get(key, 0.0), ns.get(key, 0.0), wb * nb.get(key, 0.0) + ws * ns.get(key, 0.0)
        )
        for key in {*nb, *ns}
    }
