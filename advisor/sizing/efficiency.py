"""Efficiency factors and model defaults as data (advisor/data/efficiency.toml), looked up by
(hardware class, engine, parallelism) so every estimate can name the factor and its source."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from advisor.model.specs import HardwareSpec

FABRICS = ("nvlink", "infinity-fabric", "ici", "neuronlink")


@dataclass(frozen=True)
class Efficiency:
    """One row of efficiency.toml: the factors the roofline is multiplied by."""

    hardware_class: str
    engine: str
    parallelism: str
    mbu: float
    mfu_prefill: float
    mfu_decode: float
    mfu_training: float
    overhead_ms: float
    max_batch: int
    calibration: str
    source: str

    def describe(self) -> dict[str, float | str]:
        return {
            "engine": self.engine,
            "parallelism": self.parallelism,
            "hardware_class": self.hardware_class,
            "mbu": self.mbu,
            "mfu_prefill": self.mfu_prefill,
            "mfu_decode": self.mfu_decode,
            "overhead_ms": self.overhead_ms,
            "calibration": self.calibration,
            "source": self.source,
        }


@dataclass(frozen=True)
class EfficiencyTable:
    defaults: dict[str, float]
    allreduce_latency_us: dict[str, float]
    interconnect_default_gb_s: dict[str, float]
    classes: dict[str, str]
    rows: dict[tuple[str, str, str], Efficiency]

    @property
    def engines(self) -> list[str]:
        return sorted({k[1] for k in self.rows})

    def hardware_class(self, spec: HardwareSpec) -> str:
        if spec.id in self.classes:
            return self.classes[spec.id]
        return {"cpu": "cpu", "gpu": "gpu-other"}.get(spec.kind, "accelerator-other")

    def parallelism(self, spec: HardwareSpec, tp: int) -> str:
        if tp <= 1:
            return "single"
        return "tp-nvlink" if spec.kind != "cpu" and spec.interconnect in FABRICS else "tp-pcie"

    def lookup(self, spec: HardwareSpec, tp: int, engine: str = "default") -> Efficiency:
        """The most specific row: named engine, then the default engine, then the unknown-class row."""
        cls, par = self.hardware_class(spec), self.parallelism(spec, tp)
        for key in ((cls, engine, par), (cls, "default", par), ("*", "default", par)):
            if key in self.rows:
                return self.rows[key]
        return self.rows[("*", "default", "single")]

    def allreduce_s(self, spec: HardwareSpec) -> float:
        return self.allreduce_latency_us.get(spec.interconnect, self.allreduce_latency_us["pcie"]) * 1e-6

    def link_bytes_s(self, spec: HardwareSpec) -> float:
        """Per-direction device-to-device bandwidth (half the datasheet's bidirectional figure)."""
        total = spec.interconnect_gb_s or self.interconnect_default_gb_s.get(spec.interconnect, 32.0)
        return total / 2 * 1e9


@cache
def efficiency_table() -> EfficiencyTable:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("advisor.data").joinpath("efficiency.toml").read_text(encoding="utf-8")
    )
    classes = {hw: cls for cls, ids in raw["classes"].items() for hw in ids}
    rows = {}
    for row in raw["factor"]:
        eff = Efficiency(**row)
        rows[(eff.hardware_class, eff.engine, eff.parallelism)] = eff
    return EfficiencyTable(
        defaults={k: float(v) for k, v in raw["defaults"].items()},
        allreduce_latency_us={k: float(v) for k, v in raw["allreduce_latency_us"].items()},
        interconnect_default_gb_s={k: float(v) for k, v in raw["interconnect_default_gb_s"].items()},
        classes=classes,
        rows=rows,
    )
