"""Per component: size every offer, cost it, apply the rules, and keep the eligible candidates.

Every offer that is not eligible is kept as an Exclusion with its reason, so "why not X" always
has an answer: a rule id, a fit problem, a missed SLO, an unknown price, or a constraint.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from advisor.candidates import Candidate
from advisor.costing import cost_component
from advisor.costing.component import Pricer
from advisor.latency import component_latency
from advisor.offers import Offer, Venue
from advisor.privacy import privacy_level
from advisor.recommendation import Exclusion, Latency
from advisor.records import Cost, Sizing, Verdict
from advisor.rules import evaluate as evaluate_rules
from advisor.sizing import Sizings, size_component
from advisor.trusted import trusted
from advisor.workload import LoadedWorkload

DEFAULT_PUE = 1.58
DEFAULT_PUE_SOURCE = "Uptime Institute industry average PUE 1.58 (2023), used where a venue gives none"
CONSERVATIVE_GRID_KG_PER_KWH = 0.76
CONSERVATIVE_GRID_SOURCE = (
    "the highest grid factor in Cloud Carbon Footprint's region table (ap-southeast-2), so an unknown "
    "location is never scored cleaner than a known one"
)


PUBLIC_PRIVACY_NOTE = (
    "public data only: the privacy criterion scores every venue in full, so it does not steer this component"
)
NOT_READ_BY_SIZING = frozenset({"users", "data_classes", "residency", "critical", "egress_gb_per_month"})
"""Component fields the sizing model never reads: components differing only here share one sizing."""
EXCLUSIONS_KEPT = 80
"""Exclusions kept per reason (the smallest offer ids, besides the first at each venue); every one is
counted. At least the most any reason lists (``assemble.EXCLUSIONS_PER_REASON``), which is all the
listing needs: it takes the first at each venue, then the smallest ids."""


class Row:
    """An eligible candidate and everything that explains it; the sizing and cost records are built
    when first read, since only the few rows a recommendation shows ever need them."""

    __slots__ = ("offer", "venue", "verdict", "latency", "privacy", "carbon_kg_per_month", "candidate", "notes",
                 "_sizings", "_index", "_component", "_sizing", "_cost")

    def __init__(self, offer: Offer, venue: Venue, sizings: Sizings, index: int, component: Any, verdict: Verdict,
                 latency: Latency, privacy: tuple[int, list[str]], carbon: float | None, candidate: Candidate,
                 notes: list[str]) -> None:
        self.offer, self.venue, self.verdict, self.latency, self.privacy = offer, venue, verdict, latency, privacy
        self.carbon_kg_per_month, self.candidate, self.notes = carbon, candidate, notes
        self._sizings, self._index, self._component = sizings, index, component
        self._sizing: Sizing | None = None
        self._cost: Cost | None = None

    @property
    def sizing(self) -> Sizing:
        if self._sizing is None:
            self._sizing = self._sizings[self._index]
        return self._sizing

    @property
    def cost(self) -> Cost:
        if self._cost is None:
            self._cost = cost_component(None, self._component, self.sizing, self.offer, self.venue)
        return self._cost


@dataclass
class Evaluated:
    loaded: LoadedWorkload
    component: Any
    model: Any
    key: str
    rows: list[Row] = field(default_factory=list)
    excluded_counts: Counter[str] = field(default_factory=Counter)
    rule_counts: Counter[str] = field(default_factory=Counter)
    venues_by_reason: dict[str, set[str]] = field(default_factory=dict)
    kept: dict[str, list[tuple[str, Exclusion]]] = field(default_factory=dict)
    first_per_venue: dict[tuple[str, str], Exclusion] = field(default_factory=dict)
    considered: int = 0
    source: Evaluated | None = None
    """The evaluation this one renames (its rows have the same offers, figures and order), if any."""

    @property
    def exclusions(self) -> list[Exclusion]:
        """The kept exclusions: per reason the first one at each venue and the ``EXCLUSIONS_KEPT`` smallest offer ids."""
        out = {e.offer_id + "|" + e.reason: e for e in self.first_per_venue.values()}
        out.update({e.offer_id + "|" + e.reason: e for reason in self.kept for _, e in self.kept[reason]})
        return [out[k] for k in sorted(out)]

    def exclude(self, offer: Offer, venue: Venue, reason: str, detail: str | Callable[[], str],
                rule_ids: tuple[str, ...] = ()) -> None:
        """Count the exclusion; build its record only while it is among the kept ones."""
        self.excluded_counts[reason] += 1
        self.rule_counts.update(rule_ids if reason == "veto" else ())
        self.venues_by_reason.setdefault(reason, set()).add(venue.id)
        first = (reason, venue.id) not in self.first_per_venue
        kept = self.kept.setdefault(reason, [])
        if not first and len(kept) >= EXCLUSIONS_KEPT and offer.id >= kept[-1][0]:
            return
        text = detail() if callable(detail) else detail
        excl = trusted(Exclusion, {"offer_id": offer.id, "venue_id": venue.id, "provider": offer.provider,
                                   "reason": reason, "detail": text, "rule_ids": tuple(rule_ids)})
        if first:
            self.first_per_venue[(reason, venue.id)] = excl
        bisect.insort(kept, (offer.id, excl), key=lambda pair: pair[0])
        del kept[EXCLUSIONS_KEPT:]


def _allowed(offer: Offer, venue: Venue, loaded: LoadedWorkload, component: Any, hardware: Any) -> str | None:
    """Why the workload's own constraints exclude this offer, or None."""
    c = loaded.workload.constraints
    if c.allowed_providers is not None and offer.provider not in c.allowed_providers:
        return f"provider '{offer.provider}' is not in constraints.allowed_providers"
    if offer.provider in c.excluded_providers:
        return f"provider '{offer.provider}' is in constraints.excluded_providers"
    if c.allowed_kinds is not None and venue.kind not in c.allowed_kinds:
        return f"venue kind '{venue.kind}' is not in constraints.allowed_kinds"
    if c.allowed_billing is not None and offer.billing not in c.allowed_billing:
        return f"billing '{offer.billing}' is not in constraints.allowed_billing"
    if component.hardware:
        wanted = {hardware.get(h).id for h in component.hardware if hardware.get(h) is not None}
        have = offer.hardware.accelerator or offer.hardware.cpu
        spec = hardware.get(have) if have else None
        if spec is None or spec.id not in wanted:
            return f"hardware '{have}' is not in the component's hardware list"
    return None


