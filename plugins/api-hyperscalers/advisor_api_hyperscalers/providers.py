"""Amazon Bedrock, Azure AI Foundry / Azure OpenAI and Vertex AI as managed-API providers.

Each answers from its dated snapshot (``data/*.json``); ``advisor prices refresh`` asks the public
price source for per-token prices (pricing-apis: AWS Price List, Azure Retail Prices, Cloud Billing
Catalog) and keeps the snapshot's limits, latency and data terms, which no price API publishes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advisor.plugin import ApiSnapshotProvider, LiveUnavailable, Progress

from advisor_api_hyperscalers.prices import VERTEX_SERVICE, Prices, azure_prices, bedrock_prices, vertex_prices

if TYPE_CHECKING:  # httpx is imported only when a live refresh runs
    import httpx

MAX_PAGES = 50
AZURE_RETAIL = "https://prices.azure.com/api/retail/prices"
BILLING_CATALOG = f"https://cloudbilling.googleapis.com/v1/services/{VERTEX_SERVICE}/skus"


def _names(snapshot: dict[str, Any], key: str) -> dict[str, str]:
    return {m[key]: m["model"] for m in snapshot["models"] if m.get(key)}


def get_pages(url: str, params: dict[str, str], next_key: str, items_key: str,
              transport: httpx.BaseTransport | None, progress: Progress | None, label: str) -> list[dict[str, Any]]:
    """Every item of a paged JSON listing (Azure's NextPageLink, Google's nextPageToken)."""
    import httpx

    items: list[dict[str, Any]] = []
    timeout = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)
    try:
        with httpx.Client(timeout=timeout, transport=transport) as client:
            page: str | None = url
            query: dict[str, str] | None = params
            for n in range(MAX_PAGES):
                response = client.get(page, params=query)  # type: ignore[arg-type]
                if response.status_code != 200:
                    raise LiveUnavailable(f"{label}: HTTP {response.status_code} from {url}")
                body = response.json()
                items += body.get(items_key) or []
                if progress:
                    progress(f"{label}: page {n + 1}", n + 1, None)
                token = body.get(next_key)
                if not token:
                    return items
                if next_key == "NextPageLink":
                    page, query = token, None
                else:
                    query = {**params, "pageToken": token}
    except httpx.HTTPError as exc:
        raise LiveUnavailable(f"{label}: {type(exc).__name__} calling {url}") from exc
    raise LiveUnavailable(f"{label}: more than {MAX_PAGES} pages from {url}")


class BedrockProvider(ApiSnapshotProvider):
    name = "bedrock"
    description = "Amazon Bedrock: open models per token (on-demand, batch) and provisioned throughput model units"
    package = "advisor_api_hyperscalers"
    snapshot_file = "bedrock.json"

    def __init__(self, client_factory: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.client_factory = client_factory

    def _client(self) -> Any:
        if self.client_factory is not None:
            return self.client_factory()
        try:
            import boto3
            from botocore.config import Config
        except ImportError as exc:  # pragma: no cover - boto3 is a dependency
            raise LiveUnavailable("bedrock: boto3 is not installed") from exc
        config = Config(connect_timeout=5, read_timeout=20, retries={"mode": "standard", "max_attempts": 2})
        return boto3.client("pricing", region_name="us-east-1", config=config)

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        snapshot, _ = self.snapshot()
        try:
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError as exc:  # pragma: no cover
            raise LiveUnavailable("bedrock: botocore is not installed") from exc
        items: list[str] = []
        try:
            for page in self._client().get_paginator("get_products").paginate(ServiceCode="AmazonBedrock"):
                items += page.get("PriceList") or []
                if progress:
                    progress(f"bedrock: {len(items)} price list items", len(items), None)
        except (BotoCoreError, ClientError) as exc:
            raise LiveUnavailable(f"bedrock: AWS Price List unavailable ({type(exc).__name__})") from exc
        return bedrock_prices(items, _names(snapshot, "price_list_name")), "pricing.get_products(ServiceCode=AmazonBedrock)"


class AzureFoundryProvider(ApiSnapshotProvider):
    name = "azure_foundry"
    description = "Azure AI Foundry serverless models and Azure OpenAI: per token, and provisioned throughput units (PTU)"
    package = "advisor_api_hyperscalers"
    snapshot_file = "azure_foundry.json"

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__()
        self.transport = transport

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        snapshot, _ = self.snapshot()
        meters = _names(snapshot, "retail_meter")
        clauses = " or ".join(f"startswith(meterName, '{m}')" for m in sorted(meters))
        query = f"priceType eq 'Consumption' and ({clauses})"
        items = get_pages(AZURE_RETAIL, {"$filter": query}, "NextPageLink", "Items", self.transport, progress, self.name)
        zones = {(v["retail_prices"]["armRegionName"], v["retail_prices"]["meter_tier"]): v["region"]
                 for v in snapshot["venues"] if v.get("retail_prices")}
        return azure_prices(items, meters, zones), f"GET {AZURE_RETAIL}?$filter={query}"


class VertexAiProvider(ApiSnapshotProvider):
    name = "vertex_ai"
    description = "Google Vertex AI Model Garden: open models as a service (MaaS), per token"
    package = "advisor_api_hyperscalers"
    snapshot_file = "vertex_ai.json"

    def __init__(self, transport: httpx.BaseTransport | None = None, api_key: str | None = None) -> None:
        super().__init__()
        self.transport = transport
        self.api_key = api_key

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        key = self.api_key or os.environ.get("GOOGLE_API_KEY")
        if not key:
            raise LiveUnavailable("vertex_ai: the Cloud Billing Catalog needs an API key (set GOOGLE_API_KEY)")
        snapshot, _ = self.snapshot()
        skus = get_pages(BILLING_CATALOG, {"key": key, "currencyCode": "USD"}, "nextPageToken", "skus",
                         self.transport, progress, self.name)
        return vertex_prices(skus, _names(snapshot, "billing_sku")), f"GET {BILLING_CATALOG}"
