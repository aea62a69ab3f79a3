"""Helpers for a provider plugin's live path (``refresh``): bounded retries with jitter, optional SDK imports,
and one JSON-over-HTTP call built on them.

Part of the public plugin surface, beside ``advisor.provider.LiveUnavailable``: every plugin retries
the same way and names its missing extra the same way. Backoff is "full jitter" (a random wait
between 0 and the exponential ceiling, so many clients throttled together do not retry in step;
Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015); a server's
Retry-After is honoured as given, capped.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from types import ModuleType
from typing import Any, TypeVar

from advisor.plugin.provider import LiveUnavailable

T = TypeVar("T")

MAX_ATTEMPTS = 3
BASE_S = 1.0
CAP_S = 30.0
#: Error codes with which AWS APIs (the Price List, EC2) say "slow down": retry these, refuse the rest.
#: Source: AWS SDK retry behavior, "Throttling errors" (docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
AWS_THROTTLING_CODES = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"})


class Retryable(Exception):
    """Raised inside a retried call: try again (after ``retry_after_s`` if the server said), or give up
    with ``message`` as the LiveUnavailable reason when the attempts are spent."""

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s


def backoff_s(attempt: int, *, retry_after_s: float | None = None, base_s: float = BASE_S, cap_s: float = CAP_S,
              jitter: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry ``attempt + 1`` (attempt counts from 0): Retry-After when given
    (capped at ``cap_s``), else a random share (``jitter()`` in [0, 1]) of ``min(cap_s, base_s * 2**attempt)``."""
    if retry_after_s is not None:
        return min(cap_s, max(0.0, retry_after_s))
    return min(cap_s, base_s * 2.0**attempt) * jitter()


def retry_after_header(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds from an HTTP Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now())
    except (TypeError, ValueError, IndexError):
        return None


def with_retries(call: Callable[[], T], *, attempts: int = MAX_ATTEMPTS, base_s: float = BASE_S, cap_s: float = CAP_S,
                 sleep: Callable[[float], None] = time.sleep, jitter: Callable[[], float] = random.random) -> T:
    """``call()``'s result; each ``Retryable`` it raises waits (backoff_s) and tries again, at most
    ``attempts`` calls in all, then becomes ``LiveUnavailable(message)``. Other exceptions pass through."""
    for attempt in range(attempts):
        try:
            return call()
        except Retryable as exc:
            if attempt + 1 >= attempts:
                raise LiveUnavailable(exc.message) from exc
            sleep(backoff_s(attempt, retry_after_s=exc.retry_after_s, base_s=base_s, cap_s=cap_s, jitter=jitter))
    raise LiveUnavailable("no attempt was made (attempts < 1)")


def require_extra(module: str, distribution: str, extra: str = "live") -> ModuleType:
    """Import an optional SDK of a live path, or LiveUnavailable naming the extra that installs it.

    The snapshot keeps working without it; only ``advisor prices refresh`` needs the SDK.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise LiveUnavailable(
            f"{module} is not installed; live prices need the '{extra}' extra: "
            f"advisor install '{distribution}[{extra}]' (or pip install '{distribution}[{extra}]')"
        ) from exc


def http_json(client: Any, method: str, url: str, *, what: str, attempts: int = MAX_ATTEMPTS,
              cap_s: float = CAP_S, sleep: Callable[[float], None] = time.sleep, **request: Any) -> Any:
    """The decoded JSON body of one request through an ``httpx.Client`` the plugin made (so httpx is
    installed: its live extra). HTTP 429, 5xx and timeouts are retried (``with_retries``: Retry-After,
    else jittered backoff); any other failure, or the attempts spent, is ``LiveUnavailable`` naming
    ``what`` and ``url`` (never the query, which may carry a key)."""
    import httpx

    def attempt() -> Any:
        try:
            response = client.request(method, url, **request)
        except httpx.TimeoutException as exc:
            raise Retryable(f"{what}: {method} {url} timed out after {attempts} attempts ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"{what}: {type(exc).__name__} calling {url}") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise Retryable(f"{what}: HTTP {status} from {url}, still after {attempts} attempts",
                            retry_after_header(response.headers.get("Retry-After")))
        if status != 200:
            raise LiveUnavailable(f"{what}: HTTP {status} from {url}")
        try:
            return response.json()
        except ValueError as exc:
            raise LiveUnavailable(f"{what}: the answer from {url} is not valid JSON ({exc})") from exc

    return with_retries(attempt, attempts=attempts, cap_s=cap_s, sleep=sleep)
