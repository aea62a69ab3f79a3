"""Sizing: how each offer serves one workload component (fit, latency, throughput, units, energy).

``size_component`` is the pipeline's entry point. Offers are grouped by the unit they sell, each
group is sized once (numpy across groups), and one ``Sizing`` comes back per offer, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.hardware import HardwareCatalog
from advisor.offers import Offer
from advisor.records import Sizing
from advisor.specs import ModelSpec
from advisor.workload import InferenceComponent, TrainingComponent

__all__ = ["size_component"]


def size_component(
    component: InferenceComponent | TrainingComponent,
    model: ModelSpec,
    offers: Sequence[Offer],
    hardware: HardwareCatalog,
    engine: str = "default",
) -> list[Sizing]:
    """One Sizing per offer, same order; offers that cannot serve say why in ``reason``."""
    from advisor.sizing.devices import UnitConfig, unit_config
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.inference import size_inference
    from advisor.sizing.training import size_training

    table = efficiency_table()
    allowed = _allowed_ids(component, hardware)
    seen: dict[tuple[Any, ...], UnitConfig | str] = {}
    slots: dict[tuple[Any, ...], int] = {}
    units: list[UnitConfig] = []
    per_offer: list[UnitConfig | str] = []
    for offer in offers:
        hw = offer.hardware
        key = (hw.accelerator, hw.accelerator_count, hw.accelerator_memory_gib, hw.cpu, hw.cpu_sockets, hw.memory_gib, offer.billing)
        unit = seen.get(key)
        if unit is None:
            unit = unit_config(offer, hardware)
            if allowed is not None and not isinstance(unit, str) and unit.spec.id not in allowed:
                unit = f"component '{component.name}' is restricted to hardware {', '.join(sorted(allowed))}"
            seen[key] = unit
        if not isinstance(unit, str) and unit.key not in slots:
            slots[unit.key] = len(units)
            units.append(unit)
        per_offer.append(unit)
    if isinstance(component, TrainingComponent):
        fields = size_training(component, model, units, table, engine)
    else:
        fields = size_inference(component, model, units, table, engine)
    base = {"component": component.name, "precision": component.precision}
    built = [{**_DEFAULTS, **base, **f} for f in fields]
    out: list[Sizing] = []
    for offer, unit in zip(offers, per_offer):
        if isinstance(unit, str):
            out.append(Sizing.model_construct(**{**_DEFAULTS, **base, "offer_id": offer.id, "feasible": False, "reason": unit}))
        else:
            out.append(Sizing.model_construct(**built[slots[unit.key]], offer_id=offer.id))
    return out


_DEFAULTS: dict[str, Any] = {
    "reason": None,
    "tensor_parallel": 1,
    "replicas": 0,
    "units": 0,
    "unit_hours_per_month": 0.0,
    "utilisation": 0.0,
    "batch": None,
    "max_batch": None,
    "ttft_ms": None,
    "tpot_ms": None,
    "output_tokens_per_second_per_replica": None,
    "memory_gb": {},
    "energy_kwh_per_month": None,
    "efficiency": {},
    "notes": (),
}


def _allowed_ids(component: InferenceComponent | TrainingComponent, hardware: HardwareCatalog) -> set[str] | None:
    if not component.hardware:
        return None
    return {spec.id for name in component.hardware if (spec := hardware.get(name)) is not None} or set(component.hardware)
