"""One component's evaluation: eligible candidates as columns, exclusions kept with their reasons.

Eligible offers stay numpy columns (which offer, which (venue, unit) pair, its price) through
scoring, ranking, Pareto and pruning; the ``Candidate`` and ``Row`` records are built only for the
few a recommendation shows or the MILP needs.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np

from advisor.model.candidates import Candidate
from advisor.costing.columns import Bill
from advisor.costing.component import stated_cost
from advisor.costing.availability import expected_share
from advisor.evaluation.boxes import NOT_SHARED, shared_box_fields
from advisor.catalog.columns import OfferColumns, OfferRows
from advisor.model.offers import Offer, Venue, is_shared_box
from advisor.evaluation.pairs import PUBLIC_PRIVACY_NOTE, Pair, static_fields
from advisor.model.recommendation import Exclusion, Latency
from advisor.model.records import Cost, Sizing, Verdict
from advisor.sizing import Sizings
from advisor.trusted import trusted
from advisor.model.specs import ClosedModel, ModelSpec
from advisor.model.workload import Component, LoadedWorkload

EXCLUSIONS_KEPT = 80
"""Exclusions kept per reason (the smallest offer ids, besides the first at each venue); every one is
counted. At least the most any reason lists (``assemble.EXCLUSIONS_PER_REASON``), which is all the
listing needs: it takes the first at each venue, then the smallest ids."""


class Row:
    """An eligible candidate and everything that explains it; the sizing and cost records are built
    when first read, since only the few rows a recommendation shows ever need them."""

    __slots__ = ("offer", "venue", "verdict", "latency", "privacy", "carbon_kg_per_month", "candidate", "notes",
                 "_sizings", "_index", "_component", "_sizing", "_cost", "_bill", "horizon_months")

    def __init__(self, offer: Offer, venue: Venue, sizings: Sizings, index: int, component: Component, verdict: Verdict,
                 latency: Latency, privacy: tuple[int, list[str]], carbon: float | None, candidate: Candidate,
                 notes: list[str], bill: tuple[float, float]) -> None:
        self.offer, self.venue, self.verdict, self.latency, self.privacy = offer, venue, verdict, latency, privacy
        self.carbon_kg_per_month, self.candidate, self.notes = carbon, candidate, notes
        self._sizings, self._index, self._component = sizings, index, component
        self._sizing: Sizing | None = None
        self._cost: Cost | None = None
        self._bill = bill
        """The row's (compute, egress) dollars as the pipeline billed them; its ``Cost`` states them."""
        self.horizon_months: int | None = None
        """Set when the workload keeps commitments beyond its horizon: they are costed at their obligation."""

    @property
    def sizing(self) -> Sizing:
        if self._sizing is None:
            self._sizing = self._sizings[self._index]
        return self._sizing

    @property
    def cost(self) -> Cost:
        if self._cost is None:
            self._cost = stated_cost(self._component, self.sizing, self.offer, self.venue, *self._bill,
                                     horizon_months=self.horizon_months)
        return self._cost




