"""The candidates the placement MILP needs, scored and pruned on columns before any record is built.

``placement.prepare`` scores every candidate and keeps those not dominated inside their (component,
provider); this does the same on the evaluations' columns (the same figures, the same score
arithmetic over the same concatenated matrix, the same pruning) and builds ``Candidate`` records only
for the survivors, handing them to ``place`` with their scores so nothing is scored twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from advisor.model.candidates import Candidate
from advisor.evaluation.evaluated import Evaluated, Table, source_key
from advisor.placement.plan import Prepared
from advisor.placement.milp import prune_both
from advisor.scoring.scores import check_weights, values_of, weighted

__all__ = ["pruned_rows", "shortlist"]


def shortlist(evaluated: Sequence[Evaluated], weights: Mapping[str, float]) -> tuple[list[Candidate], Prepared]:
    """The pruned candidates of every evaluation, in evaluation then row order, and their ``Prepared``.

    Scored and pruned once per distinct table: a renamed evaluation shares its source's table, and
    pruning compares rows of one component only, so its kept rows and scores are its source's."""
    w = check_weights(weights)
    live = [ev for ev in evaluated if ev.size]
    if not live:
        return [], Prepared([], tuple(sorted(w.items())), None, frozenset(), np.zeros(0), [], [])
    table_at: list[int] = []  # per live evaluation, its table's place in ``tables`` (twins share their source's)
    tables: list[Table] = []
    place: dict[tuple[str, str], int] = {}  # by the evaluation that built the table (``source_key``)
    for ev in live:
        k = place.setdefault(source_key(ev), len(tables))
        if k == len(tables):
            tables.append(ev.rows_table)
        table_at.append(k)
    kept, scores = pruned_rows(tables, w)
    rows = np.array(kept, dtype=np.int64)
    starts = np.cumsum([0] + [len(t) for t in tables])
    bounds = np.searchsorted(rows, starts)
    per_table = [rows[bounds[k]:bounds[k + 1]] for k in range(len(tables))]
    chosen, at = [], []
    for ev, k in zip(live, table_at, strict=True):
        chosen += [ev.candidate(j) for j in (per_table[k] - starts[k]).tolist()]
        at.append(per_table[k])
    prepared = Prepared(chosen, tuple(sorted(w.items())), None, frozenset(), scores[np.concatenate(at)],
                        list(range(len(chosen))), [])
    return chosen, prepared


def pruned_rows(tables: Sequence[Table], w: Mapping[str, float]) -> tuple[list[int], np.ndarray]:
    """The rows of ``tables`` (numbered one table after another) that survive pruning, and every row's
    score under ``check_weights``' weights ``w``. Pruning compares rows of one table only (one
    component, per provider and pool), and a row's score is its own, so each table is scored and
    pruned alone: the temporaries are one table's, not the sum of all (``advisor.assembly.digest``
    keeps each component's rows the same way)."""
    kept: list[int] = []
    scores: list[np.ndarray] = []
    start = 0
    for table in tables:
        score = weighted(values_of(table.raw), w)  # the one scorer, as prepare → score_all
        if len(table):
            pool = np.where(table.offers.pooled, table.offer + 1, 0)
            standby = table.usd if table.standby is None else table.standby
            rows = prune_both(score, table.raw[:, 0], standby, _units(table).astype(float), table.offers.provider,
                              pool, 0)
            # shared-box rows are never pruned: as riders they may beat what dominates them as payers
            shared = np.flatnonzero(table.offers.on_shared_box())
            kept += [start + j for j in sorted({*rows, *shared.tolist()})]
        scores.append(score)
        start += len(table)
    return kept, np.concatenate(scores) if scores else np.zeros(0)


def _units(table: Table) -> np.ndarray:
    """Units each row provisions, as its (venue, sized unit) pair states them."""
    per_pair = np.array([p.units for p in table.pairs], dtype=np.int64)
    return per_pair[table.pair] if len(table) else np.zeros(0, dtype=np.int64)
