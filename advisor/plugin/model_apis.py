"""Managed model APIs for provider plugins: a dated snapshot of venues, data terms and per-token
prices turned into venues and offers, and live price rows merged into it.

The two API plugins (hyperscalers' model services and independent inference APIs) share this so
one snapshot shape means one parser. The snapshot holds the API's facts in plain records:

``venues``: one per region or endpoint, with its location (coordinates, or ``serving_metros``: the
sites an API that picks the site itself may serve from), certifications (each with the URL
of its programme page as ``source`` and what that page says about the service as ``scope``) and
data terms (each term with its source and date); ``models``: per API model id, the catalog model it serves, its
limits and latency (with sources), and ``prices`` per region (per-token, batch, cached input) and
``provisioned`` capacity units (hourly price, throughput per unit, minimum deployment).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from advisor.model.offers import (Certification, Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, ServingSite,
                                  TokenTerms, Venue)
from advisor.plugin.provider import LiveUnavailable, Progress, Provider
from advisor.plugin.snapshot import read_json, snapshot_provenance
from advisor.reference.geo import find_metro

DATA_TERMS = ("trains_on_prompts", "prompt_retention_days", "abuse_monitoring_retention_days", "processing_scope",
              "eu_data_boundary", "zero_data_retention_available")
"""Venue attributes a rule may read about what happens to prompts (docs/rules.md)."""

_LIMITS = ("context_tokens", "max_output_tokens", "tokens_per_minute", "requests_per_minute", "limits_source",
           "ttft_ms", "output_tokens_per_second", "latency_source", "quantisation", "output_token_weight")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _provenance(row: dict[str, Any], default: Provenance) -> Provenance:
    """A price row's own date and source when it gives them, else the snapshot's."""
    if "as_of" not in row:
        return default
    when = datetime.fromisoformat(row["as_of"])
    if when.tzinfo is None:  # price sources give effective dates ('2026-11-01'): the day, in UTC
        when = when.replace(tzinfo=UTC)
    return Provenance(source=row.get("source", default.source), as_of=when,
                      reference=row.get("reference", default.reference))


def serving_sites(row: dict[str, Any]) -> tuple[ServingSite, ...]:
    """The metros a venue row says the API may serve from (``serving_metros``), placed by the metro table."""
    sites = []
    for name in row.get("serving_metros") or ():
        metro = find_metro(name)
        if metro is None:
            raise ValueError(f"venue {row['region']}: serving metro '{name}' is not in the metro table")
        sites.append(ServingSite(metro=metro.name, country=metro.country, latitude=metro.latitude, longitude=metro.longitude))
    return tuple(sites)


def build_venue(provider: str, row: dict[str, Any], terms: dict[str, Any]) -> Venue:
    """A region or endpoint of an API with its data terms (provider-wide terms, overridden per venue)."""
    attributes = {k: v["value"] if isinstance(v, dict) else v for k, v in terms.items() if k in DATA_TERMS}
    attributes.update({k: v for k, v in (row.get("attributes") or {}).items()})
    sources = {k: f"{v['source']} ({v['as_of']})" for k, v in terms.items() if isinstance(v, dict) and "source" in v}
    sources.update(row.get("term_sources") or {})
    if sources:
        attributes["data_terms_sources"] = dict(sorted(sources.items()))
    # a certification's source is its programme page's URL (claims checks need an http(s) URL);
    # what the page says about this service ("Amazon Bedrock in scope", "unverified") is its scope
    scopes = {c["name"]: c["scope"] for c in row.get("certifications") or () if c.get("scope")}
    if scopes:
        attributes["certification_scope"] = dict(sorted(scopes.items()))
    return Venue(
        id=f"{provider}:{row['region']}",
        provider=provider,
        kind="api",
        region=row["region"],
        name=row.get("name"),
        country=row["country"],
        subdivision=row.get("subdivision"),
        metro=row.get("metro", "unknown"),
        latitude=row.get("latitude"),
        longitude=row.get("longitude"),
        serving_sites=serving_sites(row),
        certifications=tuple(
            Certification(name=c["name"], source=c["source"], retrieved=date.fromisoformat(c["retrieved"]))
            for c in row.get("certifications") or ()
        ),
        tenancy="shared",
        host_trust=row.get("host_trust", "hyperscaler_dc"),
        operator_jurisdiction=row.get("operator_jurisdiction"),
        government=bool(row.get("government", False)),
        supports_log_export=row.get("supports_log_export"),
        pue=row.get("pue"),
        grid_kgco2e_per_kwh=row.get("grid_kgco2e_per_kwh"),
        attributes=attributes,
    )


def _terms(model: dict[str, Any], price: dict[str, Any]) -> dict[str, Any]:
    return {k: price.get(k, model.get(k)) for k in _LIMITS if price.get(k, model.get(k)) is not None}


def model_offers(provider: str, model: dict[str, Any], venues: dict[str, Venue], default: Provenance) -> Iterable[Offer]:
    """Per-token and provisioned offers of one API model, one per region it is priced in."""
    for price in model.get("prices") or ():
        venue = venues[f"{provider}:{price['region']}"]
        terms = TokenTerms(
            model=model["model"], serves=model["serves"],
            usd_per_million_input=_decimal(price.get("input")), usd_per_million_output=_decimal(price.get("output")),
            usd_per_million_cached_input=_decimal(price.get("cached_input")),
            batch_discount=price.get("batch_discount", model.get("batch_discount")), **_terms(model, price))
        yield Offer(id=f"{venue.id}:{model['model']}:per_token", provider=provider, venue_id=venue.id, sku=model["model"],
                    hardware=Hardware(), billing="per_token", tokens=terms, provenance=_provenance(price, default),
                    attributes={"unit": "USD per million tokens", **({"note": price["note"]} if "note" in price else {})})
    for unit in model.get("provisioned") or ():
        venue = venues[f"{provider}:{unit['region']}"]
        terms = TokenTerms(
            model=model["model"], serves=model["serves"], capacity_unit=unit["capacity_unit"],
            min_units=unit.get("min_units", 1), unit_increment=unit.get("unit_increment", 1),
            tokens_per_minute=unit.get("tokens_per_minute"),
            **{k: v for k, v in _terms(model, unit).items() if k != "tokens_per_minute"})
        term = unit.get("term", "hourly")
        hourly, published = unit_hourly(unit)
        attributes = {"unit": f"USD per {unit['capacity_unit']}-hour", "term": term,
                      **({"published": published} if published else {})}
        if hourly is None:
            attributes["unpriced_reason"] = unit.get("unpriced_reason", "no public price for this capacity unit")
        yield Offer(id=f"{venue.id}:{model['model']}:provisioned-{term}", provider=provider, venue_id=venue.id,
                    sku=f"{model['model']} {unit['capacity_unit']}", hardware=Hardware(), billing="provisioned",
                    tokens=terms, usd_per_hour=hourly,
                    commitment_months=unit.get("commitment_months"), provenance=_provenance(unit, default),
                    attributes=attributes)


HOURS = {"usd_per_month": Decimal(730), "usd_per_year": Decimal(8760)}
"""Hours a published monthly or yearly price of a capacity unit covers (730 a month, as every bill here)."""


def unit_hourly(unit: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    """(effective USD per unit-hour, the price as published) of a provisioned row: a reservation sold per
    month or per year is spread over its hours to a millionth of a dollar; an hourly price is as given."""
    for key, hours in HOURS.items():
        if unit.get(key) is not None:
            price = Decimal(str(unit[key]))
            per = key.removeprefix("usd_per_")
            return (price / hours).quantize(Decimal("0.000001")), f"${price:,} per {unit['capacity_unit']} per {per}"
    return _decimal(unit.get("usd_per_hour")), None


def api_catalog(provider: str, snapshot: dict[str, Any], provenance: Provenance, query: OfferQuery) -> ProviderCatalog:
    """Venues and offers of one API provider from its snapshot (or a snapshot with live prices merged)."""
    terms = snapshot.get("data_terms") or {}
    venues = {v.id: v for v in (build_venue(provider, row, terms) for row in snapshot["venues"])}
    offers = [o for m in snapshot["models"] for o in model_offers(provider, m, venues, provenance)]
    if query.countries is not None:
        offers = [o for o in offers if venues[o.venue_id].country in query.countries]
    used = {o.venue_id for o in offers}
    return ProviderCatalog(provider=provider, venues=tuple(v for k, v in sorted(venues.items()) if k in used),
                           offers=tuple(sorted(offers, key=lambda o: o.id)), provenance=provenance)


def merge_prices(snapshot: dict[str, Any], live: dict[tuple[str, str], dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The snapshot with live per-token prices for each (API model id, region) found live; notes for the rest.
    Rows the live source did not answer keep the snapshot's source and date (never relabelled live).

    ``live`` maps (model, region) to ``{"input", "output", "as_of", "reference"}`` (strings of USD per
    million tokens). Regions priced live but absent from the snapshot's venues are left out with a
    note: a price without its venue's location and data terms cannot be placed.
    """
    regions = {v["region"] for v in snapshot["venues"]}
    kept = {"source": "snapshot", "as_of": snapshot["captured_at"], "reference": snapshot["source_url"]}
    notes: list[str] = []
    models = []
    seen: set[tuple[str, str]] = set()
    for model in snapshot["models"]:
        prices = []
        for row in model.get("prices") or ():
            key = (model["model"], row["region"])
            found = live.get(key)
            if found is not None:
                seen.add(key)
                row = {**row, **found, "source": "live"}
            else:  # not in the live answer: the snapshot's price keeps the snapshot's date and source
                row = {**kept, **row}
            prices.append(row)
        known = {r["region"] for r in prices}
        for (name, region), found in sorted(live.items()):
            if name == model["model"] and region not in known and region in regions:
                seen.add((name, region))
                prices.append({"region": region, **found, "source": "live"})
        provisioned = [{**kept, **unit} for unit in model.get("provisioned") or ()]  # no live source sells these
        models.append({**model, "prices": prices, **({"provisioned": provisioned} if provisioned else {})})
    notes += [f"live price for {m} in {r} has no venue in the snapshot; left out" for m, r in sorted(set(live) - seen)]
    return {**snapshot, "models": models}, notes


