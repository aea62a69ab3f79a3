"""Each component's best rows in rank order, as the recommendation's sections read them.

A portfolio of 1,000 workloads reads the 50 best rows of 2,000 components (for the price index, the
close calls and the Monte Carlo): those are offers, costs and scores the ranking already has, so a
full ``Row`` and ``Candidate`` is built only for the few a section reads in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.evaluation.evaluated import Evaluated, Row, source_key
from advisor.model.candidates import Candidate
from advisor.model.offers import Offer

__all__ = ["Candidates", "Ranked", "ranked"]


class Ranked:
    """One of a component's best rows: its offer, monthly cost and exact score (``scoring.score``'s total
    under the run's weights), and the full row when a section asks for it."""

    __slots__ = ("ev", "j", "offer", "usd_per_month", "total")

    def __init__(self, ev: Evaluated, j: int, offer: Offer, usd_per_month: float, total: float) -> None:
        self.ev, self.j, self.offer, self.usd_per_month, self.total = ev, j, offer, usd_per_month, total

    @property
    def row(self) -> Row:
        return self.ev.row(self.j)

    @property
    def candidate(self) -> Candidate:
        return self.ev.row(self.j).candidate


class Candidates(Sequence[Candidate]):
    """The candidates of ranked rows, each built when read: sensitivity reads the runner-up alone unless
    it runs a Monte Carlo over the best 20 (skipped above the explanation budget)."""

    def __init__(self, rows: Sequence[Ranked]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, j: Any) -> Any:
        if isinstance(j, slice):
            return [r.candidate for r in self.rows[j]]
        return self.rows[j].candidate


def ranked(ev: Evaluated, weights: dict[str, float], top: int,
           orders: dict[tuple[str, str], Any]) -> tuple[list[Ranked], list[int]]:
    """A component's ``top`` best rows and each provider's best row (its index), both in rank order; a
    renamed evaluation takes its source's order (same figures, same ids), kept in ``orders`` by source."""
    from advisor.scoring.ranking import rank_rows

    src, key = ev.source or ev, source_key(ev)
    if key not in orders:
        t = src.table
        orders[key] = None if t is None else rank_rows(t.raw, weights, t.offers.ids, t.offers.provider, top)
    ranking = orders[key]
    if ranking is None or ev.table is None:
        return [], []
    t = ev.table
    best = [Ranked(ev, j, t.offers.offer(j), float(t.usd[j]), ranking.totals[j]) for j in ranking.top]
    return best, ranking.per_provider
