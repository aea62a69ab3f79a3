"""Fetch NeoCloud's price pages over HTTPS: API key in a header, short timeouts, bounded retries.

The key is sent as ``Authorization: Bearer ...`` and never appears in a message or log: errors name
the URL and status only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from advisor.plugin import LiveUnavailable, Retryable, retry_after_header, with_retries

API_URL = "https://api.neocloud.example/v1/instance-types"
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_ATTEMPTS = 4
MAX_PAGES = 50
MAX_RETRY_AFTER_S = 30.0


def get_page(client: httpx.Client, params: dict[str, str], key: str, sleep: Callable[[float], None]) -> dict[str, Any]:
    """One page, retrying 429/5xx and timeouts up to MAX_ATTEMPTS with advisor.live's helper (the server's
    Retry-After, else jittered exponential back-off); any other failure is LiveUnavailable."""
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}

    def attempt() -> dict[str, Any]:
        try:
            response = client.get(API_URL, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise Retryable(f"NeoCloud price API timed out {MAX_ATTEMPTS} times ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"NeoCloud price API unreachable: {type(exc).__name__}") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise Retryable(f"NeoCloud price API still throttled or failing after {MAX_ATTEMPTS} attempts",
                            retry_after_header(response.headers.get("Retry-After")))
        if response.status_code in (401, 403):
            raise LiveUnavailable(f"NeoCloud rejected the API key (HTTP {response.status_code})")
        if response.status_code != 200:
            raise LiveUnavailable(f"NeoCloud price API answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise LiveUnavailable("NeoCloud price API sent invalid JSON") from None

    return with_retries(attempt, attempts=MAX_ATTEMPTS, cap_s=MAX_RETRY_AFTER_S, sleep=sleep)


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
