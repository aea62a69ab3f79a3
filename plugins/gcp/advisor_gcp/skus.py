"""Cloud Billing Catalog SKUs (REST JSON shape) → per-unit component rates.

The same function reads the embedded snapshot and live pages (live protos are turned into the same
JSON with ``Sku.to_json``), so both paths agree. Traps handled (pricing-apis reference §2.2): USD only,
region from ``serviceRegions`` never from the description, Sole Tenancy / Reserved / Premium / Custom
/ suspended rows and licence SKUs (Windows, SQL Server, RHEL, SLES) skipped, usage units checked (``h`` for cores and GPUs, ``GiBy.h`` for RAM,
``GiBy.mo`` for the local SSD bundled with a2-ultragpu and a3 machines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from advisor.plugin import HOURS_PER_MONTH_DECIMAL, Provenance

USAGE_BILLING = {"OnDemand": "on_demand", "Preemptible": "spot", "Commit1Yr": "committed_use", "Commit3Yr": "committed_use"}
USAGE_MONTHS = {"Commit1Yr": 12, "Commit3Yr": 36}
_SKIP = re.compile(r"sole tenancy|reserved|premium|custom|suspended|licens|windows|sql server|rhel|sles", re.IGNORECASE)
#: Operating-system and software licences are billed as their own SKUs (resourceFamily "License"):
#: never part of a Linux machine's price.
_LICENCE_FAMILIES = frozenset({"License"})
_CPU_RAM = re.compile(
    r"^(?:spot preemptible |preemptible )?(?:commitment v1: )?"
    r"(?P<family>n1 predefined|a2|a3|g2|c3)(?: instance)? (?P<kind>core|cpu|ram)\b",
    re.IGNORECASE,
)
_N1_COMMIT = re.compile(r"^commitment v1: (?P<kind>cpu|ram) in ", re.IGNORECASE)
_GPU = re.compile(
    r"nvidia (?:tesla )?(?P<gpu>a100 80gb|a100|h100 80gb|h100|l4|t4) gpu", re.IGNORECASE
)
_GPU_IDS = {"t4": "T4", "l4": "L4", "a100": "A100-40GB", "a100 80gb": "A100-80GB", "h100 80gb": "H100-SXM", "h100": "H100-SXM"}
_LOCAL_SSD = re.compile(r"^(?:ssd backed local storage|commitment v1: local ssd)\b", re.IGNORECASE)
_FAMILIES = {"n1 predefined": "N1 Predefined", "a2": "A2", "a3": "A3", "g2": "G2", "c3": "C3"}
_UNITS = {"cpu": "h", "ram": "GiBy.h", "gpu": "h", "local_ssd": "GiBy.mo"}
LOCAL_SSD = "Local SSD"
#: Local SSD SKUs are priced per GiB-month; an hour is 1/730 of that month, the month of the project's
#: tco.md and of Google's pricing calculator (Cyclenerd pricing.pl: "730, same as Google Cloud Pricing
#: Calculator"). The catalog's own GiBy.mo base-unit factor (2^30 B x 2,678,400 s = 744 h, seen in public
#: ListSkus dumps of disk SKUs) would make the SSD part about 1.9 % smaller.
HOURS_PER_MONTH = HOURS_PER_MONTH_DECIMAL


@dataclass(frozen=True)
class Rate:
    """USD per unit of one component (vCPU-hour, GiB-hour of RAM, GPU-hour, GiB-month of local SSD)
    in one region and usage type, as the SKU prices it (``unit``)."""

    component: str  # cpu | ram | gpu | local_ssd
    name: str  # cpu family ("A2", "N1 Predefined"), GPU hardware id ("T4") or "Local SSD"
    region: str
    usage_type: str
    usd: Decimal
    sku_id: str
    description: str
    effective: str | None
    provenance: Provenance
    unit: str = "h"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.component, self.name, self.region, self.usage_type)

    @property
    def usd_per_hour(self) -> Decimal:
        """The hourly rate of one unit: per-month SKUs divided by ``HOURS_PER_MONTH``."""
        return self.usd / HOURS_PER_MONTH if self.unit == "GiBy.mo" else self.usd

    def usd_per_hour_for(self, amount: Decimal) -> Decimal:
        """The hourly cost of ``amount`` units, dividing by the month last so no digit is lost."""
        return self.usd * amount / HOURS_PER_MONTH if self.unit == "GiBy.mo" else self.usd * amount


def _component(description: str) -> tuple[str, str] | None:
    if _LOCAL_SSD.match(description):
        return "local_ssd", LOCAL_SSD
    gpu = _GPU.search(description)
    if gpu:
        return "gpu", _GPU_IDS[gpu.group("gpu").lower()]
    match = _CPU_RAM.match(description)
    if match:
        kind = "ram" if match.group("kind").lower() == "ram" else "cpu"
        return kind, _FAMILIES[match.group("family").lower()]
    n1 = _N1_COMMIT.match(description)
    if n1:
        return ("ram" if n1.group("kind").lower() == "ram" else "cpu"), "N1 Predefined"
    return None


def _money(price: Mapping[str, Any]) -> Decimal:
    return Decimal(str(price.get("units") or 0)) + Decimal(int(price.get("nanos") or 0)) / Decimal(10**9)


def _unit_price(sku: Mapping[str, Any], unit: str) -> tuple[Decimal, str | None] | None:
    """The USD price per ``unit`` of the SKU's current pricing, None if not USD, wrong unit or not positive."""
    infos = sku.get("pricingInfo") or ()
    if not infos:
        return None
    info = infos[-1]
    expression = info.get("pricingExpression") or {}
    if expression.get("usageUnit") != unit:
        return None
    for tier in expression.get("tieredRates") or ():
        price = tier.get("unitPrice") or {}
        if price.get("currencyCode", "USD") != "USD":
            return None
        amount = _money(price)
        if amount > 0:
            return amount, info.get("effectiveTime")
    return None


def rates_from_sku(sku: Mapping[str, Any], provenance: Provenance) -> list[Rate]:
    """One rate per service region of a Compute Engine vCPU, RAM, GPU or local SSD SKU; [] for anything else."""
    description = sku.get("description") or ""
    category = sku.get("category") or {}
    usage = category.get("usageType", "")
    if usage not in USAGE_BILLING or _SKIP.search(description) or category.get("resourceFamily") in _LICENCE_FAMILIES:
        return []
    component = _component(description)
    if component is None:
        return []
    unit = _UNITS[component[0]]
    priced = _unit_price(sku, unit)
    if priced is None:
        return []
    regions = sku.get("serviceRegions") or (sku.get("geoTaxonomy") or {}).get("regions") or ()
    return [
        Rate(component[0], component[1], region, usage, priced[0], sku.get("skuId", ""), description, priced[1], provenance, unit)
        for region in regions
    ]


def parse_skus(skus: Iterable[Mapping[str, Any]], provenance: Provenance) -> dict[tuple[str, str, str, str], Rate]:
    """Rates by (component, name, region, usage type); the latest effective time wins a tie."""
    rates: dict[tuple[str, str, str, str], Rate] = {}
    for sku in skus:
        for rate in rates_from_sku(sku, provenance):
            held = rates.get(rate.key)
            if held is None or (rate.effective or "") >= (held.effective or ""):
                rates[rate.key] = rate
    return rates
