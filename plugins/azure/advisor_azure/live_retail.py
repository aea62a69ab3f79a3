"""Live Azure Retail Prices fetch: public, no auth; pages via NextPageLink, bounded retries on 429/5xx."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from advisor.plugin import LiveUnavailable, Retryable, require_extra, retry_after_header, with_retries

httpx = require_extra("httpx", "advisor-azure")

RETAIL_URL = "https://prices.azure.com/api/retail/prices"
API_VERSION = "2023-01-01-preview"  # the only version that returns savingsPlan[]
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
MAX_ATTEMPTS = 4
MAX_PAGES = 200
MAX_RETRY_AFTER_S = 30.0


def region_filter(region: str, skus: Iterable[str]) -> str:
    """OData filter for Linux-relevant VM rows of ``skus`` in one region (values are case-sensitive)."""
    names = " or ".join(f"armSkuName eq '{s}'" for s in sorted(skus))
    return (
        f"serviceName eq 'Virtual Machines' and armRegionName eq '{region}' "
        f"and (priceType eq 'Consumption' or priceType eq 'Reservation') and ({names})"
    )


def _get(client: Any, url: str, params: dict[str, str] | None, sleep: Callable[[float], None]) -> dict[str, Any]:
    """One page; 429, 5xx and timeouts are retried (advisor.live: Retry-After, else jittered backoff)."""

    def attempt() -> dict[str, Any]:
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            raise Retryable(f"Azure Retail Prices timed out after {MAX_ATTEMPTS} attempts: {exc!r}") from exc
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"Azure Retail Prices unreachable: {exc!r}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise Retryable(f"Azure Retail Prices still throttled or failing (HTTP {response.status_code}) after "
                            f"{MAX_ATTEMPTS} attempts", retry_after_header(response.headers.get("Retry-After")))
        if response.status_code != 200:
            raise LiveUnavailable(f"Azure Retail Prices answered HTTP {response.status_code} for {url}")
        try:
            return response.json()
        except ValueError as exc:
            raise LiveUnavailable(f"Azure Retail Prices sent invalid JSON: {exc}") from exc

    return with_retries(attempt, attempts=MAX_ATTEMPTS, cap_s=MAX_RETRY_AFTER_S, sleep=sleep)


def fetch_pages(
    client: Any,
    region: str,
    skus: Iterable[str],
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[dict[str, Any]]:
    """Every page of Retail Prices rows for ``skus`` in ``region``, following NextPageLink."""
    params: dict[str, str] | None = {"api-version": API_VERSION, "$filter": region_filter(region, skus)}
    url: str | None = RETAIL_URL
    for _ in range(MAX_PAGES):
        if not url:
            return
        page = _get(client, url, params, sleep)
        yield page
        url, params = page.get("NextPageLink"), None
    raise LiveUnavailable(f"Azure Retail Prices returned more than {MAX_PAGES} pages for {region}")
