"""Machine price = vCPUs × core rate + GiB × RAM rate (+ GPUs × GPU rate), per region and usage type.

Any missing component leaves the machine UNPRICED (None), never partly priced: a host-only figure
shown as the machine price is the SkyPilot a2-highgpu-1g trap (pricing-apis reference §8).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from advisor.offers import Hardware, Offer, Provenance, ProviderCatalog, Venue

from advisor_gcp.machines import Machine, gpu_memory_gib
from advisor_gcp.skus import USAGE_BILLING, USAGE_MONTHS, Rate
from advisor_gcp.venues import PROVIDER

RateTable = Mapping[tuple[str, str, str, str], Rate]


def _parts(machine: Machine, region: str, usage: str) -> list[tuple[str, float, tuple[str, str, str, str]]]:
    parts = [
        ("vcpu", float(machine.vcpus), ("cpu", machine.cpu_family, region, usage)),
        ("ram", machine.memory_gib, ("ram", machine.cpu_family, region, usage)),
    ]
    if machine.gpu:
        parts.append(("gpu", float(machine.gpu_count), ("gpu", machine.gpu, region, usage)))
    return parts


def compose(machine: Machine, region: str, usage: str, rates: RateTable) -> tuple[Decimal | None, dict, list[Rate]]:
    """(price or None, components shown to users, rates used)."""
    total = Decimal(0)
    components: dict[str, dict[str, str | float | None]] = {}
    used: list[Rate] = []
    missing = []
    for label, quantity, key in _parts(machine, region, usage):
        rate = rates.get(key)
        components[label] = {
            "quantity": quantity,
            "usd_per_unit_hour": str(rate.usd) if rate else None,
            "usd_per_hour": str(rate.usd * Decimal(str(quantity))) if rate else None,
            "sku_id": rate.sku_id if rate else None,
        }
        if rate is None:
            missing.append(label)
            continue
        used.append(rate)
        total += rate.usd * Decimal(str(quantity))
    if machine.local_ssd_gib:
        components["local_ssd"] = {"quantity": machine.local_ssd_gib, "usd_per_hour": None, "sku_id": None}
        missing.append("local_ssd")
    return (None if missing else total), {"components": components, "missing": missing}, used


def _hardware(machine: Machine) -> Hardware:
    return Hardware(
        accelerator=machine.gpu,
        accelerator_count=machine.gpu_count,
        accelerator_memory_gib=gpu_memory_gib()[machine.gpu] if machine.gpu else None,
        cpu=machine.cpu,
        vcpus=machine.vcpus,
        memory_gib=machine.memory_gib,
    )


def _provenance(used: list[Rate], fallback: Provenance) -> Provenance:
    if not used:
        return fallback
    refs = sorted({r.provenance.reference for r in used})
    oldest = min(r.provenance.as_of for r in used)
    return Provenance(source=used[0].provenance.source, as_of=oldest, reference="; ".join(refs))


def offer_id(venue: str, sku: str, usage: str) -> str:
    billing = USAGE_BILLING[usage]
    return f"{venue}:{sku}:{billing}" + (f":{USAGE_MONTHS[usage] // 12}y" if usage in USAGE_MONTHS else "")


def _offer(machine: Machine, venue: Venue, usage: str, rates: RateTable, fallback: Provenance) -> Offer | None:
    price, attrs, used = compose(machine, venue.region, usage, rates)
    if price is None and usage != "OnDemand":
        return None
    attrs.update({"machine_type": machine.machine_type, "composed": "vCPU + RAM (+ GPU) SKUs, pricing reference §2.3"})
    if machine.cpu_note:
        attrs["cpu_note"] = machine.cpu_note
    if price is None:
        attrs["unpriced_reason"] = "no catalog rate for: " + ", ".join(attrs["missing"])
    return Offer(
        id=offer_id(venue.id, machine.sku, usage),
        provider=PROVIDER,
        venue_id=venue.id,
        sku=machine.sku,
        hardware=_hardware(machine),
        billing=USAGE_BILLING[usage],  # type: ignore[arg-type]
        usd_per_hour=price,
        commitment_months=USAGE_MONTHS.get(usage),
        provenance=_provenance(used, fallback) if price is not None else fallback,
        attributes=attrs,
    )


def build_catalog(
    machines: Mapping[str, Machine], rates: RateTable, venues: Mapping[str, Venue], provenance: Provenance
) -> ProviderCatalog:
    """On-demand for every machine in every region it is offered (unpriced if a rate is missing);
    spot and committed use only where every component has a rate."""
    offers = []
    for machine in machines.values():
        for region in sorted(machine.regions & venues.keys()):
            for usage in USAGE_BILLING:
                offer = _offer(machine, venues[region], usage, rates, provenance)
                if offer is not None:
                    offers.append(offer)
    return ProviderCatalog(provider=PROVIDER, venues=tuple(venues.values()), offers=tuple(offers), provenance=provenance)
