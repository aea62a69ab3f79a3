"""ARM ``resource_skus``: which VM sizes a subscription may use where, and their GPU counts.

Only used by a live refresh with ``AZURE_SUBSCRIPTION_ID`` and an azure-identity credential; the SDK is
imported inside the function so importing the plugin stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor.plugin import LiveUnavailable


@dataclass(frozen=True)
class SkuCapability:
    """What ARM says of one VM size in one location."""

    name: str
    location: str
    vcpus: int | None
    memory_gib: float | None
    gpus: float | None
    restricted: bool
    reasons: tuple[str, ...]


def _capability(sku: Any, name: str) -> str | None:
    for cap in getattr(sku, "capabilities", None) or ():
        if cap.name == name:
            return cap.value
    return None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    """Enum members (azure-mgmt-compute 39) and plain strings (older releases) alike."""
    return str(getattr(value, "value", value))


def parse_resource_skus(skus: Iterable[Any]) -> list[SkuCapability]:
    """VM sizes only; a NotAvailableForSubscription or location restriction marks the size restricted."""
    out = []
    for sku in skus:
        if _text(getattr(sku, "resource_type", None)) != "virtualMachines":
            continue
        restrictions = getattr(sku, "restrictions", None) or ()
        reasons = tuple(_text(r.reason_code) for r in restrictions if r.reason_code is not None)
        restricted = any(_text(r.type).lower() == "location" for r in restrictions) or (
            "NotAvailableForSubscription" in reasons
        )
        vcpus = _number(_capability(sku, "vCPUs"))
        for location in sku.locations or ():
            out.append(
                SkuCapability(
                    name=sku.name,
                    location=location.lower(),
                    vcpus=int(vcpus) if vcpus is not None else None,
                    memory_gib=_number(_capability(sku, "MemoryGB")),
                    gpus=_number(_capability(sku, "GPUs")),
                    restricted=restricted,
                    reasons=reasons,
                )
            )
    return out


def list_capabilities(regions: Iterable[str], credential: Any = None, subscription_id: str | None = None) -> list[SkuCapability]:
    """resource_skus for each region; LiveUnavailable without a subscription or credential."""
    subscription_id = subscription_id or os.environ.get("AZURE_SUBSCRIPTION_ID")
    if not subscription_id:
        raise LiveUnavailable("AZURE_SUBSCRIPTION_ID is not set: VM size capabilities skipped")
    from advisor.plugin import require_extra

    ComputeManagementClient = require_extra("azure.mgmt.compute", "advisor-azure").ComputeManagementClient  # noqa: N806
    if credential is None:
        credential = require_extra("azure.identity", "advisor-azure").DefaultAzureCredential()
    client = ComputeManagementClient(credential, subscription_id, retry_total=2, retry_backoff_factor=0.5,
                                     connection_timeout=5, read_timeout=30)
    out: list[SkuCapability] = []
    try:
        for region in regions:
            out.extend(parse_resource_skus(client.resource_skus.list(filter=f"location eq '{region}'")))
    except Exception as exc:  # azure-core raises many types: any failure means no capabilities
        raise LiveUnavailable(f"ARM resource_skus failed: {exc!r}") from exc
    return out