def carbon_kg(sizing: Sizing, venue: Venue) -> tuple[float | None, list[str]]:
    """Operational emissions: energy × PUE × grid factor (CCF method), and the assumptions made.

    A venue without a grid factor (an unknown DePIN location, a site that gives none) is charged the
    highest factor in the reference, so missing data never makes a venue look cleaner.
    """
    if sizing.energy_kwh_per_month is None:
        return None, ["carbon unknown: no power figure for this hardware"]
    notes = []
    pue = venue.pue
    if pue is None:
        pue = DEFAULT_PUE
        notes.append(f"PUE {DEFAULT_PUE} assumed ({DEFAULT_PUE_SOURCE})")
    grid = venue.grid_kgco2e_per_kwh
    if grid is None:
        grid = CONSERVATIVE_GRID_KG_PER_KWH
        notes.append(f"carbon is an estimate: grid factor unknown, {grid} kgCO2e/kWh assumed ({CONSERVATIVE_GRID_SOURCE})")
    return round(sizing.energy_kwh_per_month * pue * grid, 2), notes


class Shared:
    """What depends on the venue and the users only, kept for every component of one run: a portfolio
    asks the same (venue, metros) questions thousands of times."""

    def __init__(self) -> None:
        self.privacy: dict[str, tuple[int, list[str]]] = {}
        self.latency: dict[tuple, Latency] = {}
        self.pairs: dict[tuple, tuple] = {}
        self.prices: dict[tuple, tuple[float | None, float | None]] = {}
        self.evaluations: dict[tuple, tuple[Evaluated, Any]] = {}
        self._sizings: dict[tuple, Sizings] = {}

    def sizings(self, component: Any, model: Any, offers: list[Offer], hardware: Any) -> Sizings:
        """``size_component``, once per distinct (component as sizing reads it, model, offers)."""
        model_key = model.model_dump_json() if isinstance(model, BaseModel) else id(model)
        key = (component.model_dump_json(exclude=NOT_READ_BY_SIZING), model_key, tuple(o.id for o in offers))
        found = self._sizings.get(key)
        if found is None:
            found = self._sizings[key] = size_component(component, model, offers, hardware)
        return found


