"""HTTP for live marketplace prices: short timeouts, bounded retries on 429, LiveUnavailable on failure.

pricing-apis §0: every live call is optional; on any failure the snapshot stays in use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from advisor.plugin import LiveUnavailable, Retryable, require_extra, retry_after_header, with_retries

httpx = require_extra("httpx", "advisor-depin")

TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)
MAX_ATTEMPTS = 3
USER_AGENT = "advisor-depin/0.1 (+prices refresh)"


def fetch_json(
    method: str,
    url: str,
    *,
    json: Any = None,
    headers: dict[str, str] | None = None,
    transport: Any = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """The decoded JSON body of one request, retrying 429s (advisor.live); any other failure is LiveUnavailable."""
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    try:
        with httpx.Client(timeout=TIMEOUT, transport=transport, headers=all_headers) as client:

            def attempt() -> Any:
                response = client.request(method, url, json=json)
                if response.status_code == 429:
                    raise Retryable(f"{method} {url}: HTTP 429, still rate-limited after {MAX_ATTEMPTS} attempts",
                                    retry_after_header(response.headers.get("Retry-After")))
                if response.status_code != 200:
                    raise LiveUnavailable(f"{method} {url}: HTTP {response.status_code}")
                try:
                    return response.json()
                except ValueError as exc:
                    raise LiveUnavailable(f"{method} {url}: response is not valid JSON ({exc})") from exc

            return with_retries(attempt, attempts=MAX_ATTEMPTS, sleep=sleep)
    except httpx.HTTPError as exc:
        raise LiveUnavailable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
