"""Per component: size every offer, cost it, apply the rules, and keep the eligible candidates.

Every offer that is not eligible is kept as an Exclusion with its reason, so "why not X" always
has an answer: a rule id, a fit problem, a missed SLO, an unknown price, or a constraint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor.candidates import Candidate
from advisor.costing import cost_component
from advisor.latency import component_latency
from advisor.offers import Offer, Venue
from advisor.privacy import privacy_level
from advisor.recommendation import Exclusion, Latency
from advisor.records import Cost, Sizing, Verdict
from advisor.rules import evaluate as evaluate_rules
from advisor.sizing import size_component
from advisor.workload import LoadedWorkload

DEFAULT_PUE = 1.58
DEFAULT_PUE_SOURCE = "Uptime Institute industry average PUE 1.58 (2023), used where a venue gives none"
CONSERVATIVE_GRID_KG_PER_KWH = 0.76
CONSERVATIVE_GRID_SOURCE = (
    "the highest grid factor in Cloud Carbon Footprint's region table (ap-southeast-2), so an unknown "
    "location is never scored cleaner than a known one"
)


@dataclass
class Row:
    """An eligible candidate and everything that explains it."""

    offer: Offer
    venue: Venue
    sizing: Sizing
    cost: Cost
    verdict: Verdict
    latency: Latency
    privacy: tuple[int, list[str]]
    carbon_kg_per_month: float | None
    candidate: Candidate
    notes: list[str] = field(default_factory=list)


@dataclass
class Evaluated:
    loaded: LoadedWorkload
    component: Any
    model: Any
    key: str
    rows: list[Row] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    considered: int = 0


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
) -> Evaluated:
    out = Evaluated(loaded=loaded, component=component, model=model, key=key, considered=len(offers))
    workload = loaded.workload
    usable: list[Offer] = []
    for offer in offers:
        venue = venues[offer.venue_id]
        why = _allowed(offer, venue, loaded, component, hardware)
        if why:
            out.exclusions.append(Exclusion(offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason="constraint", detail=why))
        else:
            usable.append(offer)
    if not usable:
        return out
    venue_ids = sorted({o.venue_id for o in usable})
    verdicts = evaluate_rules(ruleset, workload, component, [venues[v] for v in venue_ids], today)
    sizings = size_component(component, model, usable, hardware)
    users = list(getattr(component, "users", []))
    slo_ttft = getattr(getattr(component, "slo", None), "ttft_ms_p95", None)
    for offer, sizing in zip(usable, sizings, strict=True):
        venue = venues[offer.venue_id]
        verdict = verdicts[venue.id]
        excl = _exclusion(offer, venue, sizing, verdict)
        if excl is not None:
            out.exclusions.append(excl)
            continue
        latency = component_latency(users, venue, sizing.ttft_ms, sizing.tpot_ms)
        if slo_ttft is not None and latency.total_ms is not None and latency.total_ms > slo_ttft:
            out.exclusions.append(
                Exclusion(
                    offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason="slo",
                    detail=f"time to first token {latency.total_ms:.0f} ms (model {latency.ttft_ms:.0f} ms + network "
                    f"p95 {latency.network_rtt_ms or 0:.0f} ms) exceeds the SLO of {slo_ttft:g} ms",
                )
            )
            continue
        cost = cost_component(workload, component, sizing, offer, venue)
        if cost.usd_per_month is None:
            out.exclusions.append(
                Exclusion(offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason="unpriced", detail=cost.basis)
            )
            continue
        privacy = privacy_level(venue)
        carbon, carbon_notes = carbon_kg(sizing, venue)
        owed = [f.requirement for f in verdict.findings if f.requirement and f.status != "pass"]
        candidate = Candidate(
            component=key,
            workload=workload.workload.name,
            offer_id=offer.id,
            venue_id=venue.id,
            provider=offer.provider,
            kind=venue.kind,
            billing=offer.billing,
            units=max(1, sizing.units),
            usd_per_month=cost.usd_per_month,
            usd_per_million_tokens=cost.usd_per_million_output_tokens,
            network_rtt_ms=latency.network_rtt_ms,
            ttft_ms=latency.ttft_ms,
            tpot_ms=latency.tpot_ms,
            latency_ms=latency.total_ms if latency.total_ms is not None else latency.network_rtt_ms,
            slo_ttft_ms=slo_ttft,
            privacy_level=privacy[0],
            regulation_penalty=verdict.penalty,
            evidence_owed=len(owed),
            carbon_kg_per_month=carbon,
            capacity_pool=offer.id if offer.max_units is not None else None,
            capacity_units=offer.max_units,
            reliability=offer.reliability,
            critical=bool(getattr(component, "critical", False)),
        )
        out.rows.append(Row(offer, venue, sizing, cost, verdict, latency, privacy, carbon, candidate, carbon_notes))
    return out


def _exclusion(offer: Offer, venue: Venue, sizing: Sizing, verdict: Verdict) -> Exclusion | None:
    if verdict.vetoes:
        ids = tuple(f.rule_id for f in verdict.vetoes)
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in verdict.vetoes)
        return Exclusion(offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason="veto", detail=detail, rule_ids=ids)
    if verdict.status == "unknown":
        unknown = [f for f in verdict.findings if f.status == "unknown"]
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in unknown) or "data needed by a rule is missing"
        return Exclusion(
            offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason="unknown",
            detail="not placed while unknown: " + detail, rule_ids=tuple(f.rule_id for f in unknown),
        )
    if not sizing.feasible:
        kind = "slo" if sizing.reason and "SLO" in sizing.reason else "does-not-fit"
        return Exclusion(offer_id=offer.id, venue_id=venue.id, provider=offer.provider, reason=kind, detail=sizing.reason or "does not fit")
    return None


def _evidence(finding: Any) -> str:
    if not finding.evidence:
        return ""
    return " (" + ", ".join(f"{e.attribute}={e.value}" for e in finding.evidence) + ")"
