"""What evaluation reads of each gathered offer, read once per run into arrays.

Every component of a run asks the same questions of the same 10^5 offers (which venue, provider and
unit, what hourly price); answering them once lets each component work on numpy columns instead of
touching every offer record again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from operator import attrgetter
from typing import Any

import numpy as np

from advisor.costing.cloud import INTERRUPTIBLE
from advisor.costing.columns import OWNED_BILLING, price_fields
from advisor.model.offers import Offer, Venue, gpus_per_server, is_shared_box
from advisor.sizing.devices import unit_key

NAN = float("nan")


def _codes(values: Iterable[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each value's code (distinct values numbered in order of first appearance) and the values; an
    iterator is read as it goes (only the first of each distinct value is kept)."""
    seen: dict[Any, int] = {}
    codes = np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)
    return codes, list(seen)


_FIELDS = attrgetter("id", "venue_id", "provider", "billing", "hardware", "usd_per_hour", "owned", "attributes",
                     "max_units", "tokens")
_CHUNK = 1 << 16


def _read_fields(records: Sequence[Offer]) -> list[list[Any]]:
    """The ``_FIELDS`` of ``records``, one list per field, transposed a chunk of records at a time: all
    at once would hold a 10-tuple per offer (120 bytes, 115 MiB at 10^6 offers) besides the lists."""
    columns: list[list[Any]] = [[] for _ in range(10)]
    for start in range(0, len(records), _CHUNK):
        for column, values in zip(columns, zip(*map(_FIELDS, records[start:start + _CHUNK]))):
            column.extend(values)
    return columns


class OfferColumns:
    """Per offer: codes of its venue, provider, billing and unit, its hourly price as a float, and
    what marks it for the slow path (owned terms, an egress override, a price not given hourly)."""

    def __init__(self, offers: Sequence[Offer], venues: Mapping[str, Venue]) -> None:
        self.offers = offers
        n = len(offers)
        # Read the records in memory order (a CPython id is an address), then put each column in list
        # order: gathered offers are sorted by id, and reading 10^5 records in that order jumps around
        # memory (three to five times slower in benchmarks). Only speed depends on it.
        order = np.argsort(np.fromiter(map(id, offers), dtype=np.int64, count=n), kind="stable")
        back = np.empty(n, dtype=np.int64)
        back[order] = np.arange(n)
        self._by_address = np.fromiter(offers, dtype=object, count=n)[order].tolist()  # no int per offer
        """Held after ``offers`` (attributes are released in order): when this holds the last reference,
        the records are freed in memory order too, a third faster than in id order."""
        ids, venue_ids, providers, billings, hardware, prices, owned, attributes, max_units, tokens = (
            _read_fields(self._by_address))
        self.ids: Sequence[str] = np.array(ids, dtype=object)[back].tolist()
        venue, self.venue_ids = _codes(venue_ids)
        self.venue = venue[back]
        self.venue_code = {v: i for i, v in enumerate(self.venue_ids)}
        provider, self.providers = _codes(providers)
        self.provider = provider[back]
        del ids, venue_ids, providers  # each column read: its list of 10^6 references goes
        billing, self.billings = _codes(billings)
        self.billing = billing[back]
        # a unit is what sizing.unit_codes numbers: equal hardware figures under equal billing
        packed = [is_shared_box(o) for o in self._by_address]
        servers = [o.attributes.get("gpus_per_server") and gpus_per_server(o) for o in self._by_address]
        sold, pairs = _codes(zip(map(id, hardware), billings, map(id, tokens), packed, servers))
        _, first_sold = np.unique(sold, return_index=True)
        value_code: dict[tuple[object, ...], int] = {}
        unit_of_sold = np.empty(len(pairs), dtype=np.int64)
        unit_first: list[int] = []
        for k, i in enumerate(first_sold.tolist()):
            hw = hardware[i]
            key = unit_key(hw, billings[i], tokens[i], packed[i], servers[i] or None)
            if key not in value_code:
                value_code[key] = len(unit_first)
                unit_first.append(int(order[i]))
            unit_of_sold[k] = value_code[key]
        del hardware, billings, tokens, packed, servers
        self.unit = unit_of_sold[sold][back] if n else np.zeros(0, dtype=np.int64)
        self.unit_keys: list[tuple[object, ...]] = list(value_code)
        self.unit_first = np.array(unit_first, dtype=np.int64)
        """An offer selling each unit: sizing resolves a unit from it."""
        self.venue_kind = np.array([venues[v].kind if v in venues else "" for v in self.venue_ids], dtype=object)
        self.hourly = np.fromiter((NAN if p is None else float(p) for p in prices), dtype=float, count=n)[back]
        del prices
        self.overhead = np.zeros(n)
        self.subscription = np.full(n, NAN)
        self.owned = np.zeros(n, dtype=bool)
        """Owned hardware (capex or owned billing with terms): billed its TCO (``costing.columns.bill``)."""
        self.has_terms = np.zeros(n, dtype=bool)
        self.egress_override = np.zeros(n, dtype=bool)
        self.pooled = np.fromiter((m is not None for m in max_units), dtype=bool, count=n)[back]
        special = self.billed(_SPECIAL)[self.billing] | np.isnan(self.hourly)
        special |= np.fromiter((bool(a) or o is not None for a, o in zip(attributes, owned)), dtype=bool, count=n)[back]
        del max_units, attributes, owned
        for i in np.flatnonzero(special).tolist():
            self._read_slow(i, offers[i])
        self._rank: np.ndarray | None = None
        self._index: dict[str, int] | None = None
        self._combos: tuple[np.ndarray, np.ndarray] | None = None
        self._unit_offers: list[Offer] | None = None

    def rows(self, idx: np.ndarray) -> OfferRows:
        """Offers ``idx`` (a component's rows, say) read through named accessors."""
        return OfferRows(self, idx)

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

    @cached_property
    def commitment_months(self) -> np.ndarray:
        """Each offer's commitment in months (0 when none): the terms a decision's horizon may not hold."""
        return np.array([o.commitment_months or 0 for o in self.offers], dtype=np.int64)

    def ids_of(self, idx: np.ndarray) -> Sequence[str]:
        """The ids of offers ``idx``, looked up when read."""
        return _Ids(self.ids, idx)

    def _read_slow(self, i: int, o: Offer) -> None:
        self.has_terms[i] = o.owned is not None
        self.hourly[i], self.overhead[i], self.subscription[i], self.owned[i], self.egress_override[i] = price_fields(o)

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


