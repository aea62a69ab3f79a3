"""The NeoCloud provider: offline catalog from the embedded snapshot, live refresh over the REST API."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import httpx

from advisor.plugin import (
    LiveUnavailable,
    OfferQuery,
    Progress,
    Provenance,
    Provider,
    ProviderCatalog,
    read_json,
    snapshot_provenance,
)

from advisor_neocloud import live
from advisor_neocloud.api import PROVIDER, Parsed, parse_instance_types
from advisor_neocloud.venues import build_venues

SNAPSHOT = "data/prices_snapshot.json"
KEY_ENV = "NEOCLOUD_API_KEY"


def catalog_from_pages(pages: Iterable[Mapping[str, Any]], provenance: Provenance) -> ProviderCatalog:
    """The catalog of a sequence of API pages (saved or live), offers de-duplicated by id."""
    venues = build_venues()
    parsed = Parsed()
    for page in pages:
        one = parse_instance_types(page.get("data") or (), provenance, venues)
        parsed.offers.extend(one.offers)
        parsed.skipped.extend(one.skipped)
    offers = {offer.id: offer for offer in parsed.offers}
    reference = provenance.reference
    if parsed.skipped:
        reference += f"; skipped {len(parsed.skipped)} row(s): " + "; ".join(parsed.skipped[:5])
    return ProviderCatalog(
        provider=PROVIDER,
        venues=tuple(venues.values()),
        offers=tuple(offers[k] for k in sorted(offers)),
        provenance=provenance.model_copy(update={"reference": reference}),
    )


@cache
def snapshot_catalog() -> ProviderCatalog:
    snapshot = read_json("advisor_neocloud", SNAPSHOT)
    source = snapshot["_source"]
    return catalog_from_pages(snapshot["pages"], snapshot_provenance(source["as_of"], source["reference"]))


class NeoCloudProvider(Provider):
    """NeoCloud (fictional): L4, L40S, A100 80 GB and H100 instances in Amsterdam, Ashburn and Montreal."""

    name = PROVIDER
    kind = "cloud"
    description = "NeoCloud GPU cloud (FICTIONAL example plugin): REST price API with an embedded snapshot"

    def __init__(self, http_client: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self._http = http_client
        self._sleep = sleep

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return snapshot_catalog()

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        key = os.environ.get(KEY_ENV, "").strip()
        if not key:
            raise LiveUnavailable(f"set {KEY_ENV} to refresh NeoCloud prices; the embedded snapshot stays in use")
        client = self._http or httpx.Client(timeout=live.TIMEOUT)
        provenance = Provenance(source="live", as_of=datetime.now(UTC), reference=f"GET {live.API_URL}")
        pages = []
        try:
            for page in live.fetch_pages(client, key, self._sleep):
                pages.append(page)
                if progress:
                    progress("neocloud: price pages", len(pages), None)
        finally:
            if self._http is None:
                client.close()
        catalog = catalog_from_pages(pages, provenance)
        if not catalog.offers:
            raise LiveUnavailable("NeoCloud price API returned no usable offers")
        return catalog