def evaluate_component(
    loaded: LoadedWorkload,
    component: Any,
    model: Any,
    offers: list[Offer],
    venues: dict[str, Venue],
    hardware: Any,
    ruleset: Any,
    today: date,
    key: str,
    shared: Shared | None = None,
) -> Evaluated:
    out = Evaluated(loaded=loaded, component=component, model=model, key=key, considered=len(offers))
    workload = loaded.workload
    usable: list[Offer] = []
    allowed: dict[tuple, str | None] = {}
    for offer in offers:
        venue = venues[offer.venue_id]
        hw = offer.hardware
        ck = (offer.provider, venue.kind, offer.billing, hw.accelerator, hw.cpu)
        why = allowed[ck] if ck in allowed else allowed.setdefault(ck, _allowed(offer, venue, loaded, component, hardware))
        if why:
            out.exclude(offer, venue, "constraint", why)
        else:
            usable.append(offer)
    if not usable:
        return out
    venue_ids = sorted({o.venue_id for o in usable})
    verdicts = evaluate_rules(ruleset, workload, component, [venues[v] for v in venue_ids], today)
    blocked = {v: _rule_exclusion(verdicts[v]) for v in venue_ids}
    shared = shared or Shared()
    sizings = shared.sizings(component, model, usable, hardware)
    memo_key, held = _evaluation_key(loaded, component, sizings, venue_ids, verdicts)
    memo_key += (id(offers), id(venues), id(ruleset), today)
    held += (offers, venues, ruleset)
    if memo_key in shared.evaluations:
        return _renamed(shared.evaluations[memo_key][0], out, verdicts)
    per_pair = _PerPair(component, shared)
    pricer = Pricer(component)
    public_only = set(workload.data_classes_of(component)) <= {"public"}
    per_unit, slots, sizings_id, egress_gb = sizings.per_unit, sizings.slots, id(sizings), pricer.egress_gb
    for i, offer in enumerate(usable):
        venue = venues[offer.venue_id]
        verdict = verdicts[venue.id]
        rule = blocked[venue.id]
        if rule is not None:
            out.exclude(offer, venue, *rule)
            continue
        slot = slots[i]
        figures = per_unit[slot]
        if not figures["feasible"]:
            reason = figures["reason"]
            kind = "slo" if reason and "SLO" in reason else "does-not-fit"
            out.exclude(offer, venue, kind, reason or "does not fit")
            continue
        pair = per_pair.get(venue, slot, sizings)
        if pair.slo_miss:
            out.exclude(offer, venue, "slo", pair.slo_miss)
            continue
        # components sharing a sizing table differ at most in egress among what pricing reads
        price_key = (sizings_id, i, egress_gb)
        priced = shared.prices.get(price_key)
        if priced is None:
            priced = shared.prices[price_key] = pricer.figures(sizings.template(slot), offer, venue)
        usd, per_million = priced
        if usd is None:
            out.exclude(offer, venue, "unpriced", lambda o=offer, v=venue, t=sizings.template(slot):
                        cost_component(workload, component, t, o, v).basis)
            continue
        static = pair.static
        if static is None:
            static = pair.static = _static_fields(key, workload.workload.name, venue, verdict, figures["units"], pair,
                                                  per_pair, public_only)
        candidate = trusted(Candidate, {
            **static,
            "offer_id": offer.id,
            "provider": offer.provider,
            "billing": offer.billing,
            "usd_per_month": usd,
            "usd_per_million_tokens": per_million,
            "capacity_pool": offer.id if offer.max_units is not None else None,
            "capacity_units": offer.max_units,
            "reliability": offer.reliability,
            "capital_usd_per_month": _capital(offer, figures["units"]),
        })
        if pair.notes is None:
            pair.notes = list(pair.carbon_notes) + ([PUBLIC_PRIVACY_NOTE] if public_only else [])
        out.rows.append(Row(offer, venue, sizings, i, component, verdict, pair.latency, pair.privacy, pair.carbon,
                            candidate, pair.notes))
    shared.evaluations[memo_key] = (out, held)
    return out


