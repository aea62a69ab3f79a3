"""HTTP for live marketplace prices: short timeouts, bounded retries on 429, LiveUnavailable on failure.

pricing-apis §0: every live call is optional; on any failure the snapshot stays in use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from advisor.plugin import LiveUnavailable

TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)
MAX_ATTEMPTS = 3
MAX_RETRY_AFTER_S = 30.0
USER_AGENT = "advisor-depin/0.1 (+prices refresh)"


def _retry_after_seconds(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait from a Retry-After header (seconds or HTTP date), else exponential backoff."""
    raw = response.headers.get("Retry-After")
    if raw:
        try:
            return min(MAX_RETRY_AFTER_S, max(0.0, float(raw)))
        except ValueError:
            try:
                delta = parsedate_to_datetime(raw).timestamp() - time.time()
                return min(MAX_RETRY_AFTER_S, max(0.0, delta))
            except (TypeError, ValueError):
                pass
    return min(MAX_RETRY_AFTER_S, 2.0**attempt)


def fetch_json(
    method: str,
    url: str,
    *,
    json: Any = None,
    headers: dict[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """The decoded JSON body of one request, retrying 429s; any other failure is LiveUnavailable."""
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    try:
        with httpx.Client(timeout=TIMEOUT, transport=transport, headers=all_headers) as client:
            for attempt in range(MAX_ATTEMPTS):
                response = client.request(method, url, json=json)
                if response.status_code == 429 and attempt + 1 < MAX_ATTEMPTS:
                    sleep(_retry_after_seconds(response, attempt))
                    continue
                if response.status_code != 200:
                    raise LiveUnavailable(f"{method} {url}: HTTP {response.status_code}")
                try:
                    return response.json()
                except ValueError as exc:
                    raise LiveUnavailable(f"{method} {url}: response is not valid JSON ({exc})") from exc
    except httpx.HTTPError as exc:
        raise LiveUnavailable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
    raise LiveUnavailable(f"{method} {url}: still rate-limited after {MAX_ATTEMPTS} attempts")
