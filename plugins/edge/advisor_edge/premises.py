"""Provider-managed hardware at the customer's own sites: one venue per (product, site), one offer
per (configuration, term, payment option). Shared by Outposts, Azure Stack Edge and GDC.

Venue coordinates are the site's, so network latency to users at that site is the LAN's.
Prices follow pricing-apis §4.4: ``usd_per_hour = (upfront + monthly × months) / (months × 730)``;
when no public figure exists the offer is unpriced (None) and says why.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from advisor.plugin import (
    HOURS_PER_MONTH_DECIMAL,
    Hardware,
    Offer,
    OfferQuery,
    Provenance,
    ProviderCatalog,
    Tenancy,
    Venue,
    electricity_price,
    find_metro,
    grid_factor,
    read_json,
    snapshot_provenance,
)

from advisor_edge.hosting import hosting_sites, hosts_named

HOURS_PER_MONTH = HOURS_PER_MONTH_DECIMAL


def effective_hourly(upfront: Decimal | None, monthly: Decimal | None, months: int | None) -> Decimal | None:
    """Hourly price of a subscription over its term; None unless the monthly fee is known."""
    if monthly is None:
        return None
    if months is None:
        return monthly / HOURS_PER_MONTH if monthly > 0 else None
    total = (upfront or Decimal(0)) + monthly * months
    return total / (months * HOURS_PER_MONTH) if total > 0 else None


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def site_venue(provider: str, product: str, site: Any, catalog: dict[str, Any], tenancy: Tenancy) -> Venue:
    lat, lon = site.coordinates
    metro = find_metro(site.metro)
    subdivision = metro.subdivision if metro and metro.country == site.country_code else None
    # the site's own grid figure wins; else its country's or US state's, named in the venue's grid_note
    grid = None if site.grid_kgco2e_per_kwh is not None else grid_factor(site.country_code, subdivision)
    # the site pays the device's electricity: its own price, else its state's or country's (named)
    price = None if site.electricity_usd_per_kwh is not None else electricity_price(site.country_code, subdivision)
    return Venue(
        id=f"edge:{product}:{site.name}",
        provider=provider,
        kind="edge",
        region=site.name,
        name=f"{catalog['name']} at {site.name}",
        country=site.country_code,
        subdivision=subdivision,
        metro=site.metro,
        latitude=lat,
        longitude=lon,
        tenancy=tenancy,
        host_trust="provider_on_customer_premises",
        operator_jurisdiction=catalog.get("operator_jurisdiction"),
        pue=site.pue,
        grid_kgco2e_per_kwh=site.grid_kgco2e_per_kwh if grid is None else grid.kg_per_kwh,
        electricity_usd_per_kwh=site.electricity_usd_per_kwh if price is None else price.usd_per_kwh,
        lead_time_weeks=catalog.get("lead_time_weeks"),
        attributes={
            "site_kind": site.kind,
            **({"grid_note": f"the sites file gives none: the {grid.note}"} if grid else {}),
            "electricity_note": "the sites file's price" if price is None else f"the sites file gives none: {price.source}",
            "access": "lan",
            "lead_time_source": catalog.get("lead_time_source"),
            "certifications_note": "none documented for the product itself; the site's own controls apply",
        },
    )


def config_offers(provider: str, venue: Venue, config: dict[str, Any], provenance: Provenance) -> list[Offer]:
    """Offers of one configuration: every listed term × payment option, priced where a figure exists."""
    offers = []
    prices = config.get("prices") or {}
    for months in config.get("term_months") or [None]:
        for option in config.get("payment_options") or ["monthly"]:
            key = f"{months or 'monthly'}/{option}"
            price = prices.get(key) or {}
            upfront, monthly = _money(price.get("upfront_usd")), _money(price.get("monthly_usd"))
            hourly = effective_hourly(upfront, monthly, months)
            term = f"{months}m" if months else "monthly"
            attributes: dict[str, Any] = {"payment_option": option, **_box_attributes(config)}
            if config.get("note"):
                attributes["note"] = config["note"]
            if hourly is None:
                attributes["unpriced_reason"] = config.get("unpriced_reason") or "no public price found; ask for a quote"
            else:
                attributes["price_source"] = price.get("source")
            reference = price.get("source") or provenance.reference
            offers.append(
                _subscription_offer(provider, venue, config, f"{term}-{option}", months, upfront, monthly,
                                    Provenance(source=provenance.source, as_of=provenance.as_of, reference=reference),
                                    attributes)
            )
    return offers


def _subscription_offer(provider: str, venue: Venue, config: dict[str, Any], suffix: str, months: int | None,
                        upfront: Decimal | None, monthly: Decimal | None, provenance: Provenance,
                        attributes: dict[str, Any]) -> Offer:
    """One subscription offer of a configuration; the hourly price is derived from its term."""
    return Offer(
        id=f"{venue.id}:{config['sku']}-{suffix}:subscription",
        provider=provider,
        venue_id=venue.id,
        sku=f"{config['sku']}-{suffix}",
        hardware=Hardware(**config["hardware"]),
        billing="subscription",
        usd_per_hour=effective_hourly(upfront, monthly, months),
        commitment_months=months,
        upfront_usd=upfront,
        monthly_usd=monthly,
        max_units=config.get("max_units"),
        provenance=provenance,
        attributes=attributes,
    )


def _box_attributes(config: dict[str, Any]) -> dict[str, Any]:
    """What every offer of a configuration says about its box: form factor, unit, hardware source, and
    GPUs per server where one unit holds several servers (an Outposts rack)."""
    out = {"form_factor": config.get("form_factor"), "unit": config.get("unit", "one configuration"),
           "hardware_source": config.get("source")}
    if config.get("gpus_per_server"):
        out["gpus_per_server"] = config["gpus_per_server"]
    return out


def quoted_offers(provider: str, venue: Venue, config: dict[str, Any], site: Any, product: str) -> list[Offer]:
    """Offers priced from the customer's own quotes in the sites file (provenance source "user")."""
    out = []
    for quote in getattr(site, "edge_quotes", ()) or ():
        if not (hosts_named(quote.product, product) and quote.configuration == config["sku"]):
            continue
        months = quote.commitment_months
        upfront, monthly = Decimal(str(quote.upfront_usd)), Decimal(str(quote.monthly_usd))
        term = f"{months}m" if months else "monthly"
        provenance = Provenance(
            source="user",
            as_of=datetime.combine(quote.quoted_on, datetime.min.time(), tzinfo=timezone.utc),
            reference=f"quote in the sites file (site '{site.name}'): {quote.reference}",
        )
        attributes = {**_box_attributes(config), "price_source": "customer quote"}
        if getattr(quote, "shared", False) and (config["hardware"].get("accelerator_count") or 0) > 0:
            attributes["shared"] = True  # its GPUs are shared by components (advisor.evaluation.boxes)
        out.append(_subscription_offer(provider, venue, config, f"{term}-quote", months, upfront, monthly,
                                       provenance, attributes))
    return out


