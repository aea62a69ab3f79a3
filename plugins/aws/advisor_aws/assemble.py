"""Turn parsed products, spot prices and capabilities into advisor offers and a ProviderCatalog.

Used unchanged by the snapshot loader and the live refresh, so both produce identical records.
Offer ids follow ``<venue_id>:<sku>:<billing>``; reserved terms add ``:<years>yr-<purchase option>``
because one instance type has several reserved offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from decimal import Decimal

from advisor.plugin import Offer, OfferQuery, PriceSource, Provenance, ProviderCatalog, Venue

from advisor_aws.capabilities import Capability
from advisor_aws.pricelist import Product
from advisor_aws.bulk import SavingsPlanRate
from advisor_aws.spot import SpotPrice
from advisor_aws.spot_advisor import ADVISOR_URL, Band, band_attributes
from advisor_aws.venues import PROVIDER, build_venue, regions, venue_id

CENT_FRACTION = Decimal("0.000001")
SPOT_REFERENCE = "ec2.describe_spot_price_history (Linux/UNIX, lowest across availability zones)"


@dataclass
class Inputs:
    """Everything one catalog is built from, whichever way it was obtained."""

    source: PriceSource
    as_of: datetime
    reference: str
    products: dict[tuple[str, str], Product]
    capabilities: Mapping[str, Capability]
    spot: dict[tuple[str, str], SpotPrice] = field(default_factory=dict)
    spot_as_of: datetime | None = None
    skipped: list[str] = field(default_factory=list)

    spot_bands: dict[tuple[str, str], Band] = field(default_factory=dict)
    """Spot Instance Advisor interruption bands, the eviction-rate fact of each spot offer."""
    spot_bands_source: str = ADVISOR_URL
    savings_plans: list[SavingsPlanRate] = field(default_factory=list)
    savings_plans_reference: str = "AWS Price List Bulk API Savings Plans files"

    @cached_property
    def savings_plans_by_type(self) -> dict[tuple[str, str], list[SavingsPlanRate]]:
        out: dict[tuple[str, str], list[SavingsPlanRate]] = {}
        for plan in self.savings_plans:
            out.setdefault((plan.region, plan.instance_type), []).append(plan)
        return out


def _attributes(product: Product, cap: Capability) -> dict[str, object]:
    attrs: dict[str, object] = {"instance_type": product.instance_type, "aws_sku": product.sku}
    if product.bare_metal or cap.bare_metal:
        attrs["bare_metal"] = True
    if product.source_url:
        attrs["source_url"] = product.source_url
    return attrs


def _offers_for(product: Product, cap: Capability, inputs: Inputs) -> list[Offer]:
    venue = venue_id(product.region)
    base = f"{venue}:{product.instance_type}"
    provenance = Provenance(source=inputs.source, as_of=product.as_of, reference=product.reference)
    attrs = _attributes(product, cap)

    def offer(suffix: str, billing: str, usd: Decimal | None, **extra: object) -> Offer:
        fields = {"provenance": provenance, "attributes": attrs, **extra}
        return Offer(
            id=f"{base}:{suffix}", provider=PROVIDER, venue_id=venue, sku=product.instance_type,
            hardware=cap.hardware, billing=billing, usd_per_hour=usd, **fields,
        )

    unpriced = {} if product.on_demand_usd else {"unpriced": True}
    offers = [offer("on_demand", "on_demand", product.on_demand_usd, attributes={**attrs, **unpriced})]
    for term in product.reserved:
        offers.append(
            offer(
                f"reserved:{term.years}yr-{term.purchase_option.replace('_', '-')}",
                "reserved",
                term.effective_usd_per_hour.quantize(CENT_FRACTION),
                commitment_months=12 * term.years,
                upfront_usd=term.upfront_usd,
                attributes={**attrs, "offering_class": "standard", "purchase_option": term.purchase_option,
                            "hourly_usd": str(term.hourly_usd),
                            "effective_hourly": "hourly + upfront / (8760 x years)"},
            )
        )
    for plan in inputs.savings_plans_by_type.get((product.region, product.instance_type), ()):
        offers.append(
            offer(
                f"savings_plan:{plan.years}yr-{plan.plan_type.replace('_', '-')}-{plan.purchase_option.replace('_', '-')}",
                "savings_plan",
                Decimal(str(plan.usd_per_hour)).quantize(CENT_FRACTION),
                commitment_months=12 * plan.years,
                provenance=Provenance(source=inputs.source, as_of=inputs.as_of,
                                      reference=f"{inputs.savings_plans_reference}; effectiveDate {plan.effective}"),
                attributes={**attrs, "plan_type": plan.plan_type, "purchase_option": plan.purchase_option,
                            "hourly_basis": "the published effective hourly rate of the plan"},
            )
        )
    spot = inputs.spot.get((product.region, product.instance_type))
    if spot is not None:
        offers.append(
            offer(
                "spot",
                "spot",
                spot.usd_per_hour,
                provenance=Provenance(source=inputs.source, as_of=inputs.spot_as_of or spot.timestamp,
                                      reference=SPOT_REFERENCE),
                attributes={**attrs, "zone": spot.zone, "zones_seen": spot.zones_seen,
                            "spot_timestamp": spot.timestamp.isoformat(),
                            **band_attributes(inputs.spot_bands.get((product.region, product.instance_type)),
                                              inputs.spot_bands_source, inputs.spot_as_of or spot.timestamp)},
            )
        )
    return offers


def _wanted(offer: Offer, venue: Venue, query: OfferQuery) -> bool:
    if query.countries is not None and venue.country not in query.countries:
        return False
    if query.accelerators is not None:
        wanted = {a.lower() for a in query.accelerators}
        device = offer.hardware.accelerator or offer.hardware.cpu or ""
        return device.lower() in wanted
    return True


def build_catalog(inputs: Inputs) -> ProviderCatalog:
    """Venues of every known region and every offer that could be described."""
    venues = {r: build_venue(r) for r in regions()}
    offers: list[Offer] = []
    for (region, itype), product in sorted(inputs.products.items()):
        cap = inputs.capabilities.get(itype)
        if region not in venues:
            inputs.skipped.append(f"{region} {itype}: region not in the venue table")
        elif cap is None or cap.hardware is None:
            inputs.skipped.append(f"{region} {itype}: {cap.problem if cap else 'no instance-type data'}")
        else:
            offers += _offers_for(product, cap, inputs)
    return ProviderCatalog(
        provider=PROVIDER,
        venues=tuple(venues.values()),
        offers=tuple(offers),
        provenance=Provenance(source=inputs.source, as_of=inputs.as_of, reference=inputs.reference),
    )


def filter_catalog(catalog: ProviderCatalog, query: OfferQuery) -> ProviderCatalog:
    """The part of an already-built catalog a query asks for."""
    venues = {v.id: v for v in catalog.venues}
    kept_venues = tuple(v for v in catalog.venues if query.countries is None or v.country in query.countries)
    offers = tuple(o for o in catalog.offers if _wanted(o, venues[o.venue_id], query))
    return catalog.model_copy(update={"venues": kept_venues, "offers": offers})
