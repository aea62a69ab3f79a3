"""Sizing interactive and batch inference on unit configurations (capacity reference §10).

For each configuration every TP degree that fits in one unit is evaluated at once (numpy), the
one with the most output tokens per second per unit is kept, and replicas, units, elastic
unit-hours, utilisation and energy follow from the monthly demand.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from advisor.model.specs import ModelSpec
from advisor.sizing.devices import RowSpec, UnitConfig, tp_candidates, unit_watts
from advisor.sizing.efficiency import EfficiencyTable
from advisor.sizing.evaluate import Shape, evaluate, memory_breakdown
from advisor.sizing.precision import plan_precision
from advisor.sizing.roofline import ModelTerms
from advisor.model.workload import InferenceComponent
from advisor.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH  # 730 h billing month; 30-day token demand

MONTH_NOTE = "token demand per month over 30 days (2,592,000 s); unit-hours over 730 h"


def shape_of(c: InferenceComponent) -> Shape:
    return Shape(c.input_tokens_per_request, c.output_tokens_per_request * c.reasoning_multiplier)


def required_rate(c: InferenceComponent, headroom: float) -> tuple[float, float]:
    """(average output tok/s over the month, tok/s the provisioned units must sustain)."""
    avg = c.reasoning_multiplier * c.output_tokens_per_month / SECONDS_PER_MONTH
    peak = avg / c.duty * c.peak_to_average
    if c.kind == "batch-inference":
        if c.deadline_hours is not None:
            window_h = max(24.0, c.deadline_hours)
            peak = max(peak, avg * window_h / c.deadline_hours)
        return avg, peak
    return avg, peak * (1 + headroom)


def no_fit_reason(model: ModelSpec, precision: str, unit: UnitConfig, m: ModelTerms, shape: Shape, table: EfficiencyTable) -> str:
    usable = unit.devices * unit.memory_gb * table.defaults["usable_memory_fraction"]
    need = m.weight_bytes / 1e9
    total = unit.devices * unit.memory_gb
    have = f"{unit.label} has {total:.0f} GB ({usable:.1f} GB usable)" if total >= 100 else f"{unit.label} has {total:.1f} GB ({usable:.1f} GB usable)"
    activations = table.defaults["activation_gb_per_device"] * max(unit.devices, 1)
    if need + activations >= usable:
        amount = f"{need:.0f} GB" if need >= 100 else f"{need:.1f} GB"
        return f"{model.id} {precision} needs {amount} of weights + {activations:.0f} GB of activations; {have}"
    seq = shape.max_context * m.kv_per_token / 1e9
    return f"{model.id} {precision} ({need:.1f} GB of weights) leaves no room on {unit.label} for the KV cache of one {shape.max_context:,.0f}-token sequence ({seq:.2f} GB)"


def _limits(c: InferenceComponent, prefill: np.ndarray) -> np.ndarray | None:
    if c.kind == "batch-inference" or (c.slo.ttft_ms_p95 is None and c.slo.tokens_per_second_per_user is None):
        return None
    limit = np.full_like(prefill, np.inf)
    if c.slo.tokens_per_second_per_user:
        limit = np.minimum(limit, 1.0 / c.slo.tokens_per_second_per_user)
    if c.slo.ttft_ms_p95:
        limit = np.minimum(limit, c.slo.ttft_ms_p95 / 1e3 - prefill)
    return limit


def _slo_reason(c: InferenceComponent, unit: UnitConfig, tp: int, prefill: float, step1: float) -> str:
    where = f"{unit.label} (TP{tp})"
    s = c.slo.tokens_per_second_per_user
    if s and step1 > 1.0 / s:
        return f"per-user speed is {1 / step1:.0f} tok/s at batch 1 on {where}; the SLO asks {s:g} tok/s"
    t1 = c.slo.ttft_ms_p95 or 0
    return f"time to first token is {(prefill + step1) * 1e3:,.0f} ms at batch 1 on {where}; the SLO asks {t1:g} ms"


def size_inference(
    c: InferenceComponent, model: ModelSpec, units: list[UnitConfig], table: EfficiencyTable, engine: str = "default"
) -> list[dict[str, Any]]:
    """Sizing fields (without component and offer id) for each unit configuration, same order."""
    m = ModelTerms.of(model, c.precision)
    shape = shape_of(c)
    headroom = table.defaults["headroom"]
    avg, need = required_rate(c, headroom)
    items: list[RowSpec] = []
    owner: list[int] = []
    out: list[dict[str, Any]] = [{} for _ in units]
    for i, unit in enumerate(units):
        plan = plan_precision(unit.spec, c.precision)
        if isinstance(plan, str):
            out[i] = {"feasible": False, "reason": plan, "precision": c.precision}
            continue
        for tp in tp_candidates(unit.devices, model.heads):
            items.append(RowSpec(unit, tp, plan, table.lookup(unit.spec, tp, engine)))
            owner.append(i)
    if not items:
        return out
    ev = evaluate(items, table, m, shape)
    limit = _limits(c, ev.prefill_s)
    if limit is not None:
        ev = evaluate(items, table, m, shape, step_limit_s=limit)
    per_unit = np.array([max(1, int(it.unit.devices // it.tp)) for it in items], dtype=float)
    capacity = ev.tokens_per_s * per_unit
    # Prefer rows that serve, then rows that fit in memory, then more capacity, then smaller TP.
    score = [(bool(ev.batch[r] >= 1), bool(ev.max_batch[r] >= 1), round(float(capacity[r]), 6), -items[r].tp) for r in range(len(items))]
    best: dict[int, int] = {}
    for row, i in enumerate(owner):
        j = best.get(i)
        if j is None or score[row] > score[j]:
            best[i] = row
    for i, row in best.items():
        out[i] = _fields(c, model, items[row], ev, row, int(per_unit[row]), avg, need, m, shape, table, headroom)
    return out


WARM_POOL_NOTE = (
    "an interactive service keeps at least one unit warm for its duty hours: elastic billing never "
    "scales it to zero (cold starts and capacity at peak; tco reference §3)"
)


def _fields(c, model, item: RowSpec, ev, row: int, per_unit: int, avg, need, m, shape, table, headroom) -> dict[str, Any]:
    unit, tp = item.unit, item.tp
    eff = {**item.eff.describe(), "compute_dtype": item.plan.compute}
    notes = [MONTH_NOTE] + ([item.plan.note] if item.plan.note else [])
    base = {"precision": item.plan.storage, "tensor_parallel": tp, "efficiency": eff}
    b_max = int(ev.max_batch[row])
    if b_max < 1:
        return {**base, "feasible": False, "reason": no_fit_reason(model, c.precision, unit, m, shape, table), "notes": tuple(notes)}
    batch = int(ev.batch[row])
    if batch < 1:
        reason = _slo_reason(c, unit, tp, float(ev.prefill_s[row]), float(ev.step_at_one_s[row]))
        return {**base, "feasible": False, "reason": reason, "max_batch": b_max, "notes": tuple(notes)}
    x = float(ev.tokens_per_s[row])
    replicas = max(1, math.ceil(need / x - 1e-9))
    n_units = max(1, math.ceil(replicas / per_unit))
    unit_cap = x * per_unit
    busy_hours = avg / unit_cap * HOURS_PER_MONTH
    unit_hours = busy_hours * (1 if c.kind == "batch-inference" else 1 + headroom)
    if c.kind == "inference" and unit_hours < HOURS_PER_MONTH * c.duty:
        unit_hours = HOURS_PER_MONTH * c.duty
        notes.append(WARM_POOL_NOTE)
    energy, energy_note = _energy(unit, n_units, unit_hours, busy_hours, table)
    notes += [energy_note, "TTFT excludes queueing; the headroom keeps load below saturation"]
    if item.eff.calibration != "calibrated":
        notes.append(f"efficiency for {item.eff.hardware_class} is an {item.eff.calibration}")
    return {
        **base,
        "feasible": True,
        "replicas": replicas,
        "units": n_units,
        "unit_hours_per_month": round(unit_hours, 3),
        "utilisation": round(avg / (n_units * unit_cap), 6),
        "batch": batch,
        "max_batch": b_max,
        "ttft_ms": round(float(ev.ttft_s[row]) * 1e3, 3),
        "tpot_ms": round(float(ev.tpot_s[row]) * 1e3, 3),
        "output_tokens_per_second_per_replica": round(x, 3),
        "memory_gb": memory_breakdown(m, shape, tp, unit.memory_gb, batch, table),
        "energy_kwh_per_month": energy,
        "notes": tuple(n for n in notes if n),
    }


def _energy(unit: UnitConfig, n_units: int, unit_hours: float, busy_hours: float, table: EfficiencyTable) -> tuple[float | None, str]:
    """kWh before PUE: idle draw over powered hours plus the busy increment over busy hours."""
    watts = unit_watts(unit, table)
    if watts is None:
        return None, f"energy unknown: {unit.spec.id} has no published power figure"
    idle, busy = watts
    powered = n_units * HOURS_PER_MONTH if unit.always_on else unit_hours
    basis = "always-on units (730 h each)" if unit.always_on else "elastic unit-hours"
    kwh = (idle * powered + (busy - idle) * busy_hours) / 1e3
    return round(kwh, 3), f"energy before PUE over {basis}: {idle:.0f} W idle, {busy:.0f} W busy per unit"