class OfferRows:
    """A selection of offers (one entry per row, ``idx`` into the columns) through named accessors:
    what stages after evaluation read of the offers behind their rows, so none indexes the layout."""

    def __init__(self, cols: OfferColumns, idx: np.ndarray) -> None:
        self.cols, self.idx = cols, idx

    def __len__(self) -> int:
        return len(self.idx)

    def _at(self, column: np.ndarray) -> np.ndarray:
        found: np.ndarray = column[self.idx]
        return found

    def offer(self, j: int) -> Offer:
        """The offer record of row ``j``."""
        return self.cols.offers[int(self.idx[j])]

    @property
    def ids(self) -> Sequence[str]:
        """Each row's offer id, looked up when read."""
        return self.cols.ids_of(self.idx)

    @property
    def provider(self) -> np.ndarray:
        """Each row's provider code (numbers the providers of the whole run: ``providers`` of them)."""
        return self._at(self.cols.provider)

    @property
    def providers(self) -> int:
        return len(self.cols.providers)

    @property
    def rank(self) -> np.ndarray:
        """Each row's position in offer-id order among all the run's offers."""
        return self._at(self.cols.rank)

    @property
    def pooled(self) -> np.ndarray:
        """Rows whose offer sells a capacity pool (``max_units``)."""
        return self._at(self.cols.pooled)

    @property
    def has_terms(self) -> np.ndarray:
        """Rows whose offer carries owned-hardware terms."""
        return self._at(self.cols.has_terms)

    @property
    def venue_kind(self) -> np.ndarray:
        """Each row's venue kind (cloud, onprem, edge, depin, api)."""
        return self.cols.venue_kind[self._at(self.cols.venue)]  # type: ignore[no-any-return]

    @property
    def unit(self) -> np.ndarray:
        """Each row's unit code, an index into ``unit_keys``."""
        return self._at(self.cols.unit)

    @property
    def unit_keys(self) -> list[tuple[object, ...]]:
        """The run's distinct units (``sizing.devices.unit_key``), by unit code."""
        return self.cols.unit_keys

    @property
    def billing(self) -> np.ndarray:
        """Each row's billing code (numbers the run's billing terms from 0)."""
        return self._at(self.cols.billing)

    def billed(self, names: frozenset[str] | set[str]) -> np.ndarray:
        """Rows billed under one of ``names``."""
        return self.cols.billed(names)[self._at(self.cols.billing)]  # type: ignore[no-any-return]

    def on_shared_box(self) -> np.ndarray:
        """Rows on a shared box (a pooled offer the sites file marks ``shared = true``)."""
        out = np.asarray(self.pooled, dtype=bool).copy()
        for j in np.flatnonzero(out).tolist():
            out[j] = bool(self.offer(j).attributes.get("shared"))
        return out


class _Ids(Sequence[str]):
    def __init__(self, ids: Sequence[str], idx: np.ndarray) -> None:
        self.ids, self.idx = ids, idx

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self.ids[i] for i in self.idx[k].tolist()]
        return self.ids[self.idx[k]]
