"""Pruning in one pass over sorted rows keeps exactly what the group-by-group definition keeps."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from advisor.placement.milp import prune_columns

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracles  # noqa: E402


def _case(rng: np.random.Generator, n: int, groups: int, pools: int) -> tuple[np.ndarray, ...]:
    # few distinct figures, so ties in score, cost and units are common
    scores = rng.choice(np.linspace(0.2, 0.9, 8), n)
    cost = rng.choice([10.0, 12.5, 20.0, 40.0, 80.0, 0.0], n)
    units = rng.integers(1, 4, n).astype(float)
    group = rng.integers(0, groups, n)
    pool = np.where(rng.random(n) < 0.7, 0, rng.integers(1, pools + 1, n))
    if rng.random() < 0.3:
        cost[rng.random(n) < 0.02] = np.nan  # a missing cost stops its group's front (the accumulated minimum)
    return scores, cost, units, group, pool


def test_one_pass_pruning_keeps_what_the_group_by_group_definition_keeps():
    rng = np.random.default_rng(3)
    for n, groups, pools in [(1, 1, 1), (7, 1, 2), (60, 5, 3), (400, 40, 6), (3000, 900, 30), (500, 3, 1)]:
        for _ in range(5):
            scores, cost, units, group, pool = _case(rng, n, groups, pools)
            assert prune_columns(scores, cost, units, group, pool, 0) == oracles.prune_columns(
                scores, cost, units, group, pool, 0)


def test_a_missing_cost_stops_the_free_front_as_the_accumulated_minimum_does():
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    cost = np.array([30.0, np.nan, 20.0, 10.0, 5.0])
    units = np.ones(5)
    group = np.zeros(5, dtype=np.int64)
    pool = np.zeros(5, dtype=np.int64)
    kept = prune_columns(scores, cost, units, group, pool, 0)
    assert kept == oracles.prune_columns(scores, cost, units, group, pool, 0) == [0]


def test_a_cheaper_worse_row_survives_and_a_dearer_worse_one_does_not():
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    cost = np.array([100.0, 50.0, 60.0, 200.0])
    units = np.ones(4)
    group = np.array([0, 0, 0, 1])
    pool = np.zeros(4, dtype=np.int64)
    assert prune_columns(scores, cost, units, group, pool, 0) == [0, 1, 3]