@dataclass
class Table:
    """The eligible candidates of one evaluation as columns, in offer order."""

    cols: OfferColumns
    sizings: Sizings
    offer: np.ndarray
    """Index into ``cols.offers`` per row."""
    use: np.ndarray
    """Index into ``sizings`` per row."""
    pair: np.ndarray
    pairs: list[Pair]
    usd: np.ndarray
    per_million: np.ndarray
    """NaN where there is no figure (no token demand)."""
    bill: Bill
    """What ``usd`` states, before rounding: each row's compute and egress dollars."""
    raw: np.ndarray
    """``scoring.raw_matrix`` of the rows' candidates, computed from the columns."""
    standby: np.ndarray | None = None
    """What holding each row as a failover costs a month (``advisor.costing.standby``); None: its full cost."""
    reference: float | None = None
    """The cheapest way to run the component, riding on a shared box included; None: the cheapest row."""
    statics: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)
    """Per pair index, the candidate fields every offer of the pair shares, once a candidate of it is
    built (here, not on the pair: other evaluations share the pairs)."""
    notes: dict[int, list[str]] = field(default_factory=dict, repr=False)
    """Per pair index, the notes of its rows, once a row of it is built."""

    def __len__(self) -> int:
        return len(self.offer)

    @property
    def offers(self) -> OfferRows:
        """The offers behind the rows, read through named accessors (``catalog.columns`` owns the layout)."""
        return self.cols.rows(self.offer)

    @property
    def cost_reference(self) -> float:
        """What the cost criterion scores the rows against: the cheapest eligible monthly cost, or less
        where the component could ride on a shared box someone else pays for."""
        return float(self.usd.min()) if self.reference is None else self.reference

    def restricted(self, rows: np.ndarray) -> Table:
        """The table of ``rows`` alone (increasing row numbers), its figures unchanged: the cost
        reference stays the whole table's, and only the (venue, unit) pairs of those rows are kept."""
        used, pair = np.unique(self.pair[rows], return_inverse=True)
        return Table(cols=self.cols, sizings=self.sizings, offer=self.offer[rows], use=self.use[rows],
                     pair=pair.reshape(-1), pairs=[self.pairs[p] for p in used.tolist()], usd=self.usd[rows],
                     per_million=self.per_million[rows], bill=Bill(self.bill.compute[rows], self.bill.egress[rows]),
                     raw=self.raw[rows], standby=None if self.standby is None else self.standby[rows],
                     reference=self.cost_reference)


