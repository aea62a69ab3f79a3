"""AWS Local Zones and Wavelength Zones with GPU instances: AWS-operated edge venues in a metro.

Venue = zone (kind edge, host_trust hyperscaler_dc, shared tenancy), coordinates of its metro.
The snapshot lists zones and g4dn sizes without prices; ``refresh`` asks the AWS Price List
(``pricing.get_products``, boto3 imported there) for each zone's on-demand Linux price.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from advisor.plugin import (
    Hardware,
    LiveUnavailable,
    Offer,
    OfferQuery,
    Progress,
    Provenance,
    Provider,
    ProviderCatalog,
    Venue,
    find_metro,
    snapshot_provenance,
)

from advisor_edge import aws
from advisor_edge.premises import load


def _venue(zone: dict[str, Any], jurisdiction: str, parents: dict[str, Any], parents_source: str) -> Venue:
    metro = find_metro(zone["metro"])
    assert metro is not None, f"metro {zone['metro']} missing from the core table"
    kind = "Wavelength Zone" if zone["type"] == "wavelength" else "Local Zone"
    parent = parents.get(zone["parent_region"])
    return Venue(
        id=f"aws-local-zones:{zone['zone']}",
        provider="aws-local-zones",
        kind="edge",
        region=zone["zone"],
        name=f"AWS {kind} {metro.name}" + (f" ({zone['carrier']})" if zone.get("carrier") else ""),
        country=metro.country,
        subdivision=metro.subdivision,
        metro=metro.name,
        latitude=metro.latitude,
        longitude=metro.longitude,
        tenancy="shared",
        host_trust="hyperscaler_dc",
        operator_jurisdiction=jurisdiction,
        pue=parent["pue"] if parent else None,
        grid_kgco2e_per_kwh=parent["grid"] if parent else None,
        attributes={"zone_type": zone["type"], "parent_region": zone["parent_region"], "carrier": zone.get("carrier"),
                    **({"grid_note": f"grid of the parent region {zone['parent_region']}: {parents_source}"}
                       if parent else {})},
    )


def build(data: dict[str, Any], query: OfferQuery, provenance: Provenance) -> ProviderCatalog:
    wanted = {a.upper() for a in query.accelerators} if query.accelerators is not None else None
    venues, offers = [], []
    for zone in data["zones"]:
        venue = _venue(zone, data["operator_jurisdiction"], data.get("parent_regions", {}),
                       data.get("parent_regions_source", ""))
        if query.countries is not None and venue.country not in query.countries:
            continue
        found = []
        for itype in zone["instance_types"]:
            spec = data["instance_types"][itype]
            if wanted is not None and spec["accelerator"].upper() not in wanted:
                continue
            price = (data.get("prices") or {}).get(f"{zone['zone']}/{itype}")
            usd = Decimal(str(price["usd_per_hour"])) if price else None
            found.append(
                Offer(
                    id=f"{venue.id}:{itype}:on_demand",
                    provider="aws-local-zones",
                    venue_id=venue.id,
                    sku=itype,
                    hardware=Hardware(**spec),
                    billing="on_demand",
                    usd_per_hour=usd,
                    provenance=provenance if not price else Provenance(
                        source=provenance.source, as_of=provenance.as_of, reference=price["source"]
                    ),
                    attributes={"availability": "unverified: confirm with describe-instance-type-offerings"}
                    | ({} if usd else {"unpriced_reason": "zone price not in the snapshot; run a live refresh"}),
                )
            )
        if found:
            venues.append(venue)
            offers.extend(found)
    return ProviderCatalog(provider="aws-local-zones", venues=tuple(venues), offers=tuple(offers), provenance=provenance)


def on_demand_usd(price_item: str) -> Decimal | None:
    """The hourly USD price of one Price List product JSON string; None when absent or zero."""
    product = json.loads(price_item)
    for term in (product.get("terms") or {}).get("OnDemand", {}).values():
        for dim in term.get("priceDimensions", {}).values():
            usd = dim.get("pricePerUnit", {}).get("USD")
            if dim.get("unit") == "Hrs" and usd and Decimal(usd) > 0:
                return Decimal(usd)
    return None


class LocalZonesProvider(Provider):
    name = "aws-local-zones"
    kind = "edge"
    description = "AWS Local Zones and Wavelength Zones with g4dn (T4) instances"

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        data = load("aws-local-zones.json")
        return build(data, query, snapshot_provenance(data["captured_at"], data["source_url"]))

    def _pricing(self) -> Any:
        return self._client if self._client is not None else aws.client("pricing", "us-east-1", self.name)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        data = load("aws-local-zones.json")
        client = self._pricing()
        pairs = [(z, t) for z in data["zones"] for t in z["instance_types"]]
        prices: dict[str, Any] = {}
        for done, (zone, itype) in enumerate(pairs):
            if progress:
                progress(f"aws-local-zones: {zone['zone']} {itype}", done, len(pairs))
            filters = [
                {"Type": "TERM_MATCH", "Field": k, "Value": v}
                for k, v in (
                    ("instanceType", itype),
                    ("location", zone["pricing_location"]),
                    ("operatingSystem", "Linux"),
                    ("tenancy", "Shared"),
                    ("preInstalledSw", "NA"),
                    ("capacitystatus", "Used"),
                )
            ]
            try:
                items = client.get_products(ServiceCode="AmazonEC2", Filters=filters, MaxResults=10)["PriceList"]
            except Exception as exc:  # credentials, endpoint, throttling
                raise LiveUnavailable(f"aws-local-zones: price list unavailable ({type(exc).__name__}: {exc})") from exc
            usd = next((p for p in map(on_demand_usd, items) if p is not None), None)
            if usd is not None:
                prices[f"{zone['zone']}/{itype}"] = {
                    "usd_per_hour": str(usd),
                    "source": f"pricing:GetProducts AmazonEC2 {itype} '{zone['pricing_location']}'",
                }
        data["prices"] = prices
        now = datetime.now(UTC)
        return build(data, query, Provenance(source="live", as_of=now, reference="pricing:GetProducts AmazonEC2"))
