"""A component's eligible rows ranked from their columns, reading only the top of the order.

Rows rank by score (best first), then offer id; scores are ``scores.weighted_sum``'s totals, the same
figures ``scoring.score`` states, so only the best few rows and each provider's best need sorting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from advisor.scoring.pareto import efficient
from advisor.scoring.scores import check_weights, values_of, weighted

__all__ = ["Ranking", "frontier_rows", "rank_rows"]


@dataclass(frozen=True)
class Ranking:
    """Row indices in rank order: the best ``top`` rows, and each provider's best row."""

    top: list[int]
    per_provider: list[int]
    totals: dict[int, float] = field(default_factory=dict)
    """The exact score (``scoring.score``'s total) of every row in ``top``: what ranking summed anyway."""


def rank_rows(raw: np.ndarray, weights: Mapping[str, float], ids: Sequence[str], provider: np.ndarray,
              top: int) -> Ranking:
    """The ranking of rows with criteria ``raw`` (``scoring.raw_matrix``), offer ``ids`` and ``provider`` codes."""
    n = len(raw)
    if n == 0:
        return Ranking([], [])
    totals = weighted(values_of(raw), check_weights(weights))

    def ordered(rows: np.ndarray) -> list[int]:
        return [i for *_, i in sorted((-totals[i], ids[i], i) for i in rows.tolist())]

    k = min(top, n)
    bar = np.partition(totals, n - k)[n - k]
    best = ordered(np.flatnonzero(totals >= bar))[:k]
    group_best = np.full(int(provider.max()) + 1, -np.inf)
    np.maximum.at(group_best, provider, totals)
    seen: set[int] = set()
    per_provider = []
    for i in ordered(np.flatnonzero(totals == group_best[provider])):
        if int(provider[i]) not in seen:
            seen.add(int(provider[i]))
            per_provider.append(i)
    return Ranking(best, per_provider, {i: float(totals[i]) for i in best})


def frontier_rows(raw: np.ndarray, usd: np.ndarray, rank: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """Pareto-efficient rows (``pareto.pareto_front`` on the same figures) by cost, then offer id
    (``rank`` orders the ids).

    Rows of one (venue, unit) ``pair`` share every figure but cost, so only the cheapest of a pair can
    be efficient (a dearer one is dominated by it, and so is whatever it dominates): the sweep reads
    those alone, and finds the same frontier."""
    if not len(raw):
        return np.zeros(0, dtype=np.int64)
    cheapest = np.full(int(pair.max()) + 1, np.inf)
    np.minimum.at(cheapest, pair, usd)
    rows = np.flatnonzero(usd == cheapest[pair])
    front: np.ndarray = rows[efficient(raw[rows])]
    ordered: np.ndarray = front[np.lexsort((rank[front], usd[front]))]
    return ordered
