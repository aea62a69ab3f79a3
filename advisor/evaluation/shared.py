"""What the components of one run share: the offers' columns, sizings, prices, and the per-(venue,
users) criteria. A portfolio asks the same questions thousands of times; each is answered once."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from pydantic import BaseModel

from advisor.catalog.columns import OfferColumns
from advisor.costing.columns import Bill, bill
from advisor.model.offers import Offer, Venue
from advisor.evaluation.pairs import PairMemo
from advisor.sizing import Sizings, group_coded, size_grouped

if TYPE_CHECKING:
    from advisor.evaluation.evaluated import Evaluated
    from advisor.model.recommendation import Exclusion
    from advisor.model.specs import ClosedModel, ModelSpec
    from advisor.model.workload import InferenceComponent, TrainingComponent
    from advisor.reference.hardware import HardwareCatalog
    from advisor.rules.model import RuleSet

__all__ = ["NOT_READ_BY_SIZING", "Shared"]

NOT_READ_BY_SIZING = frozenset({"users", "data_classes", "residency", "critical", "egress_gb_per_month",
                                "allow_preemptible"})
"""Component fields the sizing model never reads: components differing only here share one sizing."""


class Shared:
    """What depends on the venue and the users only, kept for every component of one run: a portfolio
    asks the same (venue, metros) questions thousands of times."""

    def __init__(self, keep_evaluations: int | None = None) -> None:
        self.keep_evaluations = keep_evaluations
        """At most this many evaluations kept for renaming (None: all; the oldest go first), so that a
        long inventory's memory does not grow with every group it has solved; ``trim`` bounds the
        other memos alike."""
        self._handles = 0
        self.pairs = PairMemo()
        self.evaluations: dict[tuple[Any, ...], Evaluated] = {}
        self._sizings: dict[tuple[str, str, bytes], Sizings] = {}
        self._prices: dict[tuple[int, float | None, int | None], tuple[np.ndarray, np.ndarray, Bill]] = {}
        self._run: tuple[Sequence[Offer], Mapping[str, Venue], HardwareCatalog, RuleSet] | None = None
        self._columns: OfferColumns | None = None
        self._offer_list: tuple[list[Offer], Sequence[Offer]] | None = None
        self.exclusions: dict[tuple[Any, ...], dict[int, Exclusion]] = {}
        """Per set of inputs that decide the words of one reason's exclusions (``component._judge``,
        ``held_terms``), the records built so far by position: evaluations asking the same share them."""
        self.barred: dict[tuple[str, tuple[str, ...]], tuple[list[str | None], np.ndarray]] = {}
        """Per (constraints, component hardware list): why each (provider, venue, unit) combination is
        barred, or None, and whether it is (a mask)."""

    def offer_list(self, offers: Sequence[Offer]) -> list[Offer]:
        """``offers`` as one list for every solve served by this object (``bind`` holds a run to one
        offers object, so the groups of an inventory task must all pass the same list)."""
        if self._offer_list is None or self._offer_list[1] is not offers:
            self._offer_list = (list(offers), offers)
        return self._offer_list[0]

    def bind(self, offers: Sequence[Offer], venues: Mapping[str, Venue], hardware: HardwareCatalog,
             ruleset: RuleSet) -> OfferColumns:
        """The offers' columns, read once: a Shared serves one run (its offers, venues, hardware catalog
        and rules), so no memo below needs them in its key; another run's inputs are refused."""
        if self._run is None:
            self._run = (offers, venues, hardware, ruleset)
            self._columns = OfferColumns(offers, venues)
        elif any(a is not b for a, b in zip(self._run, (offers, venues, hardware, ruleset), strict=True)):
            raise ValueError("a Shared serves one run: the same offers, venues, hardware catalog and rules")
        assert self._columns is not None
        return self._columns

    def sizings(self, component: InferenceComponent | TrainingComponent, model: ModelSpec | ClosedModel,
                cols: OfferColumns, usable: np.ndarray, hardware: HardwareCatalog) -> Sizings:
        """``size_component`` of offers ``usable``, once per distinct (component as sizing reads it, model, offers)."""
        model_key = model.model_dump_json() if isinstance(model, BaseModel) else repr(model)
        key = (component.model_dump_json(exclude=set(NOT_READ_BY_SIZING)), model_key, usable.tobytes())
        found = self._sizings.get(key)
        if found is None:
            units, slots = group_coded(component, cols.unit[usable], cols.unit_offers, hardware)
            found = size_grouped(component, model, units, slots, cols.ids_of(usable))
            found.handle = self._handles  # never reused, so a memo keyed by it cannot mistake a newer table
            self._handles += 1
            self._sizings[key] = found
        return found

    def trim(self, sizings: int, pairs: int) -> None:
        """Drop the oldest sizings, prices and pair columns (one per sizing at least) beyond ``sizings``,
        and the per-pair figures beyond ``pairs`` (each of the pair memo's tables): they are caches, so
        an answer dropped is computed again, the same; a long inventory sharing one object keeps its
        memory bounded."""
        _drop_oldest(self._sizings, sizings)
        _drop_oldest(self._prices, sizings)
        _drop_oldest(self.pairs.columns, sizings)
        _drop_oldest(self.exclusions, sizings)
        _drop_oldest(self.pairs.pairs, pairs)
        _drop_oldest(self.pairs.latency, pairs)

    def prices(self, component: InferenceComponent | TrainingComponent, sizings: Sizings, cols: OfferColumns,
               venues: Mapping[str, Venue], usable: np.ndarray,
               horizon_months: int | None = None) -> tuple[np.ndarray, np.ndarray, Bill]:
        """Monthly price and price per million tokens of every usable offer (NaN: unpriced, infeasible
        or no token figure), and the bill they state (for the rows' ``Cost`` records). Components
        sharing a sizing table differ at most in egress among what pricing reads; ``horizon_months``
        spreads the obligation of commitments kept beyond it."""
        key = (sizings.handle, getattr(component, "egress_gb_per_month", None), horizon_months)
        if key not in self._prices:
            slots = np.asarray(sizings.slots, dtype=np.int64)
            per_unit = sizings.per_unit
            feasible = np.flatnonzero(np.array([u["feasible"] for u in per_unit], dtype=bool)[slots])
            units = np.array([u["units"] for u in per_unit], dtype=np.int64)[slots[feasible]]
            hours = np.array([u["unit_hours_per_month"] for u in per_unit], dtype=float)[slots[feasible]]
            found = bill(component, cols, venues, usable[feasible], units, hours,
                         lambda k: sizings.template(int(slots[feasible[k]])), horizon_months)
            usd, per_m = found.figures(component)
            usd_all, per_m_all = np.full(len(usable), np.nan), np.full(len(usable), np.nan)
            compute, egress = np.full(len(usable), np.nan), np.full(len(usable), np.nan)
            usd_all[feasible], per_m_all[feasible] = usd, per_m
            compute[feasible], egress[feasible] = found.compute, found.egress
            self._prices[key] = (usd_all, per_m_all, Bill(compute, egress))
        return self._prices[key]


K = TypeVar("K")
V = TypeVar("V")


def _drop_oldest(memo: dict[K, V], limit: int) -> None:
    """Drop the entries of ``memo`` beyond the newest ``limit`` (dicts keep insertion order)."""
    for key in list(itertools.islice(memo, max(0, len(memo) - limit))):
        del memo[key]
