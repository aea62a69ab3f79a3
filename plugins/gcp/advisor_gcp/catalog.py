"""GCP offers: each machine in each region and usage type, priced from catalog SKUs or, in the
embedded snapshot, from a published whole-machine total, whichever is dated later."""

from __future__ import annotations

from collections.abc import Mapping

from advisor.plugin import Hardware, Offer, Provenance, ProviderCatalog, Venue

from advisor_gcp.compose import Priced, RateTable, compose
from advisor_gcp.machines import Machine, gpu_memory_gib
from advisor_gcp.skus import HOURS_PER_MONTH, USAGE_BILLING, USAGE_MONTHS
from advisor_gcp.totals import MachineTotal, TotalKey, from_total
from advisor_gcp.venues import PROVIDER

BASIS = {
    "sku_composition": "vCPU + RAM (+ GPU) (+ bundled local SSD) SKUs, pricing reference §2.3",
    "machine_total": "whole-machine total as published by the source (which sums the same SKUs); not decomposed",
}
SSD_NOTE = f"bundled local SSD: SKU price per GiB-month / {HOURS_PER_MONTH} h"


def price(machine: Machine, region: str, usage: str, rates: RateTable,
          totals: Mapping[TotalKey, MachineTotal]) -> Priced:
    """The newer of the SKU composition and the published total; on a tie the composition, which shows
    every rate. Unpriced, the one missing the fewest components, to name what is lacking. Machines
    with attached GPUs (N1 + T4) are priced from SKUs only."""
    composed = compose(machine, region, usage, rates)
    total = totals.get((machine.sku, region, usage)) if machine.sku == machine.machine_type else None
    published = from_total(machine, total, rates) if total else None
    tried = [p for p in (composed, published) if p is not None]
    candidates = [p for p in tried if p.price is not None]
    if not candidates:
        return min(tried, key=lambda p: len(p.missing))
    return max(candidates, key=lambda p: (p.as_of, p.basis == "sku_composition"))


def _hardware(machine: Machine) -> Hardware:
    return Hardware(
        accelerator=machine.gpu,
        accelerator_count=machine.gpu_count,
        accelerator_memory_gib=gpu_memory_gib()[machine.gpu] if machine.gpu else None,
        cpu=machine.cpu,
        vcpus=machine.vcpus,
        memory_gib=machine.memory_gib,
    )


def _provenance(priced: Priced, fallback: Provenance) -> Provenance:
    if priced.price is None or not priced.provenances:
        return fallback
    refs = sorted({p.reference for p in priced.provenances})
    return Provenance(source=priced.provenances[0].source, as_of=priced.as_of, reference="; ".join(refs))


def offer_id(venue: str, sku: str, usage: str) -> str:
    billing = USAGE_BILLING[usage]
    return f"{venue}:{sku}:{billing}" + (f":{USAGE_MONTHS[usage] // 12}y" if usage in USAGE_MONTHS else "")


#: The published terms of a GCP Spot VM (https://cloud.google.com/compute/docs/instances/spot, retrieved
#: 2026-12-03): preempted with a 30-second notice, no maximum run time (unlike legacy preemptible VMs,
#: stopped after 24 hours). Google publishes no preemption rate, so none is given.
SPOT_TERMS = {
    "spot_preemption_notice_s": 30,
    "spot_max_run_hours": None,
    "spot_terms_source": "https://cloud.google.com/compute/docs/instances/spot (30 s notice; no 24 h limit, unlike preemptible VMs)",
}


def _attributes(machine: Machine, priced: Priced, usage: str = "OnDemand") -> dict:
    attrs: dict = {
        "machine_type": machine.machine_type,
        "components": priced.components,
        "missing": list(priced.missing),
        "price_basis": priced.basis,
        "composed": BASIS[priced.basis],
    }
    if priced.detail:
        attrs["machine_total"] = priced.detail
    if machine.local_ssd_gib:
        attrs["local_ssd_conversion"] = SSD_NOTE
    if machine.cpu_note:
        attrs["cpu_note"] = machine.cpu_note
    if priced.price is None:
        attrs["unpriced_reason"] = "no catalog rate for: " + ", ".join(priced.missing)
    if USAGE_BILLING[usage] == "spot":
        attrs.update(SPOT_TERMS)
    return attrs


def _offer(machine: Machine, venue: Venue, usage: str, rates: RateTable,
           totals: Mapping[TotalKey, MachineTotal], fallback: Provenance) -> Offer | None:
    priced = price(machine, venue.region, usage, rates, totals)
    if priced.price is None and usage != "OnDemand":
        return None
    return Offer(
        id=offer_id(venue.id, machine.sku, usage),
        provider=PROVIDER,
        venue_id=venue.id,
        sku=machine.sku,
        hardware=_hardware(machine),
        billing=USAGE_BILLING[usage],  # type: ignore[arg-type]
        usd_per_hour=priced.price,
        commitment_months=USAGE_MONTHS.get(usage),
        provenance=_provenance(priced, fallback),
        attributes=_attributes(machine, priced, usage),
    )


def build_catalog(
    machines: Mapping[str, Machine],
    rates: RateTable,
    venues: Mapping[str, Venue],
    provenance: Provenance,
    totals: Mapping[TotalKey, MachineTotal] | None = None,
) -> ProviderCatalog:
    """On-demand for every machine in every region it is offered (unpriced if nothing prices it);
    spot and committed use only where a price is known. ``totals`` only for the embedded snapshot."""
    offers = []
    for machine in machines.values():
        for region in sorted(machine.regions & venues.keys()):
            for usage in USAGE_BILLING:
                offer = _offer(machine, venues[region], usage, rates, totals or {}, provenance)
                if offer is not None:
                    offers.append(offer)
    return ProviderCatalog(provider=PROVIDER, venues=tuple(venues.values()), offers=tuple(offers), provenance=provenance)