def _evaluation_key(loaded: LoadedWorkload, component: Any, sizings: Sizings, venue_ids: list[str],
                    verdicts: dict[str, Verdict]) -> tuple[tuple, tuple]:
    """What an evaluation depends on besides the workload's name: components of a portfolio that agree
    on it get the same rows and exclusions. The rules' judgements are compared by identity (the rule
    engine shares one per equal context and venue profile), so a rule reading the name still counts;
    ``held`` keeps those judgements alive while their ids key the memo."""
    workload = loaded.workload.model_dump_json(exclude={"workload": {"name"}, "components": True, "weights": True})
    judged = tuple((v, verdicts[v].status, id(verdicts[v].findings), verdicts[v].penalty) for v in venue_ids)
    key = (id(sizings), workload, component.model_dump_json(), judged)
    return key, (sizings, tuple(verdicts[v].findings for v in venue_ids))


def _renamed(source: Evaluated, out: Evaluated, verdicts: dict[str, Verdict]) -> Evaluated:
    """``source``'s rows and exclusions for another component that agrees on every input but its name."""
    out.excluded_counts = Counter(source.excluded_counts)
    out.rule_counts = Counter(source.rule_counts)
    out.venues_by_reason = {k: set(v) for k, v in source.venues_by_reason.items()}
    out.kept = {k: list(v) for k, v in source.kept.items()}
    out.first_per_venue = dict(source.first_per_venue)
    out.source = source
    names = {"component": out.key, "workload": out.loaded.workload.workload.name}
    out.rows = [Row(r.offer, r.venue, r._sizings, r._index, out.component, verdicts[r.venue.id], r.latency, r.privacy,
                    r.carbon_kg_per_month, trusted(Candidate, {**r.candidate.__dict__, **names}), r.notes)
                for r in source.rows]
    return out


def _static_fields(key: str, workload: str, venue: Venue, verdict: Verdict, units: int, pair: _Pair,
                   per_pair: _PerPair, public_only: bool) -> dict[str, Any]:
    """The candidate fields every offer of one (venue, sized unit) shares."""
    latency = pair.latency
    return {
        "component": key,
        "workload": workload,
        "venue_id": venue.id,
        "kind": venue.kind,
        "units": max(1, units),
        "network_rtt_ms": latency.network_rtt_ms,
        "ttft_ms": latency.ttft_ms,
        "tpot_ms": latency.tpot_ms,
        "latency_ms": latency.total_ms if latency.total_ms is not None else latency.network_rtt_ms,
        "slo_ttft_ms": per_pair.slo_ttft,
        # public data has nothing to protect: every venue scores full privacy (its real level is still shown)
        "privacy_level": 6 if public_only else pair.privacy[0],
        "regulation_penalty": verdict.penalty,
        "evidence_owed": per_pair.owed(verdict),
        "carbon_kg_per_month": pair.carbon,
        "critical": per_pair.critical,
    }


