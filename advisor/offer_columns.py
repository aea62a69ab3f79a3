"""What evaluation reads of each gathered offer, read once per run into arrays.

Every component of a run asks the same questions of the same 10^5 offers (which venue, provider and
unit, what hourly price); answering them once lets each component work on numpy columns instead of
touching every offer record again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from advisor.costing.cloud import INTERRUPTIBLE, hourly_price, interruption_overhead, subscription_monthly
from advisor.costing.component import OWNED_BILLING
from advisor.costing.egress import OVERRIDE_KEY
from advisor.offers import Offer, Venue

NAN = float("nan")


class Codes:
    """Distinct values numbered in order of first appearance."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.code: dict[Any, int] = {}

    def add(self, value: Any) -> int:
        found = self.code.get(value)
        if found is None:
            found = self.code[value] = len(self.values)
            self.values.append(value)
        return found


class OfferColumns:
    """Per offer: codes of its venue, provider and unit, its hourly price as a float, and what marks
    it for the slow path (owned terms, an egress override on the offer)."""

    def __init__(self, offers: Sequence[Offer], venues: Mapping[str, Venue]) -> None:
        self.offers = offers
        n = len(offers)
        self.ids = [o.id for o in offers]
        venue_codes, provider_codes, unit_codes, billing_codes = Codes(), Codes(), Codes(), Codes()
        by_object: dict[tuple[int, str], int] = {}
        unit_first: list[int] = []
        venue, provider, unit, bill = (np.empty(n, dtype=np.int64) for _ in range(4))
        hourly = np.full(n, NAN)
        slow: list[int] = []
        for i, o in enumerate(offers):
            venue[i] = venue_codes.add(o.venue_id)
            provider[i] = provider_codes.add(o.provider)
            hw, billing = o.hardware, o.billing
            bill[i] = billing_codes.add(billing)
            fast = (id(hw), billing)
            code = by_object.get(fast)
            if code is None:
                key = (hw.accelerator, hw.accelerator_count, hw.accelerator_memory_gib, hw.cpu, hw.cpu_sockets,
                       hw.memory_gib, billing)
                code = by_object[fast] = unit_codes.add(key)
                if code == len(unit_first):
                    unit_first.append(i)
            unit[i] = code
            price = o.usd_per_hour
            if price is not None:
                hourly[i] = float(price)
            if billing in _SPECIAL or o.attributes or o.owned is not None or price is None:
                slow.append(i)
        self.venue, self.provider, self.unit, self.billing = venue, provider, unit, bill
        self.billings: list[str] = billing_codes.values
        self.venue_ids: list[str] = venue_codes.values
        self.venue_code: dict[str, int] = venue_codes.code
        self.providers: list[str] = provider_codes.values
        self.unit_keys: list[tuple] = unit_codes.values
        self.unit_first = np.array(unit_first, dtype=np.int64)
        """The first offer selling each unit: sizing resolves a unit from it."""
        self.venue_kind = np.array([venues[v].kind if v in venues else "" for v in self.venue_ids], dtype=object)
        self.hourly = hourly
        self.overhead = np.zeros(n)
        self.subscription = np.full(n, NAN)
        self.owned = np.zeros(n, dtype=bool)
        """Owned hardware (capex or owned billing with terms): priced by ``cost_component`` itself."""
        self.has_terms = np.zeros(n, dtype=bool)
        self.egress_override = np.zeros(n, dtype=bool)
        self.pooled = np.array([o.max_units is not None for o in offers], dtype=bool)
        for i in slow:
            self._read_slow(i, offers[i])
        self._rank: np.ndarray | None = None
        self._index: dict[str, int] | None = None
        self._combos: tuple[np.ndarray, np.ndarray] | None = None
        self._unit_offers: list[Offer] | None = None

    @property
    def unit_offers(self) -> list[Offer]:
        """An offer selling each unit, by unit code."""
        if self._unit_offers is None:
            self._unit_offers = [self.offers[i] for i in self.unit_first.tolist()]
        return self._unit_offers

    @property
    def combos(self) -> tuple[np.ndarray, np.ndarray]:
        """Offers by (provider, venue, unit): the first offer of each combination and each offer's
        combination; a workload's own constraints read nothing else."""
        if self._combos is None:
            comb = (self.provider * len(self.venue_ids) + self.venue) * len(self.unit_keys) + self.unit
            _, first, inverse = np.unique(comb, return_index=True, return_inverse=True)
            self._combos = (first, inverse)
        return self._combos

    def _read_slow(self, i: int, o: Offer) -> None:
        self.has_terms[i] = o.owned is not None
        self.owned[i] = o.billing in OWNED_BILLING and o.owned is not None
        if o.usd_per_hour is None:
            h = hourly_price(o)
            self.hourly[i] = NAN if h is None else float(h)
        if o.billing in INTERRUPTIBLE:
            self.overhead[i] = interruption_overhead(o)[0]
        if o.billing == "subscription":
            per_unit = subscription_monthly(o)[0]
            self.subscription[i] = NAN if per_unit is None else per_unit
        self.egress_override[i] = o.attributes.get(OVERRIDE_KEY) is not None

    def billed(self, names: frozenset[str] | set[str]) -> np.ndarray:
        """Per billing code: is it one of ``names``."""
        return np.array([b in names for b in self.billings], dtype=bool)

    @property
    def rank(self) -> np.ndarray:
        """Each offer's position in offer-id order (string order, as the records compare)."""
        if self._rank is None:
            ids = self.ids
            if all(a < b for a, b in zip(ids, ids[1:])):
                self._rank = np.arange(len(ids))
            else:
                order = sorted(range(len(ids)), key=ids.__getitem__)
                rank = np.empty(len(ids), dtype=np.int64)
                rank[order] = np.arange(len(ids))
                self._rank = rank
        return self._rank

    def index(self, offer_id: str) -> int:
        if self._index is None:
            self._index = {k: i for i, k in enumerate(self.ids)}
        return self._index[offer_id]


_SPECIAL = frozenset({*OWNED_BILLING, *INTERRUPTIBLE, "subscription"})
