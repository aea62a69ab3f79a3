"""Pareto frontier per component on (cost down, latency down, privacy up, regulation risk down, carbon down,
availability up).

Dominance is judged on the figures in natural units (regulation.md section 7.2), before any scale
clips them; an unknown figure counts as the worst possible, so it never helps a candidate onto the
frontier. Candidates of different components are never compared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from advisor.model.candidates import Candidate
from advisor.scoring.scores import Scales, raw_matrix

__all__ = ["efficient", "pareto_front", "non_dominated"]

_SENSE = np.array([1.0, 1.0, -1.0, 1.0, 1.0, -1.0])  # minimise every column after the sign flip
_BLOCK = 64
"""Rows swept at a time: each block is also compared with itself, so a small block keeps that square
small (blocks of 512 spent most of the sweep there; 64 gave the same fronts in a tenth of the time)."""
_CHUNK = 512
"""Rows of the front compared with a block at once (bounds the temporary boolean arrays)."""
_SEEDS = 32
"""Front rows found one at a time before the block sweep: a component's front is a few dozen of its
hundreds of rows, and each of the first few drops most of the rest in one comparison."""


def non_dominated(points: np.ndarray) -> np.ndarray:
    """Boolean mask of rows not dominated by any other row (every column minimised, NaN = +inf).

    Row ``j`` dominates ``i`` when it is <= in every column and < in at least one. Exact duplicates
    do not dominate each other, so both stay. A sweep in lexicographic order: a dominator always
    sorts before the row it dominates, and dominance is transitive, so each block of rows is checked
    against the front found so far and against itself only: O(n * front) instead of O(n^2). The first
    ``_SEEDS`` front rows are found one by one, each thinning the rest, before the blocks.
    """
    p = np.where(np.isnan(points), np.inf, points)
    n = len(p)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    order = np.lexsort(p.T[::-1])
    # the first row in order not dominated by the front so far is on the front (a dominator sorts
    # before it and would have dropped it): take such rows one at a time, each dropping what it dominates
    seeds: list[int] = []
    while len(order) and len(seeds) < _SEEDS:
        first, order = int(order[0]), order[1:]
        seeds.append(first)
        rest = p[order]
        order = order[~((p[first] <= rest).all(axis=1) & (p[first] < rest).any(axis=1))]
    keep[seeds] = True
    front = p[seeds]
    for start in range(0, len(order), _BLOCK):
        idx = order[start : start + _BLOCK]
        block = p[idx]
        alive = ~_dominated_by(block, front)
        if alive.any():
            block, idx = block[alive], idx[alive]
            alive = ~_dominated_by(block, block)
            keep[idx[alive]] = True
            front = np.concatenate([front, block[alive]])
    return keep


def _dominated_by(block: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each row of ``block``: is it dominated by some row of ``others``?"""
    out = np.zeros(len(block), dtype=bool)
    for start in range(0, len(others), _CHUNK):
        o = others[None, start : start + _CHUNK, :]
        le = (o <= block[:, None, :]).all(axis=2)
        lt = (o < block[:, None, :]).any(axis=2)
        out |= np.any(le & lt, axis=1)
    return out


def pareto_front(candidates: Sequence[Candidate], scales: Scales | None = None) -> list[Candidate]:
    """The non-dominated candidates of each component, in input order."""
    if not candidates:
        return []
    raw = raw_matrix(candidates, scales)
    comps = np.array([c.component for c in candidates])
    keep = np.zeros(len(candidates), dtype=bool)
    for comp in np.unique(comps):
        idx = np.flatnonzero(comps == comp)
        keep[idx] = efficient(raw[idx])
    return [c for c, k in zip(candidates, keep) if k]


def efficient(raw: np.ndarray) -> np.ndarray:
    """Mask of the rows of one component's ``raw_matrix`` on its Pareto frontier."""
    return non_dominated(raw * _SENSE)