class ApiSnapshotProvider(Provider):
    """A managed model API whose default is a snapshot shipped in its plugin; ``live_prices`` (optional)
    returns per-token prices from the provider's public price source, merged over the snapshot."""

    kind = "api"
    package: str
    snapshot_file: str

    def __init__(self) -> None:
        self.notes: list[str] = []

    def snapshot(self) -> tuple[dict[str, Any], Provenance]:
        data = read_json(self.package, f"data/{self.snapshot_file}")
        return data, snapshot_provenance(data["captured_at"], data["source_url"])

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        data, provenance = self.snapshot()
        return api_catalog(self.name, data, provenance, query)

    def live_prices(self, progress: Progress | None = None) -> tuple[dict[tuple[str, str], dict[str, Any]], str]:
        """{(API model id, region): {"input", "output", "as_of", "reference"}} and the call made."""
        raise LiveUnavailable(f"provider '{self.name}' has no public price source")

    @property
    def refreshable(self) -> bool:
        return type(self).live_prices is not ApiSnapshotProvider.live_prices

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        data, _ = self.snapshot()
        live, reference = self.live_prices(progress)
        if not live:
            raise LiveUnavailable(f"{self.name}: the live price source returned no price for a model in the snapshot")
        merged, self.notes = merge_prices(data, live)
        provenance = Provenance(source="live", as_of=datetime.now(UTC), reference=reference)
        return api_catalog(self.name, merged, provenance, query)