def premises_catalog(
    provider: str,
    catalogs: list[dict[str, Any]],
    query: OfferQuery,
    provenance_of: Any = None,
) -> ProviderCatalog:
    """Venues at the query's sites that host each product, and their offers."""
    venues: list[Venue] = []
    offers: list[Offer] = []
    wanted = {a.upper() for a in query.accelerators} if query.accelerators is not None else None
    provenance = None
    for catalog in catalogs:
        provenance = (provenance_of or _snapshot_provenance)(catalog)
        tenancy: Tenancy = catalog.get("tenancy", "customer_premises")
        for site in hosting_sites(query.sites, catalog["product"]):
            if query.countries is not None and site.country_code not in query.countries:
                continue
            venue = site_venue(provider, catalog["product"], site, catalog, tenancy)
            found = [
                o
                for c in catalog["configurations"]
                if wanted is None or str(c["hardware"].get("accelerator") or "").upper() in wanted
                for o in config_offers(provider, venue, c, provenance) + quoted_offers(provider, venue, c, site, catalog["product"])
            ]
            if found:
                venues.append(venue)
                offers.extend(found)
    return ProviderCatalog(
        provider=provider,
        venues=tuple(venues),
        offers=tuple(offers),
        provenance=provenance or _snapshot_provenance(catalogs[0]),
    )


def _snapshot_provenance(catalog: dict[str, Any]) -> Provenance:
    return snapshot_provenance(catalog["captured_at"], catalog["source_url"])


def load(name: str) -> dict[str, Any]:
    return read_json("advisor_edge", f"data/{name}")
