"""Parse NeoCloud's price API (``GET /v1/instance-types``) into advisor offers.

One parser serves both paths: the snapshot shipped in the package is a list of saved API pages, and
a live refresh feeds it the pages it just fetched. NeoCloud is fictional; the shape mirrors common
GPU-cloud REST APIs, including their traps (prices in cents, 0 or null meaning "ask sales").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from advisor.plugin import Billing, Hardware, Offer, Provenance

PROVIDER = "neocloud"

#: The API's marketing GPU names → advisor hardware catalog ids.
GPU_MODELS: dict[str, str] = {
    "NVIDIA L4": "L4",
    "NVIDIA L40S": "L40S",
    "NVIDIA A100 80GB": "A100-80GB",
    "NVIDIA H100 80GB SXM5": "H100-SXM",
    "NVIDIA B200": "B200",
}

#: The API's billing names → advisor billing models.
BILLINGS: dict[str, Billing] = {"on_demand": "on_demand", "reserved": "reserved", "interruptible": "spot"}

#: Extra work from restarts on interruptible instances (a plugin's own estimate; stated in the offer).
INTERRUPTIBLE_OVERHEAD = 0.1


@dataclass
class Parsed:
    """Offers read from API pages, and what was skipped and why (shown in the catalog reference)."""

    offers: list[Offer] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def price_usd(cents: Any) -> Decimal | None:
    """Cents per hour → USD per hour; 0, null or garbage means "contact sales": unknown, never $0."""
    if cents is None or isinstance(cents, bool):
        return None
    try:
        value = Decimal(str(cents)) / 100
    except ArithmeticError:
        return None
    return value if value.is_finite() and value > 0 else None


def term_suffix(months: int) -> str:
    return f"{months // 12}y" if months % 12 == 0 else f"{months}m"


def offer_id(venue_id: str, sku: str, billing: Billing, months: int | None) -> str:
    """``<venue_id>:<sku>:<billing>``, with the term appended for commitments (e.g. ``:reserved:1y``)."""
    base = f"{venue_id}:{sku}:{billing}"
    return f"{base}:{term_suffix(months)}" if months else base


def _hardware(item: Mapping[str, Any]) -> Hardware | None:
    gpu = item.get("gpu") or {}
    accelerator = GPU_MODELS.get(str(gpu.get("model", "")))
    if accelerator is None:
        return None
    return Hardware(
        accelerator=accelerator,
        accelerator_count=int(gpu.get("count", 1)),
        accelerator_memory_gib=gpu.get("memory_gib"),
        vcpus=(item.get("cpu") or {}).get("vcpus"),
        memory_gib=item.get("memory_gib"),
    )


def _offer(sku: str, hardware: Hardware, row: Mapping[str, Any], venue_id: str, provenance: Provenance) -> Offer | str:
    billing = BILLINGS.get(str(row.get("billing")))
    if billing is None:
        return f"{sku} in {row.get('region')}: unknown billing {row.get('billing')!r}"
    months = int(row["term_months"]) if billing == "reserved" and row.get("term_months") else None
    if billing == "reserved" and months is None:
        return f"{sku} in {row.get('region')}: reserved price without term_months"
    return Offer(
        id=offer_id(venue_id, sku, billing, months),
        provider=PROVIDER,
        venue_id=venue_id,
        sku=sku,
        hardware=hardware,
        billing=billing,
        usd_per_hour=price_usd(row.get("price_cents_per_hour")),
        commitment_months=months,
        interruption_overhead=INTERRUPTIBLE_OVERHEAD if billing == "spot" else None,
        provenance=provenance,
    )


def parse_instance_types(items: Iterable[Mapping[str, Any]], provenance: Provenance, regions: Iterable[str]) -> Parsed:
    """Offers for every priced row of ``items`` in a known region; unknown GPUs and regions are skipped."""
    known = set(regions)
    parsed = Parsed()
    for item in items:
        sku = str(item.get("name", ""))
        hardware = _hardware(item)
        if not sku or hardware is None:
            parsed.skipped.append(f"{sku or '?'}: unknown GPU {(item.get('gpu') or {}).get('model')!r}")
            continue
        for row in item.get("pricing") or ():
            region = str(row.get("region", ""))
            if region not in known:
                parsed.skipped.append(f"{sku}: region {region!r} has no venue facts")
                continue
            result = _offer(sku, hardware, row, f"{PROVIDER}:{region}", provenance)
            (parsed.skipped if isinstance(result, str) else parsed.offers).append(result)
    parsed.offers.sort(key=lambda o: o.id)
    return parsed
