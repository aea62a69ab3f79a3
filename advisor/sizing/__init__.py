"""Sizing: how each offer serves one workload component (fit, latency, throughput, units, energy).

Offers are numbered by the unit they sell (``unit_codes``, or the run's ``catalog.columns``), each
unit is sized once (numpy across units, ``group_coded`` then ``size_grouped``), and one ``Sizing``
comes back per offer, in order (built on demand from the unit's figures). ``size_component`` is the
record-shaped entry point: a thin wrapper over the same calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from advisor.reference.hardware import HardwareCatalog
from advisor.model.offers import Offer
from advisor.model.records import Sizing
from advisor.model.specs import ClosedModel, ModelSpec
from advisor.trusted import trusted
from advisor.model.workload import InferenceComponent, TrainingComponent

if TYPE_CHECKING:
    from advisor.sizing.devices import UnitConfig
    from advisor.sizing.tokens import TokenUnit

__all__ = ["Sizings", "group_coded", "size_component", "size_grouped", "size_units", "unit_codes"]


def size_component(
    component: InferenceComponent | TrainingComponent,
    model: ModelSpec | ClosedModel,
    offers: Sequence[Offer],
    hardware: HardwareCatalog,
    engine: str = "default",
) -> Sizings:
    """One Sizing per offer, same order; offers that cannot serve say why in ``reason``."""
    units, slots = group_coded(component, *unit_codes(offers), hardware)
    return size_grouped(component, model, units, slots, [offer.id for offer in offers], engine)


def size_grouped(
    component: InferenceComponent | TrainingComponent,
    model: ModelSpec | ClosedModel,
    units: list[UnitConfig | TokenUnit | str],
    slots: list[int],
    offer_ids: Sequence[str],
    engine: str = "default",
) -> Sizings:
    """``size_component`` of offers already grouped by unit (``group_coded``)."""
    from advisor.reference.models import closed_weights
    from advisor.sizing.tokens import TokenUnit, size_token_unit

    if closed_weights(model):  # no weights to load: every machine is refused, only APIs remain
        why = (f"{model.id} has closed weights ({model.publisher} publishes none): only managed APIs serve it, "
               "so it cannot be self-hosted")
        units = [u if isinstance(u, str | TokenUnit) else why for u in units]
        fields: list[dict[str, Any]] = []
    else:
        machines = [u for u in units if not isinstance(u, str | TokenUnit)]
        fields = size_units(component, model, machines, engine) if machines else []
    base = {**_DEFAULTS, "component": component.name, "precision": component.precision}
    done: list[dict[str, Any]] = []
    it = iter(fields)
    for unit in units:
        if isinstance(unit, str):
            done.append({**base, "feasible": False, "reason": unit})
        elif isinstance(unit, TokenUnit):
            done.append({**base, **size_token_unit(component, unit, model)})
        else:
            done.append({**base, **next(it)})
    return Sizings(done, slots, offer_ids)


class Sizings(Sequence[Sizing]):
    """The sizings of many offers, held per distinct unit: an offer's ``Sizing`` record is built only
    when asked for (10^6 records cost ten times the sizing model that fills them)."""

    def __init__(self, per_unit: list[dict[str, Any]], slots: list[int], offer_ids: Sequence[str]) -> None:
        self.per_unit, self.slots, self.offer_ids = per_unit, slots, offer_ids
        self._templates: dict[int, Sizing] = {}
        self.handle = -1
        """Which sizing table of its run this is (``evaluation.shared.Shared`` numbers them): memo keys use it."""

    def __len__(self) -> int:
        return len(self.slots)

    @overload
    def __getitem__(self, index: int) -> Sizing: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sizing]: ...
    def __getitem__(self, index: int | slice) -> Sizing | list[Sizing]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return trusted(Sizing, {**self.per_unit[self.slots[index]], "offer_id": self.offer_ids[index]})

    def fields(self, index: int) -> dict[str, Any]:
        """The figures of offer ``index`` (shared with every offer selling the same unit: read only)."""
        return self.per_unit[self.slots[index]]

    def template(self, slot: int) -> Sizing:
        """A record of unit ``slot`` with an empty offer id, for figures that do not depend on the offer."""
        rec = self._templates.get(slot)
        if rec is None:
            rec = self._templates[slot] = trusted(Sizing, {**self.per_unit[slot], "offer_id": ""})
        return rec

    @property
    def feasible(self) -> list[bool]:
        flags = [u["feasible"] for u in self.per_unit]
        return [flags[s] for s in self.slots]


def unit_codes(offers: Sequence[Offer]) -> tuple[np.ndarray, list[Offer]]:
    """Each offer's unit code (distinct ``unit_key`` values numbered by first appearance) and an offer
    selling each unit: what ``group_coded`` reads (``catalog.columns`` computes the same for a run)."""
    from advisor.sizing.devices import unit_key

    by_value: dict[tuple[object, ...], int] = {}
    first: list[Offer] = []
    codes = np.empty(len(offers), dtype=np.int64)
    for k, offer in enumerate(offers):
        key = unit_key(offer.hardware, offer.billing, offer.tokens)
        code = by_value.get(key)
        if code is None:
            code = by_value[key] = len(first)
            first.append(offer)
        codes[k] = code
    return codes, first


def group_coded(
    component: InferenceComponent | TrainingComponent, codes: np.ndarray, first: Sequence[Offer],
    hardware: HardwareCatalog,
) -> tuple[list[UnitConfig | TokenUnit | str], list[int]]:
    """The distinct units the offers sell (or why one cannot be sized) and each offer's index into them,
    for offers already numbered by unit (``codes``, ``first[code]`` an offer selling it), numbered by
    first appearance. ``tests/oracles.group_offers`` is the per-record definition."""
    from advisor.sizing.devices import unit_config

    allowed = _allowed_ids(component, hardware)
    distinct, at = np.unique(codes, return_index=True)
    distinct = distinct[np.argsort(at)]  # numbered by first appearance
    slot_of = np.zeros(int(distinct.max()) + 1 if len(distinct) else 0, dtype=np.int64)
    slot_of[distinct] = np.arange(len(distinct))
    units: list[UnitConfig | TokenUnit | str] = []
    for code in distinct.tolist():
        unit = unit_config(first[code], hardware)
        if allowed is not None and hasattr(unit, "spec") and unit.spec.id not in allowed:
            unit = f"component '{component.name}' is restricted to hardware {', '.join(sorted(allowed))}"
        units.append(unit)
    return units, slot_of[codes].tolist()


def size_units(
    component: InferenceComponent | TrainingComponent, model: ModelSpec, units: list[UnitConfig], engine: str = "default"
) -> list[dict[str, Any]]:
    """Sizing fields per distinct unit (the vectorised part), without component and offer id."""
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.inference import size_inference
    from advisor.sizing.training import size_training

    engine = getattr(component, "engine", None) or engine
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
    "uncertainty": {},
    "notes": (),
}


def _allowed_ids(component: InferenceComponent | TrainingComponent, hardware: HardwareCatalog) -> set[str] | None:
    if not component.hardware:
        return None
    return {spec.id for name in component.hardware if (spec := hardware.get(name)) is not None} or set(component.hardware)
