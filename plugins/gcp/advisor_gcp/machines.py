"""Compute Engine machine shapes from the bundled table, with N1 GPU attachments expanded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from advisor.plugin import read_json


@dataclass(frozen=True)
class Machine:
    """A priceable configuration: a machine type, plus attached GPUs for N1."""

    sku: str
    machine_type: str
    cpu_family: str
    vcpus: int
    memory_gib: float
    gpu: str | None
    gpu_count: int
    local_ssd_gib: float
    regions: frozenset[str]
    cpu: str | None = None
    cpu_note: str | None = None


def _attachments(machine: Machine, spec: dict[str, Any]) -> list[Machine]:
    """N1 + n GPUs for every GPU count whose vCPU and memory limits the host fits (reference §2.3)."""
    out = []
    for gpu, rule in spec.get("attach", {}).items():
        for count, (max_vcpus, max_gb) in rule["limits"].items():
            if machine.vcpus <= max_vcpus and machine.memory_gib <= max_gb:
                out.append(
                    Machine(
                        sku=f"{machine.machine_type}+{count}x{gpu}",
                        machine_type=machine.machine_type,
                        cpu_family=machine.cpu_family,
                        vcpus=machine.vcpus,
                        memory_gib=machine.memory_gib,
                        gpu=gpu,
                        gpu_count=int(count),
                        local_ssd_gib=0,
                        regions=machine.regions & frozenset(rule["regions"]),
                    )
                )
    return out


@cache
def machines() -> dict[str, Machine]:
    """Every bundled configuration by offer sku (machine type, or ``n1-...+<n>x<GPU>``)."""
    table = read_json("advisor_gcp", "data/machine_types.json")
    out: dict[str, Machine] = {}
    for spec in table["families"].values():
        for name, (vcpus, memory, gpus, ssd) in spec["machines"].items():
            machine = Machine(
                sku=name,
                machine_type=name,
                cpu_family=spec["cpu_family"],
                vcpus=int(vcpus),
                memory_gib=float(memory),
                gpu=spec.get("gpu") if gpus else None,
                gpu_count=int(gpus),
                local_ssd_gib=float(ssd),
                regions=frozenset(spec["regions"]),
                cpu=spec.get("cpu"),
                cpu_note=spec.get("cpu_note"),
            )
            out[name] = machine
            out.update((m.sku, m) for m in _attachments(machine, spec))
    return out


@cache
def gpu_memory_gib() -> dict[str, float]:
    table = read_json("advisor_gcp", "data/machine_types.json")
    return {gpu: float(spec["memory_gib"]) for gpu, spec in table["gpus"].items()}
