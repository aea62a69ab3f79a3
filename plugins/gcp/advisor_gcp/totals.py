"""Whole-machine prices from a source that summed the catalog SKUs itself (data/machine_totals.json).

Kept apart from the SKU path on purpose: a total is used as published, for the machine shape the
source priced, and never split into per-resource rates (splitting would be guesswork). Committed
use totals are published per month of 730 h and turned into an hourly rate by dividing by 730.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from advisor.plugin import Provenance, read_json, snapshot_provenance

from advisor_gcp.compose import Priced, RateTable, quantity, rate_entry
from advisor_gcp.machines import Machine
from advisor_gcp.skus import LOCAL_SSD

TOTALS = "data/machine_totals.json"
#: Usage type → (the source's field, whether the field is per month rather than per hour).
FIELDS = {"OnDemand": ("hour", False), "Preemptible": ("hour_spot", False), "Commit1Yr": ("month_1y", True),
          "Commit3Yr": ("month_3y", True)}
_NOT_GPU = ("cpu", "ram", "local-ssd")

TotalKey = tuple[str, str, str]  # machine type, region, usage type


@dataclass(frozen=True)
class Shape:
    """The machine as the source priced it."""

    vcpus: int
    memory_gib: float
    gpus: int
    local_ssd_gib: float

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> Shape:
        gpus = sum(int(v) for k, v in raw.items() if k not in _NOT_GPU)
        return cls(int(raw["cpu"]), float(raw["ram"]), gpus, float(raw.get("local-ssd", 0)))


@dataclass(frozen=True)
class MachineTotal:
    """One published machine price: USD per machine-hour, with the source's own field and figure."""

    machine_type: str
    region: str
    usage_type: str
    usd: Decimal
    field: str
    value: str
    hours_per_month: int | None
    shape: Shape
    provenance: Provenance


def parse_totals(table: Mapping[str, Any]) -> dict[TotalKey, MachineTotal]:
    """Every total of every page, keyed by machine type, region and usage type."""
    totals: dict[TotalKey, MachineTotal] = {}
    for page in table["pages"]:
        source = page["_source"]
        provenance = snapshot_provenance(source["as_of"], source["reference"])
        hours = int(page["hours_per_month"])
        for machine_type, entry in page["machines"].items():
            shape = Shape.of(entry["shape"])
            for region, figures in entry["cost"].items():
                for usage, (field, per_month) in FIELDS.items():
                    if field not in figures:
                        continue
                    value = str(figures[field])
                    usd = Decimal(value) / hours if per_month else Decimal(value)
                    if usd > 0:
                        totals[(machine_type, region, usage)] = MachineTotal(
                            machine_type, region, usage, usd, field, value, hours if per_month else None, shape, provenance
                        )
    return totals


@cache
def snapshot_totals() -> dict[TotalKey, MachineTotal]:
    return parse_totals(read_json("advisor_gcp", TOTALS))


def fits(machine: Machine, shape: Shape) -> bool:
    """Whether the source priced this machine: same vCPUs, memory and GPUs; local SSD bundled or absent."""
    same_host = (shape.vcpus, shape.memory_gib, shape.gpus) == (machine.vcpus, machine.memory_gib, machine.gpu_count)
    return same_host and shape.local_ssd_gib in (machine.local_ssd_gib, 0)


def from_total(machine: Machine, total: MachineTotal, rates: RateTable) -> Priced | None:
    """The machine's price from a published total; None if the source priced another shape.

    A total that leaves out the machine's bundled local SSD gets the SSD SKU added, and stays
    unpriced if no SSD rate is known for the region and usage type."""
    if not fits(machine, total.shape):
        return None
    components: dict[str, dict[str, Any]] = {
        "vcpu": {"quantity": float(machine.vcpus), "included_in_total": True},
        "ram": {"quantity": machine.memory_gib, "included_in_total": True},
    }
    if machine.gpu:
        components["gpu"] = {"quantity": float(machine.gpu_count), "included_in_total": True}
    detail = {"field": total.field, "value": total.value,
              "conversion": f"{total.field} / {total.hours_per_month} h" if total.hours_per_month else "as published (USD per hour)"}
    price, provenances = total.usd, [total.provenance]
    if machine.local_ssd_gib:
        ssd = rates.get(("local_ssd", LOCAL_SSD, total.region, total.usage_type))
        included = total.shape.local_ssd_gib == machine.local_ssd_gib
        entry = rate_entry(ssd, machine.local_ssd_gib) if ssd else {"quantity": machine.local_ssd_gib, "usd_per_hour": None}
        components["local_ssd"] = {**entry, "included_in_total": included}
        if not included:
            if ssd is None:
                return Priced(None, "machine_total", components, ("local_ssd",), tuple(provenances), detail)
            price += ssd.usd_per_hour_for(quantity(machine.local_ssd_gib))
            provenances.append(ssd.provenance)
    return Priced(price, "machine_total", components, (), tuple(provenances), detail)
