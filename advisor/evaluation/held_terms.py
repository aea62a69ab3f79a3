"""Offers whose terms the decision cannot hold: commitments outlasting the horizon, reclaimable
capacity under an interactive SLO, and DePIN leases under one unless their host publishes enough
uptime. All are excluded as 'constraint' with the key that lifts them.

A 3-year commitment in a 6-month decision is an obligation the review board did not approve
(``workload.allow_commitment_beyond_horizon`` keeps it, costed at its full obligation); spot
units can be reclaimed mid-conversation (``allow_preemptible`` on the component).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from advisor.costing.availability import RECLAIMABLE, depin_bar, preemptible_excluded
from advisor.evaluation.evaluated import Evaluated
from advisor.catalog.columns import OfferColumns
from advisor.model.offers import Venue
from advisor.model.recommendation import Exclusion
from advisor.model.workload import InferenceComponent, LoadedWorkload, TrainingComponent, Workload

__all__ = ["depin_barred", "held_terms", "obligation_horizon"]


def obligation_horizon(workload: Workload) -> int | None:
    """The horizon over which a longer commitment's full obligation is spread, when the workload keeps them."""
    info = workload.workload
    return info.horizon_months if info.allow_commitment_beyond_horizon else None


def held_terms(out: Evaluated, cols: OfferColumns, venues: Mapping[str, Venue], loaded: LoadedWorkload,
               component: InferenceComponent | TrainingComponent, usable: np.ndarray,
               records: dict[tuple[Any, ...], dict[int, Exclusion]] | None = None) -> np.ndarray:
    """``usable`` without the offers whose terms the workload cannot hold; those are excluded with the
    reason. ``records``: exclusion records already built, by the offers and words they were built for
    (``Shared.exclusions``), shared and added to."""
    records = {} if records is None else records
    info = loaded.workload.workload
    horizon = info.horizon_months
    months = cols.commitment_months[usable]
    long = np.zeros(len(usable), dtype=bool) if info.allow_commitment_beyond_horizon else months > horizon
    reclaimable = cols.billed(RECLAIMABLE)[cols.billing[usable]] if preemptible_excluded(component) else \
        np.zeros(len(usable), dtype=bool)
    if long.any():
        idx = usable[long]
        out.exclude_all("constraint", cols, venues, idx, lambda k: (
            f"a {int(months[long][k])}-month commitment outlasts the {horizon}-month horizon (set "
            "workload.allow_commitment_beyond_horizon = true to cost its full obligation instead)"),
            built=records.setdefault(("outlasts", horizon, idx.tobytes()), {}))
    reclaimable &= ~long
    if reclaimable.any():
        idx = usable[reclaimable]
        out.exclude_all("constraint", cols, venues, idx, lambda k: (
            "spot capacity can be reclaimed mid-request; an interactive component "
            "with an SLO does not rest its SLO on it (set allow_preemptible = true on the component to allow it)"),
            built=records.setdefault(("reclaimable", idx.tobytes()), {}))
    kept: np.ndarray = usable[~(long | reclaimable)]
    return kept


def depin_barred(cols: OfferColumns, venues: Mapping[str, Venue], component: InferenceComponent | TrainingComponent,
                 usable: np.ndarray) -> dict[int, str]:
    """Position in ``usable`` -> why, for the DePIN leases an interactive SLO cannot rest on (the host's
    reliability below ``availability.toml``'s floor, or unpublished). The evaluation excludes them as a
    constraint after the rules, so a venue the rules veto keeps its veto."""
    if not preemptible_excluded(component):
        return {}
    on_depin = np.array([v in venues and venues[v].kind == "depin" for v in cols.venue_ids], dtype=bool)
    barred: dict[int, str] = {}
    for j in np.flatnonzero(on_depin[cols.venue[usable]]).tolist():
        why = depin_bar(cols.offers[int(usable[j])])
        if why is not None:
            barred[j] = why
    return barred
