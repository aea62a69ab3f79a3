"""Assemble Azure offers: one per (region, size, billing term), unpriced where no price row exists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from advisor.plugin import Hardware, Offer, Provenance, ProviderCatalog, Venue

from advisor_azure.retail import PriceTerm
from advisor_azure.sizes import VmSize
from advisor_azure.venues import PROVIDER


def offer_id(venue: str, sku: str, billing: str, months: int | None) -> str:
    """``<venue>:<sku>:<billing>``, with ``:<n>y`` for reserved and savings-plan terms."""
    base = f"{venue}:{sku}:{billing}"
    return f"{base}:{months // 12}y" if months else base


def hardware(size: VmSize) -> Hardware:
    gpu = size.gpu
    return Hardware(
        accelerator=gpu[0] if gpu else None,
        accelerator_count=size.gpus if gpu else 0,
        accelerator_memory_gib=gpu[1] if gpu else None,
        cpu=size.cpu,
        vcpus=size.vcpus,
        memory_gib=size.memory_gib,
    )


def _attributes(size: VmSize, term: PriceTerm | None) -> dict[str, object]:
    attrs: dict[str, object] = {"family": size.family, "os": "linux"}
    if size.host_cpu:
        attrs["host_cpu"] = size.host_cpu
    if size.confidential:
        attrs["confidential_vm"] = list(size.confidential)
    attrs.update(size.notes)
    if term is None:
        attrs["unpriced_reason"] = "no Azure Retail Prices row for this size and region"
        return attrs
    if term.effective:
        attrs["effective_start"] = term.effective
    attrs.update(dict(term.detail))
    if term.billing == "reserved":
        attrs["hourly_basis"] = "term total / (8760 h × years)"
    return attrs


def _offer(venue: Venue, size: VmSize, billing: str, term: PriceTerm | None, fallback: Provenance) -> Offer:
    months = term.commitment_months if term else None
    price: Decimal | None = term.usd_per_hour if term else None
    return Offer(
        id=offer_id(venue.id, size.name, billing, months),
        provider=PROVIDER,
        venue_id=venue.id,
        sku=size.name,
        hardware=hardware(size),
        billing=billing,  # type: ignore[arg-type]
        usd_per_hour=price,
        commitment_months=months,
        provenance=term.provenance if term else fallback,
        attributes=_attributes(size, term),
    )


def build_catalog(
    terms: Iterable[PriceTerm],
    sizes: Mapping[str, VmSize],
    venues: Mapping[str, Venue],
    provenance: Provenance,
) -> ProviderCatalog:
    """Offers for every bundled size in every region it is offered; on-demand always present."""
    by_size: dict[tuple[str, str], list[PriceTerm]] = {}
    for term in terms:
        by_size.setdefault((term.region, term.sku), []).append(term)
    offers: list[Offer] = []
    for size in sizes.values():
        regions = size.regions | {r for r, s in by_size if s == size.name}
        for region in sorted(regions & venues.keys()):
            found = sorted(by_size.get((region, size.name), []), key=lambda t: (t.billing, t.commitment_months or 0))
            if not any(t.billing == "on_demand" for t in found):
                offers.append(_offer(venues[region], size, "on_demand", None, provenance))
            offers.extend(_offer(venues[region], size, t.billing, t, provenance) for t in found)
    return ProviderCatalog(
        provider=PROVIDER,
        venues=tuple(venues.values()),
        offers=tuple(offers),
        provenance=provenance,
    )
