"""Independent inference APIs as managed-API providers, each from its dated snapshot.

Only Together publishes prices through an API (its model list carries ``pricing.input`` and
``pricing.output`` in USD per million tokens, behind an account key); Fireworks, DeepInfra and Groq
publish pricing pages only, so they are snapshot-only and ``prices refresh`` says so.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor.plugin import ApiSnapshotProvider, LiveUnavailable, Progress

if TYPE_CHECKING:  # httpx is imported only when a live refresh runs (the 'live' extra)
    import httpx

TOGETHER_MODELS = "https://api.together.xyz/v1/models"
DISTRIBUTION = "advisor-api-inference"
ATTEMPTS = 3


def together_prices(models: list[dict[str, Any]], ids: set[str], as_of: str) -> dict[tuple[str, str], dict[str, str]]:
    """Together's ``GET /v1/models`` rows → {(model id, 'us'): prices}; a zero price (a free tier) is no price."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in models:
        pricing = row.get("pricing") or {}
        if row.get("id") not in ids:
            continue
        given = {k: Decimal(str(pricing[k])) for k in ("input", "output") if pricing.get(k) is not None}
        if len(given) == 2 and all(v > 0 for v in given.values()):
            out[(row["id"], "us")] = {**{k: format(v.normalize(), "f") for k, v in given.items()}, "as_of": as_of,
                                      "reference": f"GET {TOGETHER_MODELS} ({row['id']} pricing)"}
    return out


class TogetherProvider(ApiSnapshotProvider):
    name = "together"
    description = "Together AI serverless inference: open models per token (batch at half price)"
    package = "advisor_api_inference"
    snapshot_file = "together.json"

    def __init__(self, transport: httpx.BaseTransport | None = None, api_key: str | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__()
        self.transport, self.api_key, self.sleep = transport, api_key, sleep

    def live_prices(self, progress: Progress | None = None) -> tuple[dict[tuple[str, str], dict[str, str]], str]:
        from advisor.plugin import http_json, require_extra

        key = self.api_key or os.environ.get("TOGETHER_API_KEY")
        if not key:
            raise LiveUnavailable("together: the model list needs an account key (set TOGETHER_API_KEY)")
        snapshot, _ = self.snapshot()
        httpx = require_extra("httpx", DISTRIBUTION)
        timeout = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)
        with httpx.Client(timeout=timeout, transport=self.transport) as client:
            body = http_json(client, "GET", TOGETHER_MODELS, what="together", attempts=ATTEMPTS, sleep=self.sleep,
                             headers={"Authorization": f"Bearer {key}"})
        rows = body if isinstance(body, list) else body.get("data") or []
        ids = {m.get("live_id") or m["model"] for m in snapshot["models"]}
        if progress:
            progress(f"together: {len(rows)} models listed", 1, 1)
        today = datetime.now(UTC).date().isoformat()
        return together_prices(rows, ids, today), f"GET {TOGETHER_MODELS}"


class FireworksProvider(ApiSnapshotProvider):
    name = "fireworks"
    description = "Fireworks AI serverless inference: open models per token by size tier (snapshot only)"
    package = "advisor_api_inference"
    snapshot_file = "fireworks.json"


class DeepInfraProvider(ApiSnapshotProvider):
    name = "deepinfra"
    description = "DeepInfra: open models per token (snapshot only)"
    package = "advisor_api_inference"
    snapshot_file = "deepinfra.json"


class GroqProvider(ApiSnapshotProvider):
    name = "groq"
    description = "GroqCloud on LPUs: Llama 3.1/3.3 per token, fastest published speeds (snapshot only)"
    package = "advisor_api_inference"
    snapshot_file = "groq.json"


def PROVIDERS() -> list[ApiSnapshotProvider]:  # noqa: N802 - a factory read as a list
    """One instance of each provider, as the entry point registers them."""
    return [TogetherProvider(), FireworksProvider(), DeepInfraProvider(), GroqProvider()]
