"""Machine price = vCPUs × core rate + GiB × RAM rate (+ GPUs × GPU rate) (+ bundled local SSD GiB ×
SSD rate ÷ 730 h), per region and usage type, from catalog SKUs (pricing reference §2.3).

Any missing component leaves the machine UNPRICED (None), never partly priced: a host-only figure
shown as the machine price is the SkyPilot a2-highgpu-1g trap (pricing reference §8), and an a3 or
a2-ultragpu without its billed local SSD would be cheaper than what Google charges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from advisor.plugin import Provenance

from advisor_gcp.machines import Machine
from advisor_gcp.skus import HOURS_PER_MONTH, LOCAL_SSD, Rate

RateTable = Mapping[tuple[str, str, str, str], Rate]


@dataclass(frozen=True)
class Priced:
    """One way of pricing a machine: the hourly price or None, what it is made of, where it came from."""

    price: Decimal | None
    basis: str  # sku_composition | machine_total
    components: dict[str, dict[str, Any]]
    missing: tuple[str, ...]
    provenances: tuple[Provenance, ...]
    detail: dict[str, Any] | None = None

    @property
    def as_of(self) -> datetime | None:
        """The date of the oldest figure the price depends on."""
        return min((p.as_of for p in self.provenances), default=None)


def quantity(value: float | int) -> Decimal:
    return Decimal(str(value))


def _parts(machine: Machine, region: str, usage: str) -> list[tuple[str, float, tuple[str, str, str, str]]]:
    parts = [
        ("vcpu", float(machine.vcpus), ("cpu", machine.cpu_family, region, usage)),
        ("ram", machine.memory_gib, ("ram", machine.cpu_family, region, usage)),
    ]
    if machine.gpu:
        parts.append(("gpu", float(machine.gpu_count), ("gpu", machine.gpu, region, usage)))
    if machine.local_ssd_gib:
        parts.append(("local_ssd", machine.local_ssd_gib, ("local_ssd", LOCAL_SSD, region, usage)))
    return parts


def rate_entry(rate: Rate, amount: float) -> dict[str, Any]:
    """How one SKU rate enters a machine price, shown to users."""
    entry: dict[str, Any] = {
        "quantity": amount,
        "usd_per_unit_hour": str(rate.usd_per_hour),
        "usd_per_hour": str(rate.usd_per_hour_for(quantity(amount))),
        "sku_id": rate.sku_id,
    }
    if rate.unit == "GiBy.mo":
        entry.update({"usd_per_gib_month": str(rate.usd), "hours_per_month": int(HOURS_PER_MONTH)})
    return entry


def compose(machine: Machine, region: str, usage: str, rates: RateTable) -> Priced:
    """The machine's price from its component SKUs; None with the missing components named."""
    total = Decimal(0)
    components: dict[str, dict[str, Any]] = {}
    used: list[Rate] = []
    missing = []
    for label, amount, key in _parts(machine, region, usage):
        rate = rates.get(key)
        if rate is None:
            components[label] = {"quantity": amount, "usd_per_unit_hour": None, "usd_per_hour": None, "sku_id": None}
            missing.append(label)
            continue
        components[label] = rate_entry(rate, amount)
        used.append(rate)
        total += rate.usd_per_hour_for(quantity(amount))
    provenances = tuple(r.provenance for r in used)
    return Priced(None if missing else total, "sku_composition", components, tuple(missing), provenances)
