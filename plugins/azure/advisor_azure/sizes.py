"""Azure VM sizes: shapes from the bundled table, GPU model and memory from the VM name.

ARM ``resource_skus`` reports only a GPU *count*; the model and per-GPU memory are read from the
size name (pricing-apis reference §3.2), so a renamed or unknown GPU family stays CPU-less rather
than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from advisor.plugin import read_json

#: (pattern over the size name without "Standard_", hardware id, GiB per GPU)
GPU_NAME_MAP: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(p, re.IGNORECASE), hw, mem)
    for p, hw, mem in (
        (r"^NC\d+as_T4_v3$", "T4", 16),
        (r"^NC\d+ads_A10_v4$", "A10", 24),
        (r"^NV\d+adm?s_A10_v5$", "A10", 24),
        (r"^NC\d+ads_A100_v4$", "A100-80GB", 80),
        (r"^ND\d+asr_v4$", "A100-40GB", 40),
        (r"^ND\d+amsr_A100_v4$", "A100-80GB", 80),
        (r"^NCC?\d+ad[i]?s_H100_v5$", "H100-NVL", 94),
        (r"^ND\d+isr_H100_v5$", "H100-SXM", 80),
        (r"^ND\d+isr_H200_v5$", "H200", 141),
        (r"^NC\d+s_v3$", "V100", 16),
        (r"^ND\d+rs_v2$", "V100", 32),
    )
)


def gpu_from_name(arm_sku_name: str) -> tuple[str, float] | None:
    """(hardware id, GiB per GPU) for a GPU VM size name, None for CPU sizes or unknown GPUs."""
    short = arm_sku_name.removeprefix("Standard_")
    for pattern, hw, mem in GPU_NAME_MAP:
        if pattern.match(short):
            return hw, mem
    return None


@dataclass(frozen=True)
class VmSize:
    """One VM size: its shape, family, host CPU and where the family is offered."""

    name: str
    family: str
    vcpus: int
    memory_gib: float
    gpus: float
    regions: frozenset[str]
    cpu: str | None = None
    host_cpu: str | None = None
    confidential: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def gpu(self) -> tuple[str, float] | None:
        return gpu_from_name(self.name) if self.gpus else None


def _family_sizes(family: str, spec: dict[str, Any]) -> list[VmSize]:
    notes = {"cpu_note": spec["cpu_note"]} if "cpu_note" in spec else {}
    return [
        VmSize(
            name=name,
            family=family,
            vcpus=int(shape[0]),
            memory_gib=float(shape[1]),
            gpus=float(shape[2]),
            regions=frozenset(spec["regions"]),
            cpu=spec.get("cpu"),
            host_cpu=spec.get("host_cpu"),
            confidential=tuple(spec.get("confidential", ())),
            notes=notes,
        )
        for name, shape in spec["sizes"].items()
    ]


@cache
def vm_sizes() -> dict[str, VmSize]:
    """Bundled VM sizes by ARM name (``Standard_...``)."""
    table = read_json("advisor_azure", "data/vm_sizes.json")
    return {s.name: s for family, spec in table["families"].items() for s in _family_sizes(family, spec)}