def _capital(offer: Offer, units: int) -> float | None:
    """Monthly capital of owned hardware still to be bought; None for everything else."""
    if offer.billing != "capex" or offer.owned is None or offer.owned.capex_usd is None:
        return None
    from advisor.costing.owned import capital_per_month

    return capital_per_month(offer.owned) * max(1, units)


@dataclass
class _Pair:
    """What one (venue, sized unit) gives every offer selling that unit there."""

    latency: Latency
    slo_miss: str | None
    privacy: tuple[int, list[str]]
    carbon: float | None
    carbon_notes: list[str]
    static: dict[str, Any] | None = None
    notes: list[str] | None = None


class _PerPair:
    """Latency, SLO check, privacy and carbon per (venue, unit): the same for every offer of the pair."""

    def __init__(self, component: Any, shared: Shared) -> None:
        self.users = list(getattr(component, "users", []))
        self.users_key = tuple((u.metro, u.share, u.access) for u in self.users)
        self.shared = shared
        self.slo_ttft = getattr(getattr(component, "slo", None), "ttft_ms_p95", None)
        self.critical = bool(getattr(component, "critical", False))
        self._pairs: dict[tuple[str, int], _Pair] = {}
        self._owed: dict[int, int] = {}

    def get(self, venue: Venue, slot: int, sizings: Sizings) -> _Pair:
        pair = self._pairs.get((venue.id, slot))
        if pair is None:
            # components sharing a sizing table, users and SLO share what a pair gives (not its candidate fields)
            sk = (id(sizings), slot, venue.id, self.users_key, self.slo_ttft)
            core = self.shared.pairs.get(sk)
            if core is None:
                core = self.shared.pairs[sk] = self._core(venue, sizings.template(slot))
            pair = self._pairs[(venue.id, slot)] = _Pair(*core)
        return pair

    def _core(self, venue: Venue, sizing: Sizing) -> tuple:
        lk = (self.users_key, venue.id, sizing.ttft_ms, sizing.tpot_ms)
        latency = self.shared.latency.get(lk)
        if latency is None:
            latency = self.shared.latency[lk] = component_latency(self.users, venue, sizing.ttft_ms, sizing.tpot_ms)
        privacy = self.shared.privacy.get(venue.id)
        if privacy is None:
            privacy = self.shared.privacy[venue.id] = privacy_level(venue)
        miss = None
        if self.slo_ttft is not None and latency.total_ms is not None and latency.total_ms > self.slo_ttft:
            miss = (f"time to first token {latency.total_ms:.0f} ms (model {latency.ttft_ms:.0f} ms + network "
                    f"p95 {latency.network_rtt_ms or 0:.0f} ms) exceeds the SLO of {self.slo_ttft:g} ms")
        carbon, notes = carbon_kg(sizing, venue)
        return latency, miss, privacy, carbon, notes

    def owed(self, verdict: Verdict) -> int:
        n = self._owed.get(id(verdict))
        if n is None:
            n = self._owed[id(verdict)] = sum(1 for f in verdict.findings if f.requirement and f.status != "pass")
        return n


def _rule_exclusion(verdict: Verdict) -> tuple[str, str, tuple[str, ...]] | None:
    """(reason, detail, rule ids) when the rules keep a venue out, else None."""
    if verdict.vetoes:
        ids = tuple(f.rule_id for f in verdict.vetoes)
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in verdict.vetoes)
        return "veto", detail, ids
    if verdict.status == "unknown":
        unknown = [f for f in verdict.findings if f.status == "unknown"]
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in unknown) or "data needed by a rule is missing"
        return "unknown", "not placed while unknown: " + detail, tuple(f.rule_id for f in unknown)
    return None


def _evidence(finding: Any) -> str:
    if not finding.evidence:
        return ""
    return " (" + ", ".join(f"{e.attribute}={e.value}" for e in finding.evidence) + ")"
