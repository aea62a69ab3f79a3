"""Sizing: how each offer serves one workload component (fit, latency, throughput, units, energy).

``size_component`` is the pipeline's entry point. Offers are grouped by the unit they sell, each
group is sized once (numpy across groups), and one ``Sizing`` comes back per offer, in order.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.hardware import HardwareCatalog
from advisor.offers import Offer
from advisor.records import Sizing
from advisor.specs import ModelSpec
from advisor.workload import InferenceComponent, TrainingComponent

if TYPE_CHECKING:
    from advisor.sizing.devices import UnitConfig

__all__ = ["group_offers", "size_component", "size_units"]


def size_component(
    component: InferenceComponent | TrainingComponent,
    model: ModelSpec,
    offers: Sequence[Offer],
    hardware: HardwareCatalog,
    engine: str = "default",
) -> list[Sizing]:
    """One Sizing per offer, same order; offers that cannot serve say why in ``reason``."""
    units, slots = group_offers(component, offers, hardware)
    fields = size_units(component, model, [u for u in units if not isinstance(u, str)], engine)
    base = {**_DEFAULTS, "component": component.name, "precision": component.precision}
    done: list[dict[str, Any]] = []
    it = iter(fields)
    for unit in units:
        done.append({**base, "feasible": False, "reason": unit} if isinstance(unit, str) else {**base, **next(it)})
    paused = gc.isenabled()
    gc.disable()  # 10^5 acyclic records: collection passes would only rescan the offers
    try:
        return [_record(done[slot], offer.id) for offer, slot in zip(offers, slots)]
    finally:
        if paused:
            gc.enable()


def group_offers(
    component: InferenceComponent | TrainingComponent, offers: Sequence[Offer], hardware: HardwareCatalog
) -> tuple[list[UnitConfig | str], list[int]]:
    """Distinct units sold by the offers (or why one cannot be sized) and each offer's index into them."""
    from advisor.sizing.devices import unit_config

    allowed = _allowed_ids(component, hardware)
    by_object: dict[tuple[int, str], int] = {}
    by_value: dict[tuple[Any, ...], int] = {}
    units: list[UnitConfig | str] = []
    slots: list[int] = []
    for offer in offers:
        hw = offer.hardware
        fast = (id(hw), offer.billing)
        slot = by_object.get(fast)
        if slot is None:
            key = (hw.accelerator, hw.accelerator_count, hw.accelerator_memory_gib, hw.cpu, hw.cpu_sockets, hw.memory_gib, offer.billing)
            slot = by_value.get(key)
            if slot is None:
                unit = unit_config(offer, hardware)
                if allowed is not None and not isinstance(unit, str) and unit.spec.id not in allowed:
                    unit = f"component '{component.name}' is restricted to hardware {', '.join(sorted(allowed))}"
                slot = by_value[key] = len(units)
                units.append(unit)
            by_object[fast] = slot
        slots.append(slot)
    return units, slots


def size_units(
    component: InferenceComponent | TrainingComponent, model: ModelSpec, units: list[UnitConfig], engine: str = "default"
) -> list[dict[str, Any]]:
    """Sizing fields per distinct unit (the vectorised part), without component and offer id."""
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.inference import size_inference
    from advisor.sizing.training import size_training

    if isinstance(component, TrainingComponent):
        return size_training(component, model, units, efficiency_table(), engine)
    return size_inference(component, model, units, efficiency_table(), engine)


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


_FIELDS = frozenset(Sizing.model_fields)
_new = Sizing.__new__
_set_fields = Sizing.__pydantic_fields_set__.__set__  # type: ignore[attr-defined]
_set_extra = Sizing.__pydantic_extra__.__set__  # type: ignore[attr-defined]
_set_private = Sizing.__pydantic_private__.__set__  # type: ignore[attr-defined]


def _record(values: dict[str, Any], offer_id: str) -> Sizing:
    """A Sizing from already-checked values without re-validation (model_construct minus its
    per-field default lookup): one record per offer has to stay cheap at 10^5 offers."""
    rec = _new(Sizing)
    rec.__dict__.update(values)
    rec.__dict__["offer_id"] = offer_id
    _set_fields(rec, _FIELDS)
    _set_extra(rec, None)
    _set_private(rec, None)
    return rec
