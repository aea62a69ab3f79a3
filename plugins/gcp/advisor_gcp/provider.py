"""The GCP provider: embedded Cloud Billing Catalog snapshot (SKU pages and published machine totals),
live refresh through google-cloud-billing (SKUs only)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

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

from advisor_gcp.catalog import build_catalog
from advisor_gcp.machines import machines
from advisor_gcp.skus import Rate, parse_skus
from advisor_gcp.totals import snapshot_totals
from advisor_gcp.venues import build_venues

SNAPSHOT = "data/skus_snapshot.json"
COMPUTE_SERVICE = "services/6F81-5844-456A"
CATALOG_URL = f"https://cloudbilling.googleapis.com/v1/{COMPUTE_SERVICE}/skus?currencyCode=USD"
KEY_ENVS = ("ADVISOR_GCP_API_KEY", "GOOGLE_API_KEY")


def snapshot_rates(snapshot: Mapping[str, Any]) -> dict[tuple[str, str, str, str], Rate]:
    """Rates of the embedded pages, each page with the provenance of its source."""
    rates: dict[tuple[str, str, str, str], Rate] = {}
    for page in snapshot["pages"]:
        source = page["_source"]
        rates.update(parse_skus(page["skus"], snapshot_provenance(source["as_of"], source["reference"])))
    return rates


@cache
def _snapshot_catalog() -> ProviderCatalog:
    snapshot = read_json("advisor_gcp", SNAPSHOT)
    provenance = snapshot_provenance(
        snapshot["captured"], "advisor-gcp embedded snapshot of Cloud Billing Catalog SKUs and machine totals (see each offer)"
    )
    return build_catalog(machines(), snapshot_rates(snapshot), build_venues(), provenance, snapshot_totals())


def make_client() -> Any:
    """A CloudCatalogClient: API key over REST when one is set, else Application Default Credentials."""
    from advisor.plugin import require_extra

    billing_v1 = require_extra("google.cloud.billing_v1", "advisor-gcp")
    ClientOptions = require_extra("google.api_core.client_options", "advisor-gcp").ClientOptions  # noqa: N806
    DefaultCredentialsError = require_extra("google.auth.exceptions", "advisor-gcp").DefaultCredentialsError  # noqa: N806
    key = next((os.environ[k] for k in KEY_ENVS if os.environ.get(k)), None)
    try:
        if key:
            return billing_v1.CloudCatalogClient(transport="rest", client_options=ClientOptions(api_key=key))
        return billing_v1.CloudCatalogClient()
    except DefaultCredentialsError as exc:
        raise LiveUnavailable(f"no GCP credentials (set {KEY_ENVS[0]} or ADC): {exc}") from exc


def list_sku_dicts(client: Any) -> Iterable[dict[str, Any]]:
    """Every Compute Engine SKU in USD, as the REST JSON the snapshot parser reads."""
    from google.cloud import billing_v1

    pager = client.list_skus(request={"parent": COMPUTE_SERVICE, "currency_code": "USD"})
    for sku in pager:
        yield json.loads(billing_v1.Sku.to_json(sku))


class GcpProvider(Provider):
    """Compute Engine: N1 + T4, G2 (L4), A2 (A100 40/80 GB), A3 (H100) and C3 (AMX) machines."""

    name = "gcp"
    kind = "cloud"
    description = "Google Compute Engine: Cloud Billing Catalog SKUs composed into machine prices"

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return _snapshot_catalog()

    def build_snapshot(self, output: Path | None = None, progress: Progress | None = None) -> str:
        """The embedded SKU snapshot rebuilt from the Cloud Billing Catalog (API key or ADC)."""
        from advisor_gcp.build_snapshot import DEFAULT_OUTPUT, build

        if progress:
            progress("gcp: Cloud Billing Catalog SKUs", 0, None)
        return build(output or DEFAULT_OUTPUT, self._client)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        client = self._client or make_client()
        now = datetime.now(UTC)
        provenance = Provenance(source="live", as_of=now, reference=CATALOG_URL)
        if progress:
            progress("gcp: Cloud Billing Catalog SKUs", 0, None)
        try:
            rates = parse_skus(list_sku_dicts(client), provenance)
        except LiveUnavailable:
            raise
        except Exception as exc:  # google-api-core raises many types; any failure keeps the snapshot
            raise LiveUnavailable(f"Cloud Billing Catalog failed: {exc!r}") from exc
        if not rates:
            raise LiveUnavailable("Cloud Billing Catalog returned no usable Compute Engine rates")
        return build_catalog(machines(), rates, build_venues(), provenance)
