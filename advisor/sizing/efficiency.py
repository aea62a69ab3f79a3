"""Efficiency factors, serving engines and model defaults as data (advisor/data/efficiency.toml),
looked up by (hardware class, engine, parallelism) so every estimate names its row, its source and
how far its calibration points scatter (``band``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from advisor.model.specs import HardwareSpec
from advisor.reference.engines import DEFAULT_ENGINE, Engine, engine_ids, find_engine

FABRICS = ("nvlink", "infinity-fabric", "ici", "neuronlink")


@dataclass(frozen=True)
class Efficiency:
    """One row of efficiency.toml: the factors the roofline is multiplied by, and their spread.

    ``band`` is the relative half-width of the range around an estimate: the largest calibration
    residual of the row's points (rounded up), wider for rows without their own measurements."""

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
    band: float
    source: str
    kv_mbu: float | None = None

    def describe(self) -> dict[str, float | str]:
        return {
            "engine": self.engine,
            "parallelism": self.parallelism,
            "hardware_class": self.hardware_class,
            "mbu": self.mbu,
            "kv_mbu": self.kv_mbu if self.kv_mbu is not None else self.mbu,
            "mfu_prefill": self.mfu_prefill,
            "mfu_decode": self.mfu_decode,
            "overhead_ms": self.overhead_ms,
            "calibration": self.calibration,
            "band": self.band,
            "source": self.source,
        }

    @property
    def row_id(self) -> str:
        return f"{self.hardware_class}/{self.engine}/{self.parallelism}"


@dataclass(frozen=True)
class EfficiencyTable:
    defaults: dict[str, float]
    allreduce_latency_us: dict[str, float]
    interconnect_default_gb_s: dict[str, float]
    switched: frozenset[str]
    network: dict[str, dict[str, float]]
    classes: dict[str, str]
    rows: dict[tuple[str, str, str], Efficiency]

    @property
    def engines(self) -> list[str]:
        return engine_ids()

    def engine(self, name: str) -> Engine | None:
        """The engine named ``name`` or one of its aliases (``trt-llm`` = ``tensorrt-llm``)."""
        return find_engine(name)

    def hardware_class(self, spec: HardwareSpec) -> str:
        if spec.id in self.classes:
            return self.classes[spec.id]
        return {"cpu": "cpu", "gpu": "gpu-other"}.get(spec.kind, "accelerator-other")

    def parallelism(self, spec: HardwareSpec, tp: int, pp: int = 1) -> str:
        if pp > 1:
            return "multi-node"
        if tp <= 1:
            return "single"
        return "tp-nvlink" if spec.kind != "cpu" and spec.interconnect in FABRICS else "tp-pcie"

    def unsupported(self, spec: HardwareSpec, engine: str) -> str | None:
        """Why ``engine`` cannot serve on ``spec`` (TensorRT-LLM on Inferentia, Neuron on a GPU), or None."""
        eng = self.engine(engine)
        if eng is None:
            return f"unknown engine '{engine}'; known: {', '.join(self.engines)}"
        cls = self.hardware_class(spec)
        if eng.runs_on_class(cls):
            return None
        return f"engine {eng.label} does not run on {spec.id} ({cls}); it runs on {', '.join(eng.runs_on)}"

    def lookup(self, spec: HardwareSpec, tp: int, engine: str = DEFAULT_ENGINE, pp: int = 1) -> Efficiency:
        """The most specific row: the engine's own, else the default engine's for the class (band
        widened: no measurement of this engine there), else the unknown-class row."""
        eng = self.engine(engine)
        name = eng.id if eng else DEFAULT_ENGINE
        cls, par = self.hardware_class(spec), self.parallelism(spec, tp, pp)
        own = self.rows.get((cls, name, par))
        if own is not None:
            return own
        fabric = "tp-nvlink" if spec.kind != "cpu" and spec.interconnect in FABRICS else "tp-pcie"
        near = fabric if par == "multi-node" else par  # across nodes: the class's TP row, network costed apart
        widen = self.defaults["engine_fallback_band"]
        for key in ((cls, name, near), (cls, DEFAULT_ENGINE, par), (cls, DEFAULT_ENGINE, near),
                    ("*", DEFAULT_ENGINE, par), ("*", DEFAULT_ENGINE, near)):
            row = self.rows.get(key)
            if row is None:
                continue
            if row.engine == name:
                return row
            band = max(row.band, widen)
            status = row.calibration if row.calibration == "uncalibrated estimate" else "estimate"
            return replace(row, engine=name, band=band, calibration=status,
                           source=f"{row.source}; no measurement of {name} on {cls}: the default engine's row, band ±{band:.0%}")
        return self.rows[("*", DEFAULT_ENGINE, "single")]

    def allreduce_s(self, spec: HardwareSpec) -> float:
        return self.allreduce_latency_us.get(spec.interconnect, self.allreduce_latency_us["pcie"]) * 1e-6

    def allreduce_hops(self, spec: HardwareSpec, tp: int) -> float:
        """Latency terms per all-reduce: 2 through a switch (NVSwitch-style), 2·(TP−1) around a ring."""
        return 2.0 if spec.interconnect in self.switched else 2.0 * max(tp - 1, 0)

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
        switched=frozenset(raw["switched_interconnects"]["ids"]),
        network={k: {kk: float(vv) for kk, vv in v.items() if not isinstance(vv, str)} for k, v in raw["network"].items()},
        classes=classes,
        rows=rows,
    )
