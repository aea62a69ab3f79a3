"""A portfolio component's evaluation cut down to what placement and assembly read of it, right after
it is evaluated, so a portfolio holds a digest per component instead of every row of every one.

An evaluation holds every eligible row (thousands per component) and up to 80 exclusions per reason
and one per (reason, venue); placement and assembly read few of them. The digest keeps the rows that
each later reader picks, and every reader then picks the same rows from the digest as from the whole:

- the shortlist (``placement.shortlist.pruned_rows``): pruning compares rows of one component, and a
  row it drops is beaten by a row it keeps (or stopped by a row of unknown cost, also kept), so
  pruning the kept rows keeps the same ones;
- the ranking (``scoring.ranking.rank_rows``): the best ``RANKED_PER_COMPONENT`` rows and each
  provider's best, under one strict order (score, offer id);
- the whole Pareto frontier (``scoring.ranking.frontier_rows``): a dropped row is dominated by a
  frontier row, which is kept;
- the cheapest row (by cost, then offer id) of every class (venue kind, billing, owned terms,
  accelerator and count): the owned-versus-cloud, API-versus-self-hosting and spot-risk comparisons
  take the cheapest row of a union of such classes;
- the exclusions the recommendation lists (``listed_exclusions``, which lists the same ones again
  from those alone); every count stays.

The cost reference stays the whole table's. A component with no eligible row is kept whole (the
relaxation hints read all its exclusions). A single recommendation keeps every row (``report`` and
tests read them); so does an inventory group, whose evaluations a later group with other weights may
rename. ``tests/test_digest.py`` compares portfolios with and without the digest byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from advisor.assembly.build import RANKED_PER_COMPONENT, listed_exclusions
from advisor.evaluation.evaluated import Evaluated, Table
from advisor.placement.shortlist import pruned_rows
from advisor.scoring.ranking import frontier_rows, rank_rows
from advisor.scoring.scores import check_weights

__all__ = ["digest", "read_rows"]


def digest(ev: Evaluated, weights: Mapping[str, float]) -> None:
    """Cut ``ev`` down to the rows and exclusions placement and assembly read under ``weights``. A renamed
    evaluation shares its source's table and copied its exclusions once the source was digested."""
    if not ev.size:
        return  # nothing to place: kept whole, as relaxation hints count the rule ids of all its exclusions
    if ev.source is not None:
        ev.keep_read_verdicts()
        return
    ev.keep_only(read_rows(ev.rows_table, weights), listed_exclusions(ev.exclusions))


def read_rows(table: Table, weights: Mapping[str, float]) -> np.ndarray:
    """The rows (increasing) that placement and assembly may read of ``table`` (module docstring)."""
    offers = table.offers
    ranking = rank_rows(table.raw, weights, offers.ids, offers.provider, RANKED_PER_COMPONENT)
    standby = table.usd if table.standby is None else table.standby
    unknown = np.flatnonzero(np.isnan(table.raw[:, 0]) | np.isnan(standby))  # an unknown cost stops a pruning front
    kept = {*pruned_rows([table], check_weights(weights))[0], *unknown.tolist(), *ranking.top, *ranking.per_provider,
            *frontier_rows(table.raw, table.usd, offers.rank, table.pair).tolist()}
    kits: dict[tuple[object, ...], int] = {}
    kit = np.array([kits.setdefault(key[:2], len(kits)) for key in offers.unit_keys], dtype=np.int64)
    kinds: dict[object, int] = {}
    kind = np.array([kinds.setdefault(k, len(kinds)) for k in offers.venue_kind.tolist()], dtype=np.int64)
    billing = offers.billing
    cls = ((kind * (int(billing.max()) + 1) + billing) * 2 + offers.has_terms) * len(kits) + kit[offers.unit]
    order = np.lexsort((offers.rank, table.usd, cls))  # by class, then cost, then offer id
    first = order[np.concatenate([[True], cls[order][1:] != cls[order][:-1]])]
    kept.update(first.tolist())
    return np.array(sorted(kept), dtype=np.int64)
