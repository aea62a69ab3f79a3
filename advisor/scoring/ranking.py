"""A component's eligible rows ranked from their columns, exactly, reading only the top of the order.

Rows rank by score (best first), then offer id; a score is the ``math.fsum`` of the weighted values,
as ``scoring.score`` takes it. A recommendation reads only the best few rows and each provider's best,
so the exact sum is taken only for rows whose quick numpy total is within ``SLACK`` of those: a sum of
five products in [0, 1] is off by less than 1e-15, so no row outside that band can rank among them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from advisor.scoring.pareto import efficient
from advisor.scoring.scores import CRITERIA, check_weights, values_of

__all__ = ["Ranking", "frontier_rows", "rank_rows"]

SLACK = 1e-9
"""Far above the rounding error of a numpy sum of five weighted values (below 1e-15)."""


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
    w = check_weights(weights)
    products = values_of(raw) * np.array([w[k] for k in CRITERIA])
    quick = products.sum(axis=1)

    def ordered(rows: np.ndarray) -> list[tuple[float, str, int]]:
        return sorted((-math.fsum(products[i].tolist()), ids[i], i) for i in rows.tolist())

    k = min(top, n)
    bar = np.partition(quick, n - k)[n - k]
    leaders = ordered(np.flatnonzero(quick >= bar - SLACK))[:k]
    best = [i for *_, i in leaders]
    group_best = np.full(int(provider.max()) + 1, -np.inf)
    np.maximum.at(group_best, provider, quick)
    seen: set[int] = set()
    per_provider = []
    for *_, i in ordered(np.flatnonzero(quick >= group_best[provider] - SLACK)):
        if int(provider[i]) not in seen:
            seen.add(int(provider[i]))
            per_provider.append(i)
    return Ranking(best, per_provider, {i: -negated for negated, _, i in leaders})


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