@dataclass
class Evaluated:
    loaded: LoadedWorkload
    component: Component
    model: ModelSpec | ClosedModel
    key: str
    table: Table | None = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    excluded_counts: Counter[str] = field(default_factory=Counter)
    rule_counts: Counter[str] = field(default_factory=Counter)
    venues_by_reason: dict[str, set[str]] = field(default_factory=dict)
    kept: dict[str, list[tuple[str, Exclusion]]] = field(default_factory=dict)
    first_per_venue: dict[tuple[str, str], Exclusion] = field(default_factory=dict)
    considered: int = 0
    source: Evaluated | None = None
    """The evaluation this one renames (its rows have the same offers, figures and order), if any."""
    _rows: dict[int, Row] = field(default_factory=dict, init=False, repr=False)
    _position: np.ndarray | None = field(default=None, init=False, repr=False)

    @property
    def rows(self) -> Rows:
        """Every eligible row, built on first read (``len`` and truth need none built)."""
        return Rows(self)

    @property
    def size(self) -> int:
        return 0 if self.table is None else len(self.table)

    @property
    def rows_table(self) -> Table:
        """The columns of an evaluation that has rows: whoever holds a row index knows there is a table."""
        assert self.table is not None, "an evaluation without eligible rows has no row to read"
        return self.table

    def row(self, j: int) -> Row:
        found = self._rows.get(j)
        if found is None:
            t = self.rows_table
            k = int(t.pair[j])
            pair = t.pairs[k]
            offer = t.offers.offer(j)
            found = self._rows[j] = Row(offer, pair.venue, t.sizings, int(t.use[j]), self.component,
                                        self.verdicts[pair.venue.id], pair.latency, pair.privacy, pair.carbon,
                                        self.candidate(j, offer), self._notes(k),
                                        (float(t.bill.compute[j]), float(t.bill.egress[j])))
            info = self.loaded.workload.workload
            found.horizon_months = info.horizon_months if info.allow_commitment_beyond_horizon else None
        return found

    @property
    def public_only(self) -> bool:
        """Public data only: every venue scores full privacy."""
        return set(self.loaded.workload.data_classes_of(self.component)) <= {"public"}

    def _shared_fields(self, k: int) -> dict[str, Any]:
        """Pair ``k``'s candidate fields (the source evaluation's: a renamed one agrees on all but names)."""
        t = self.rows_table
        found = t.statics.get(k)
        if found is None:
            pair, src = t.pairs[k], self.source or self
            found = t.statics[k] = static_fields(src.key, src.loaded.workload.workload.name, pair.venue,
                                                 src.verdicts[pair.venue.id], pair.units, pair, src.component,
                                                 src.public_only)
        return found

    def _notes(self, k: int) -> list[str]:
        t = self.rows_table
        found = t.notes.get(k)
        if found is None:
            found = t.notes[k] = list(t.pairs[k].carbon_notes) + ([PUBLIC_PRIVACY_NOTE] if self.public_only else [])
        return found

    def candidate(self, j: int, offer: Offer | None = None) -> Candidate:
        """Row ``j``'s candidate (the row's own when the row is built)."""
        if j in self._rows:
            return self._rows[j].candidate
        t = self.rows_table
        offer = offer or t.offers.offer(j)
        static = self._shared_fields(int(t.pair[j]))
        return trusted(Candidate, {
            **static,
            "component": self.key,
            "workload": self.loaded.workload.workload.name,
            "offer_id": offer.id,
            "provider": offer.provider,
            "billing": offer.billing,
            "usd_per_month": float(t.usd[j]),
            "cost_reference_usd": t.cost_reference,
            "standby_usd_per_month": None if t.standby is None else float(t.standby[j]),
            "usd_per_million_tokens": None if np.isnan(t.per_million[j]) else float(t.per_million[j]),
            "capacity_pool": offer.id if offer.max_units is not None or is_shared_box(offer) else None,
            "capacity_units": offer.max_units,
            "reliability": offer.reliability,
            "availability": expected_share(offer, static["kind"]),
            "capital_usd_per_month": _capital(offer, static["units"]),
            **self._shared_box(j, offer, static["units"]),
        })

    def _shared_box(self, j: int, offer: Offer, units: int) -> dict[str, Any]:
        """A shared box's fields (``advisor.evaluation.boxes``); ``NOT_SHARED`` for any other offer."""
        if not is_shared_box(offer):
            return NOT_SHARED
        t = self.rows_table
        sizing = t.sizings[int(t.use[j])]
        carbon = self._shared_fields(int(t.pair[j]))["carbon_kg_per_month"]
        training = getattr(self.component, "kind", None) in ("training", "fine-tune")
        info = self.loaded.workload.workload
        horizon = info.horizon_months if info.allow_commitment_beyond_horizon else None
        return shared_box_fields(offer, sizing, units, training, carbon, horizon, t.pairs[int(t.pair[j])].venue)

    def position(self, offer_id: str) -> int:
        """The row of an eligible offer."""
        t = self.rows_table
        if self._position is None:
            self._position = np.full(len(t.cols.ids), -1, dtype=np.int64)
            self._position[t.offer] = np.arange(len(t))
        j = int(self._position[t.cols.index(offer_id)])
        if j < 0:
            raise KeyError(offer_id)
        return j

    def keep_only(self, rows: np.ndarray, listed: Sequence[Exclusion]) -> None:
        """Drop every eligible row but ``rows`` and every kept exclusion but ``listed``: a portfolio's
        digest (``advisor.assembly.digest``), what placement and assembly read of it. The counts stay."""
        if self.table is not None:
            self.table = self.table.restricted(rows)
        self.kept = {}
        for e in sorted(listed, key=lambda e: e.offer_id):
            self.kept.setdefault(e.reason, []).append((e.offer_id, e))
        self.first_per_venue = {}
        self._rows, self._position = {}, None
        self.keep_read_verdicts()

    def keep_read_verdicts(self) -> None:
        """Drop the rules' verdicts of venues no row is at (rows read their venue's; a renamed evaluation
        keeps its own verdicts over its source's rows)."""
        pairs = [] if self.table is None else self.table.pairs
        self.verdicts = {p.venue.id: self.verdicts[p.venue.id] for p in pairs}

    @property
    def exclusions(self) -> list[Exclusion]:
        """The kept exclusions: per reason the first one at each venue and the ``EXCLUSIONS_KEPT`` smallest offer ids."""
        out = {e.offer_id + "|" + e.reason: e for e in self.first_per_venue.values()}
        out.update({e.offer_id + "|" + e.reason: e for reason in self.kept for _, e in self.kept[reason]})
        return [out[k] for k in sorted(out)]

    def exclude_all(self, reason: str, cols: OfferColumns, venues: Mapping[str, Venue], idx: np.ndarray,
                    detail: Callable[[int], str], rule_ids: Callable[[int], tuple[str, ...]] = lambda k: (),
                    built: dict[int, Exclusion] | None = None) -> None:
        """Count the exclusion of offers ``idx`` (in the order met) and keep the records of the smallest ids
        and the first at each venue; ``detail(k)`` and ``rule_ids(k)`` for the ``k``-th of them, asked only
        of those whose record is kept. The rule counts are the caller's. ``built``: the records already
        built by the ``k`` of an earlier call with the same offers and words (shared, and added to).
        ``tests/oracles.exclude_one`` is the one-by-one definition."""
        if not len(idx):
            return
        self.excluded_counts[reason] += len(idx)
        codes = cols.venue[idx]
        distinct, first_at = np.unique(codes, return_index=True)
        self.venues_by_reason.setdefault(reason, set()).update(cols.venue_ids[c] for c in distinct.tolist())
        built = {} if built is None else built

        def record(k: int) -> Exclusion:
            if k not in built:
                offer = cols.offers[int(idx[k])]
                built[k] = _exclusion(offer, venues[offer.venue_id], reason, detail(k), rule_ids(k))
            return built[k]

        for code, k in zip(distinct.tolist(), first_at.tolist()):
            if (reason, cols.venue_ids[code]) not in self.first_per_venue:
                self.first_per_venue[(reason, cols.venue_ids[code])] = record(k)
        smallest = np.argsort(cols.rank[idx])[:EXCLUSIONS_KEPT]
        kept = self.kept.setdefault(reason, [])
        for k in smallest.tolist():
            oid = cols.ids[int(idx[k])]
            if len(kept) >= EXCLUSIONS_KEPT and oid >= kept[-1][0]:
                break
            bisect.insort(kept, (oid, record(k)), key=lambda pair: pair[0])
            del kept[EXCLUSIONS_KEPT:]


