"""Live Azure Retail Prices fetch: public, no auth; pages via NextPageLink, bounded retries on 429/5xx."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

from advisor.plugin import LiveUnavailable

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


def _retry_after(response: httpx.Response, attempt: int) -> float:
    header = response.headers.get("Retry-After", "")
    try:
        wait = float(header)
    except ValueError:
        wait = 2.0**attempt
    return min(max(wait, 0.0), MAX_RETRY_AFTER_S)


def _get(client: httpx.Client, url: str, params: dict[str, str] | None, sleep: Callable[[float], None]) -> dict[str, Any]:
    for attempt in range(MAX_ATTEMPTS):
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            if attempt + 1 == MAX_ATTEMPTS:
                raise LiveUnavailable(f"Azure Retail Prices timed out: {exc!r}") from exc
            sleep(2.0**attempt)
            continue
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"Azure Retail Prices unreachable: {exc!r}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            if attempt + 1 == MAX_ATTEMPTS:
                break
            sleep(_retry_after(response, attempt))
            continue
        if response.status_code != 200:
            raise LiveUnavailable(f"Azure Retail Prices answered HTTP {response.status_code} for {url}")
        try:
            return response.json()
        except ValueError as exc:
            raise LiveUnavailable(f"Azure Retail Prices sent invalid JSON: {exc}") from exc
    raise LiveUnavailable(f"Azure Retail Prices still throttled or failing after {MAX_ATTEMPTS} attempts")


def fetch_pages(
    client: httpx.Client,
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
