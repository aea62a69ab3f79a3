"""Fetch NeoCloud's price pages over HTTPS: API key in a header, short timeouts, bounded retries.

The key is sent as ``Authorization: Bearer ...`` and never appears in a message or log: errors name
the URL and status only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from advisor.plugin import LiveUnavailable

API_URL = "https://api.neocloud.example/v1/instance-types"
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_ATTEMPTS = 4
MAX_PAGES = 50
MAX_RETRY_AFTER_S = 30.0


def retry_after_s(response: httpx.Response, attempt: int) -> float:
    """The server's Retry-After in seconds (capped), else exponential back-off."""
    try:
        wait = float(response.headers.get("Retry-After", ""))
    except ValueError:
        wait = 2.0**attempt
    return min(max(wait, 0.0), MAX_RETRY_AFTER_S)


def get_page(client: httpx.Client, params: dict[str, str], key: str, sleep: Callable[[float], None]) -> dict[str, Any]:
    """One page, retrying 429/5xx and timeouts up to MAX_ATTEMPTS; any other failure is LiveUnavailable."""
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    for attempt in range(MAX_ATTEMPTS):
        last = attempt + 1 == MAX_ATTEMPTS
        try:
            response = client.get(API_URL, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            if last:
                raise LiveUnavailable(f"NeoCloud price API timed out {MAX_ATTEMPTS} times ({type(exc).__name__})") from None
            sleep(2.0**attempt)
            continue
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"NeoCloud price API unreachable: {type(exc).__name__}") from None
        if response.status_code == 429 or response.status_code >= 500:
            if last:
                break
            sleep(retry_after_s(response, attempt))
            continue
        if response.status_code in (401, 403):
            raise LiveUnavailable(f"NeoCloud rejected the API key (HTTP {response.status_code})")
        if response.status_code != 200:
            raise LiveUnavailable(f"NeoCloud price API answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise LiveUnavailable("NeoCloud price API sent invalid JSON") from None
    raise LiveUnavailable(f"NeoCloud price API still throttled or failing after {MAX_ATTEMPTS} attempts")


def fetch_pages(client: httpx.Client, key: str, sleep: Callable[[float], None] = time.sleep) -> Iterator[dict[str, Any]]:
    """Every page of ``/v1/instance-types``, following ``next_page_token``."""
    params: dict[str, str] = {"currency": "USD"}
    for _ in range(MAX_PAGES):
        page = get_page(client, params, key, sleep)
        yield page
        token = page.get("next_page_token")
        if not token:
            return
        params = {"currency": "USD", "page_token": str(token)}
    raise LiveUnavailable(f"NeoCloud price API returned more than {MAX_PAGES} pages")