class Rows(Sequence[Row]):
    """An evaluation's eligible rows, each built when first read."""

    def __init__(self, ev: Evaluated) -> None:
        self.ev = ev

    def __len__(self) -> int:
        return self.ev.size

    @overload
    def __getitem__(self, j: int) -> Row: ...

    @overload
    def __getitem__(self, j: slice) -> list[Row]: ...

    def __getitem__(self, j: int | slice) -> Row | list[Row]:
        if isinstance(j, slice):
            return [self.ev.row(k) for k in range(*j.indices(len(self)))]
        if j < 0:
            j += len(self)
        if not 0 <= j < len(self):
            raise IndexError(j)
        return self.ev.row(j)

    def __iter__(self) -> Iterator[Row]:
        return (self.ev.row(j) for j in range(len(self)))


def _exclusion(offer: Offer, venue: Venue, reason: str, detail: str, rule_ids: tuple[str, ...]) -> Exclusion:
    return trusted(Exclusion, {"offer_id": offer.id, "venue_id": venue.id, "provider": offer.provider,
                               "reason": reason, "detail": detail, "rule_ids": tuple(rule_ids)})


def _capital(offer: Offer, units: int) -> float | None:
    """Monthly capital of owned hardware still to be bought; None for everything else."""
    if offer.billing != "capex" or offer.owned is None or offer.owned.capex_usd is None:
        return None
    from advisor.costing.owned import capital_per_month

    return capital_per_month(offer.owned) * max(1, units)


def source_key(ev: Evaluated) -> tuple[str, str]:
    """Which evaluation built ``ev``'s rows and exclusions (itself, or the one it renames): its workload
    and key, unique across a run and across the groups of an inventory task that share evaluations."""
    src = ev.source or ev
    return src.loaded.workload.workload.name, src.key
