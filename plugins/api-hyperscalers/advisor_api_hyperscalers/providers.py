"""Amazon Bedrock, Azure AI Foundry / Azure OpenAI and Vertex AI as managed-API providers.

Each answers from its dated snapshot (``data/*.json``); ``advisor prices refresh`` asks the public
price source for per-token prices (pricing-apis: AWS Price List, Azure Retail Prices, Cloud Billing
Catalog) and keeps the snapshot's limits, latency and data terms, which no price API publishes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advisor.plugin import ApiSnapshotProvider, LiveUnavailable, Progress

from advisor_api_hyperscalers.prices import VERTEX_SERVICE, Prices, azure_prices, bedrock_prices, vertex_prices

if TYPE_CHECKING:  # httpx is imported only when a live refresh runs (the 'live' extra)
    import httpx

MAX_PAGES = 50
AZURE_RETAIL = "https://prices.azure.com/api/retail/prices"
BILLING_CATALOG = f"https://cloudbilling.googleapis.com/v1/services/{VERTEX_SERVICE}/skus"
DISTRIBUTION = "advisor-api-hyperscalers"
ATTEMPTS = 3
Sleep = Callable[[float], None]


def _names(snapshot: dict[str, Any], key: str) -> dict[str, str]:
    return {m[key]: m["model"] for m in snapshot["models"] if m.get(key)}


def get_pages(url: str, params: dict[str, str], next_key: str, items_key: str,
              transport: httpx.BaseTransport | None, progress: Progress | None, label: str,
              sleep: Sleep = time.sleep) -> list[dict[str, Any]]:
    """Every item of a paged JSON listing (Azure's NextPageLink, Google's nextPageToken); each page is
    one ``http_json`` call (429, 5xx and timeouts retried with jitter)."""
    from advisor.plugin import http_json, require_extra

    httpx = require_extra("httpx", DISTRIBUTION)
    items: list[dict[str, Any]] = []
    timeout = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)
    with httpx.Client(timeout=timeout, transport=transport) as client:
        page: str = url
        query: dict[str, str] | None = params
        for n in range(MAX_PAGES):
            body = http_json(client, "GET", page, what=label, params=query, attempts=ATTEMPTS, sleep=sleep)
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
    raise LiveUnavailable(f"{label}: more than {MAX_PAGES} pages from {url}")


class BedrockProvider(ApiSnapshotProvider):
    name = "bedrock"
    description = "Amazon Bedrock: open models per token (on-demand, batch) and provisioned throughput model units"
    package = "advisor_api_hyperscalers"
    snapshot_file = "bedrock.json"

    def __init__(self, client_factory: Callable[[], Any] | None = None, sleep: Sleep = time.sleep) -> None:
        super().__init__()
        self.client_factory = client_factory
        self.sleep = sleep

    def _client(self) -> Any:
        if self.client_factory is not None:
            return self.client_factory()
        from advisor.plugin import require_extra

        boto3 = require_extra("boto3", DISTRIBUTION)
        Config = require_extra("botocore.config", DISTRIBUTION).Config  # noqa: N806
        # the SDK's own retries off: throttling is retried once, here, with advisor's jittered backoff
        config = Config(connect_timeout=5, read_timeout=20, retries={"mode": "standard", "max_attempts": 1})
        return boto3.session.Session().client("pricing", region_name="us-east-1", config=config)

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        from advisor.plugin import AWS_THROTTLING_CODES, Retryable, require_extra, with_retries

        snapshot, _ = self.snapshot()
        errors = require_extra("botocore.exceptions", DISTRIBUTION)

        def attempt() -> list[str]:
            items: list[str] = []
            try:
                for page in self._client().get_paginator("get_products").paginate(ServiceCode="AmazonBedrock"):
                    items += page.get("PriceList") or []
                    if progress:
                        progress(f"bedrock: {len(items)} price list items", len(items), None)
            except errors.ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code in AWS_THROTTLING_CODES:
                    raise Retryable(f"bedrock: AWS Price List unavailable ({code}, still after {ATTEMPTS} attempts)") from exc
                raise LiveUnavailable(f"bedrock: AWS Price List unavailable ({code or type(exc).__name__})") from exc
            except errors.BotoCoreError as exc:
                raise LiveUnavailable(f"bedrock: AWS Price List unavailable ({type(exc).__name__})") from exc
            return items

        items = with_retries(attempt, attempts=ATTEMPTS, sleep=self.sleep)
        return bedrock_prices(items, _names(snapshot, "price_list_name")), "pricing.get_products(ServiceCode=AmazonBedrock)"


class AzureFoundryProvider(ApiSnapshotProvider):
    name = "azure_foundry"
    description = "Azure AI Foundry serverless models and Azure OpenAI: per token, and provisioned throughput units (PTU)"
    package = "advisor_api_hyperscalers"
    snapshot_file = "azure_foundry.json"

    def __init__(self, transport: httpx.BaseTransport | None = None, sleep: Sleep = time.sleep) -> None:
        super().__init__()
        self.transport, self.sleep = transport, sleep

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        snapshot, _ = self.snapshot()
        meters = _names(snapshot, "retail_meter")
        clauses = " or ".join(f"startswith(meterName, '{m}')" for m in sorted(meters))
        query = f"priceType eq 'Consumption' and ({clauses})"
        items = get_pages(AZURE_RETAIL, {"$filter": query}, "NextPageLink", "Items", self.transport, progress, self.name,
                          self.sleep)
        zones = {(v["retail_prices"]["armRegionName"], v["retail_prices"]["meter_tier"]): v["region"]
                 for v in snapshot["venues"] if v.get("retail_prices")}
        return azure_prices(items, meters, zones), f"GET {AZURE_RETAIL}?$filter={query}"


class VertexAiProvider(ApiSnapshotProvider):
    name = "vertex_ai"
    description = "Google Vertex AI Model Garden: open models as a service (MaaS), per token"
    package = "advisor_api_hyperscalers"
    snapshot_file = "vertex_ai.json"

    def __init__(self, transport: httpx.BaseTransport | None = None, api_key: str | None = None,
                 sleep: Sleep = time.sleep) -> None:
        super().__init__()
        self.transport, self.api_key, self.sleep = transport, api_key, sleep

    def live_prices(self, progress: Progress | None = None) -> tuple[Prices, str]:
        key = self.api_key or os.environ.get("GOOGLE_API_KEY")
        if not key:
            raise LiveUnavailable("vertex_ai: the Cloud Billing Catalog needs an API key (set GOOGLE_API_KEY)")
        snapshot, _ = self.snapshot()
        skus = get_pages(BILLING_CATALOG, {"key": key, "currencyCode": "USD"}, "nextPageToken", "skus",
                         self.transport, progress, self.name, self.sleep)
        return vertex_prices(skus, _names(snapshot, "billing_sku")), f"GET {BILLING_CATALOG}"
