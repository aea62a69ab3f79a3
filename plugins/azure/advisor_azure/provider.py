"""The Azure provider: embedded Retail Prices snapshot, live refresh over the public API and ARM."""

from __future__ import annotations

import os
from pathlib import Path
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx and the live client are imported only when a refresh runs
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

from advisor_azure import arm
from advisor_azure.catalog import build_catalog
from advisor_azure.retail import PriceTerm, parse_items
from advisor_azure.sizes import VmSize, vm_sizes
from advisor_azure.venues import build_venues

SNAPSHOT = "data/retail_snapshot.json"


def snapshot_terms(snapshot: dict[str, Any]) -> list[PriceTerm]:
    """Price terms of the embedded pages, each page with the provenance of its source."""
    terms: list[PriceTerm] = []
    for page in snapshot["pages"]:
        source = page["_source"]
        terms.extend(parse_items(page["Items"], snapshot_provenance(source["as_of"], source["reference"])))
    return terms


@cache
def _snapshot_catalog() -> ProviderCatalog:
    snapshot = read_json("advisor_azure", SNAPSHOT)
    sizes = vm_sizes()
    provenance = snapshot_provenance(
        snapshot["captured"], "advisor-azure embedded snapshot of Azure Retail Prices rows (see each offer)"
    )
    return build_catalog(snapshot_terms(snapshot), sizes, build_venues(sizes.values()), provenance)


def apply_capabilities(sizes: dict[str, VmSize], capabilities: list[arm.SkuCapability]) -> dict[str, VmSize]:
    """In every location ARM answered for, a size is offered only where ARM lists it unrestricted;
    locations ARM said nothing about (e.g. Azure Government from a commercial subscription) keep the
    bundled lists."""
    answered = {cap.location for cap in capabilities}
    offered: dict[str, set[str]] = {}
    for cap in capabilities:
        if not cap.restricted:
            offered.setdefault(cap.name, set()).add(cap.location)
    return {
        name: replace(size, regions=frozenset((size.regions - answered) | offered.get(name, set())))
        for name, size in sizes.items()
    }


class AzureProvider(Provider):
    """Azure virtual machines: GPU families (T4, A10, A100, H100, H200) and AMX CPUs (DCesv5)."""

    name = "azure"
    kind = "cloud"
    description = "Microsoft Azure VMs: Retail Prices API (public) + ARM resource SKUs (optional)"

    def __init__(self, http_client: httpx.Client | None = None, credential: Any = None) -> None:
        self._http = http_client
        self._credential = credential

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return _snapshot_catalog()

    def build_snapshot(self, output: Path | None = None, progress: Progress | None = None) -> str:
        """The embedded Retail Prices snapshot rebuilt from the public API, every offered region."""
        from advisor_azure.build_snapshot import DEFAULT_OUTPUT, build

        if progress:
            progress("azure: Retail Prices API, every offered region", 0, None)
        return build(output or DEFAULT_OUTPUT, self._http)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        from advisor.plugin import require_extra
        from advisor_azure import live_retail

        httpx = require_extra("httpx", "advisor-azure")

        sizes = vm_sizes()
        venues = build_venues(sizes.values())
        notes: list[str] = []
        try:
            sizes = apply_capabilities(sizes, arm.list_capabilities(venues, self._credential))
        except LiveUnavailable as exc:
            notes.append(f"capabilities skipped: {exc}")
        client = self._http or httpx.Client(timeout=live_retail.TIMEOUT)
        terms: list[PriceTerm] = []
        now = datetime.now(UTC)
        try:
            for done, region in enumerate(venues):
                if progress:
                    progress(f"azure: retail prices {region}", done, len(venues))
                reference = f"{live_retail.RETAIL_URL}?api-version={live_retail.API_VERSION} ({region})"
                provenance = Provenance(source="live", as_of=now, reference=reference)
                for page in live_retail.fetch_pages(client, region, sizes):
                    terms.extend(parse_items(page.get("Items") or (), provenance))
        finally:
            if self._http is None:
                client.close()
        if not terms:
            raise LiveUnavailable("Azure Retail Prices returned no usable rows")
        reference = f"{live_retail.RETAIL_URL}?api-version={live_retail.API_VERSION}"
        if notes:
            reference += "; " + "; ".join(notes)
        catalog = build_catalog(parse_items_dedup(terms), sizes, venues, Provenance(source="live", as_of=now, reference=reference))
        return self._with_eviction(catalog, now, notes)

    def _with_eviction(self, catalog: ProviderCatalog, now: datetime, notes: list[str]) -> ProviderCatalog:
        """Spot offers with Resource Graph eviction bands, when a credential can read them."""
        import httpx

        from advisor_azure import eviction

        if self._credential is None and not os.environ.get("AZURE_SUBSCRIPTION_ID"):
            notes.append("spot eviction rates skipped: AZURE_SUBSCRIPTION_ID is not set")
        else:
            spot = sorted({o.sku for o in catalog.offers if o.billing == "spot"})
            client = self._http or httpx.Client(timeout=30)
            try:
                pages = eviction.fetch_eviction(client, eviction.arm_token(self._credential), spot) if spot else []
                bands = eviction.parse_eviction(pages)
                regions = {v.id: v.region for v in catalog.venues}
                offers = eviction.with_eviction(catalog.offers, bands, now.date().isoformat(), regions)
                catalog = catalog.model_copy(update={"offers": offers})
                notes.append(f"spot eviction rates: {eviction.SOURCE}, {len(bands)} size-location bands")
            except LiveUnavailable as exc:
                notes.append(f"spot eviction rates skipped: {exc}")
            finally:
                if self._http is None:
                    client.close()
        reference = catalog.provenance.reference + "".join(f"; {n}" for n in notes[-1:])
        return catalog.model_copy(update={"provenance": catalog.provenance.model_copy(update={"reference": reference})})


def parse_items_dedup(terms: list[PriceTerm]) -> list[PriceTerm]:
    """Terms of several regions' pages, one per key (pages never overlap, but be safe)."""
    return list({t.key: t for t in terms}.values())
