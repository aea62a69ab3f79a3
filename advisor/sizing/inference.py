"""Sizing interactive and batch inference on unit configurations (capacity reference §10).

For each configuration every TP degree that fits in one unit is evaluated at once (numpy), the
one with the most output tokens per second per unit is kept, and replicas, units, elastic
unit-hours, utilisation and energy follow from the monthly demand.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from advisor.model.specs import ModelSpec
from advisor.sizing.devices import RowSpec, UnitConfig, network_of, pp_candidates, tp_candidates, unit_watts
from advisor.reference.engines import Engine
from advisor.sizing.efficiency import Efficiency, EfficiencyTable
from advisor.sizing.evaluate import Evaluation, Shape, evaluate, memory_breakdown
from advisor.sizing.fleet import FLEET, fleet_unit_hours
from advisor.sizing.precision import PrecisionPlan, plan_precision
from advisor.sizing.roofline import Array, ModelTerms
from advisor.model.workload import InferenceComponent
from advisor.model.units import HOURS_PER_MONTH, SECONDS_PER_MONTH  # 730 h billing month; 30-day token demand

MONTH_NOTE = "token demand per month over 30 days (2,592,000 s); unit-hours over 730 h"


def shape_of(c: InferenceComponent) -> Shape:
    return Shape(c.input_tokens_per_request, c.output_tokens_per_request * c.reasoning_multiplier)


def required_rate(c: InferenceComponent, headroom: float) -> tuple[float, float]:
    """(average output tok/s over the month, tok/s the provisioned units must sustain at peak, times
    1 + headroom; interactive sizing passes 0 and plans the utilisation from the p95 SLO instead)."""
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


def _limits(c: InferenceComponent, prefill: Array) -> Array | None:
    """Per-row limit on the (pessimistic) decode step from the SLOs; ``prefill`` at its pessimistic end."""
    if c.kind == "batch-inference" or (c.slo.ttft_ms_p95 is None and c.slo.tokens_per_second_per_user is None):
        return None
    limit = np.full_like(prefill, np.inf)
    if c.slo.tokens_per_second_per_user:
        limit = np.minimum(limit, 1.0 / c.slo.tokens_per_second_per_user)
    if c.slo.ttft_ms_p95:
        limit = np.minimum(limit, ttft_budget_s(c) - prefill)
    return limit


NETWORK_SHARE_OF_TTFT = 0.1


def ttft_budget_s(c: InferenceComponent) -> float:
    """The model's share of the TTFT SLO: the network round trip (known per venue only later) gets 10 %."""
    return (c.slo.ttft_ms_p95 or 0) / 1e3 * (1 - NETWORK_SHARE_OF_TTFT)


def _slo_reason(c: InferenceComponent, unit: UnitConfig, tp: int, prefill: float, step1: float, band: float) -> str:
    where = f"{unit.label} (TP{tp}; pessimistic end, +{band:.0%})"
    s = c.slo.tokens_per_second_per_user
    if s and step1 > 1.0 / s:
        return f"per-user speed is {1 / step1:.0f} tok/s at batch 1 on {where}; the SLO asks {s:g} tok/s"
    t1 = c.slo.ttft_ms_p95 or 0
    return (f"time to first token is {(prefill + step1) * 1e3:,.0f} ms at batch 1 on {where}; the SLO asks {t1:g} ms "
            f"({t1 * (1 - NETWORK_SHARE_OF_TTFT):g} ms for the model, 10 % kept for the network)")


UTILISATION_GRID = np.array([1.0, 0.9, 0.8333, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.08, 0.04, 0.02])


def planned_utilisation(c: InferenceComponent, ev: Evaluation, shape: Shape, most: float) -> Array:
    """Per row: the busiest a replica may run (share of its pessimistic capacity, at most ``most``)
    with its p95 TTFT and p95 per-token time within the SLO; 0 where even a near-idle replica misses.
    Every utilisation of the grid is evaluated in one pass (a row per utilisation: the same figures as
    one utilisation at a time, in a thirteenth of the numpy calls)."""
    t1 = ttft_budget_s(c) if c.slo.ttft_ms_p95 else np.inf
    step = 1.0 / c.slo.tokens_per_second_per_user if c.slo.tokens_per_second_per_user else np.inf
    grid = UTILISATION_GRID[UTILISATION_GRID <= most + 1e-9]
    if not grid.size:
        return np.zeros_like(ev.tokens_per_s)
    ttft95, tpot95 = ev.p95(shape, grid[:, None])
    ok = (ttft95 <= t1) & (tpot95 <= step)
    # the grid falls, so a row's first utilisation within the SLO is its busiest
    return np.where(ok.any(axis=0), grid[ok.argmax(axis=0)], 0.0)


BATCH_SCALES = (1.0, 0.9, 0.8, 0.65, 0.5, 0.35)


def _best_batch(c: InferenceComponent, items: list[RowSpec], table: EfficiencyTable, m: ModelTerms, shape: Shape,
                limit: Array, most: float) -> tuple[Evaluation, Array]:
    """Per row, the batch that gives the most planned capacity (speed at the pessimistic end × the
    utilisation the p95 SLO allows): the largest batch within the step limit leaves no room for
    prefill stalls, a small one queues requests for its few slots. Tries the step limit scaled down
    (never below one sequence) and keeps each row's best."""
    def at_scale(scale: float) -> tuple[Evaluation, Array, Array]:
        ev = evaluate(items, table, m, shape, step_limit_s=limit * scale)
        u = planned_utilisation(c, ev, shape, most)
        return ev, u, np.where(ev.batch >= 1, ev.tokens_per_s / ev.pessimism * u, 0.0)

    best_ev, best_u, best_cap = at_scale(BATCH_SCALES[0])
    for scale in BATCH_SCALES[1:]:
        ev, u, cap = at_scale(scale)
        better = cap > best_cap * (1 + 1e-9)
        if better.any():
            best_ev = _merge(best_ev, ev, better)
            best_u, best_cap = np.where(better, u, best_u), np.where(better, cap, best_cap)
        if np.all(ev.batch <= 1):
            break
    return best_ev, best_u


def _merge(old: Evaluation, new: Evaluation, take: npt.NDArray[np.bool_]) -> Evaluation:
    """Rows ``take`` from ``new``, the others from ``old`` (same rows, same order)."""
    fields = {f: np.where(take, getattr(new, f), getattr(old, f))
              for f in ("max_batch", "batch", "prefill_s", "prefill_compute_s", "ttft_s", "tpot_s", "tokens_per_s", "step_at_one_s")}
    return Evaluation(rows=old.rows, chunked=old.chunked, **fields)


def _rows_for(unit: UnitConfig, plan: PrecisionPlan, model: ModelSpec, m: ModelTerms, table: EfficiencyTable, engine: Engine) -> list[RowSpec]:
    """Every (TP, PP) a unit can serve the model with: TP within the unit; pipeline stages over
    several units (multi-node) only when the weights do not fit one and the units sit on a cluster
    fabric (8-GPU fabric nodes, or an offer stating EFA/InfiniBand): not across single-GPU VMs on ethernet."""
    out: list[RowSpec] = []
    spans = pp_candidates(unit, m.weight_bytes, table.defaults["usable_memory_fraction"])
    if network_of(unit, table)[0] == "ethernet":
        spans = [1]
    for pp in spans:
        tps = tp_candidates(unit.tp_devices, model.heads)
        for tp in tps if pp == 1 else tps[-1:]:
            out.append(RowSpec(unit, tp, plan, table.lookup(unit.spec, tp, engine.id, pp), engine, pp))
    return out


def size_inference(
    c: InferenceComponent, model: ModelSpec, units: list[UnitConfig], table: EfficiencyTable, engine: str = "default"
) -> list[dict[str, Any]]:
    """Sizing fields (without component and offer id) for each unit configuration, same order."""
    m = ModelTerms.of(model, c.precision)
    shape = shape_of(c)
    avg, peak = required_rate(c, 0.0)
    most = 1.0 if c.kind == "batch-inference" else table.defaults["planned_utilisation_max"]
    eng = table.engine(engine)
    items: list[RowSpec] = []
    owner: list[int] = []
    out: list[dict[str, Any]] = [{} for _ in units]
    for i, unit in enumerate(units):
        plan = plan_precision(unit.spec, c.precision)
        why = plan if isinstance(plan, str) else table.unsupported(unit.spec, engine)
        if isinstance(plan, str) or why is not None or eng is None:
            out[i] = {"feasible": False, "reason": why, "precision": c.precision}
            continue
        rows = _rows_for(unit, plan, model, m, table, eng)
        items += rows
        owner += [i] * len(rows)
    if not items:
        return out
    ev = evaluate(items, table, m, shape)
    limit = _limits(c, ev.prefill_s * ev.pessimism)
    plan_u = np.full_like(ev.tokens_per_s, most)
    if limit is not None:
        ev, plan_u = _best_batch(c, items, table, m, shape, limit, most)
    per_unit = np.array([max(1, int(it.unit.devices // it.tp)) / it.pp for it in items], dtype=float)
    capacity = ev.tokens_per_s / ev.pessimism * plan_u * per_unit
    x_plan = ev.tokens_per_s / ev.pessimism
    with np.errstate(divide="ignore", invalid="ignore"):
        replicas = np.maximum(1, np.ceil(peak / (x_plan * plan_u) - 1e-9))
    # Prefer rows that serve, then rows that fit in memory, then more planned capacity per unit, then smaller TP.
    # On a shared box (``UnitConfig.packed``) fewer GPUs held comes before capacity: the rest serve others.
    held = [float(replicas[r] * items[r].tp * items[r].pp) if items[r].unit.packed and np.isfinite(replicas[r]) else 0.0
            for r in range(len(items))]
    score = [(bool(ev.batch[r] >= 1 and plan_u[r] > 0), bool(ev.max_batch[r] >= 1), -held[r],
              round(float(capacity[r]), 6), -items[r].tp * items[r].pp) for r in range(len(items))]
    best: dict[int, int] = {}
    for row, i in enumerate(owner):
        j = best.get(i)
        if j is None or score[row] > score[j]:
            best[i] = row
    chosen = np.fromiter(best.values(), dtype=np.int64, count=len(best))
    with np.errstate(divide="ignore", invalid="ignore"):
        at = np.where(plan_u > 0, np.minimum(plan_u, peak / (replicas * x_plan)), 0.0)
    ttft95, tpot95 = ev.p95(shape, at) if c.kind == "inference" else (ev.ttft_s * ev.pessimism, ev.tpot_s * ev.pessimism)
    for i, row in zip(best, chosen.tolist()):
        out[i] = _fields(c, model, items[row], ev, row, float(per_unit[row]), float(plan_u[row]), avg, peak, m, shape, table,
                         (float(ttft95[row]), float(tpot95[row]), float(at[row])))
    return out


WARM_POOL_NOTE = (
    "an interactive service keeps at least one unit warm for its duty hours: elastic billing never "
    "scales it to zero (cold starts and capacity at peak; tco reference §3)"
)
PLANNING_NOTE = (
    "planned at the pessimistic end of the efficiency row's range; TTFT and per-token time are p95 at the "
    "planned utilisation (M/D/c slot queue, M/D/1 prefill queue, Poisson prefill stalls; capacity model 'p95')"
)


def _fields(c: InferenceComponent, model: ModelSpec, item: RowSpec, ev: Evaluation, row: int, per_unit: float,
            plan_u: float, avg: float, peak: float, m: ModelTerms, shape: Shape, table: EfficiencyTable,
            p95: tuple[float, float, float]) -> dict[str, Any]:
    unit, tp, pp = item.unit, item.tp, item.pp
    eff = {**item.eff.describe(), "compute_dtype": item.plan.compute, "row": item.eff.row_id,
           "engine_label": item.engine.label, "engine_version": item.engine.version,
           "chunked_prefill": "yes" if item.engine.chunked_prefill else "no"}
    notes = [MONTH_NOTE] + ([item.plan.note] if item.plan.note else [])
    base = {"precision": item.plan.storage, "tensor_parallel": tp, "efficiency": eff}
    if pp > 1:
        name, bw, lat, basis = network_of(unit, table)
        notes.append(f"multi-node: {pp} units per replica as pipeline stages over {name} ({bw * 8 / 1e9:,.0f} Gbit/s, "
                     f"{lat * 1e6:.0f} µs per hop; {basis})")
    b_max = int(ev.max_batch[row])
    if b_max < 1:
        return {**base, "feasible": False, "reason": no_fit_reason(model, c.precision, unit, m, shape, table), "notes": tuple(notes)}
    batch = int(ev.batch[row])
    k = float(ev.pessimism[row])
    band = k - 1
    if batch < 1 or plan_u <= 0:
        reason = _slo_reason(c, unit, tp, float(ev.prefill_s[row]) * k, float(ev.step_at_one_s[row]) * k, band)
        if batch >= 1:
            reason = (f"p95 latency misses the SLO on {unit.label} (TP{tp}) even at 2 % utilisation "
                      f"(queueing and prefill stalls at the pessimistic end, +{band:.0%})")
        return {**base, "feasible": False, "reason": reason, "max_batch": b_max, "notes": tuple(notes)}
    x = float(ev.tokens_per_s[row])
    x_plan = x / k
    replicas = max(1, math.ceil(peak / (x_plan * plan_u) - 1e-9))
    n_units = max(1, math.ceil(replicas / per_unit - 1e-9))
    unit_cap = x_plan * per_unit
    busy_hours = avg / unit_cap * HOURS_PER_MONTH
    unit_hours = busy_hours / plan_u
    if c.kind == "inference":
        # the fleet model (decisions) over the capacity model's planned utilisation (v2): plan_u plays the
        # headroom's part, and a replica spread over pp units keeps pp units warm
        fleet = FLEET if pp <= 1 else replace(FLEET, min_warm=max(FLEET.min_warm, int(pp)))
        unit_hours, fleet_note = fleet_unit_hours(avg, c.peak_to_average, c.duty, 1 / plan_u - 1, unit_cap, busy_hours,
                                                  fleet)
        notes.append(fleet_note)
        if unit_hours > busy_hours / plan_u + 1e-9:
            notes.append(WARM_POOL_NOTE)
    energy, energy_note = _energy(unit, n_units, unit_hours, busy_hours, table)
    ttft95, tpot95, at = p95
    notes += [energy_note, PLANNING_NOTE]
    if c.kind == "inference" and plan_u < table.defaults["planned_utilisation_max"] - 1e-6:
        notes.append(f"the p95 SLO caps each replica at {plan_u:.0%} of its capacity (queueing would exceed it above)")
    if item.eff.calibration != "calibrated":
        notes.append(f"efficiency row {item.eff.row_id} is an {item.eff.calibration}: range ±{band:.0%}")
    return {
        **base,
        "feasible": True,
        "replicas": replicas,
        "units": n_units,
        "unit_hours_per_month": round(unit_hours, 3),
        "utilisation": round(avg / (n_units * unit_cap), 6),
        "batch": batch,
        "max_batch": b_max,
        "ttft_ms": round(ttft95 * 1e3, 3),
        "tpot_ms": round(tpot95 * 1e3, 3),
        "output_tokens_per_second_per_replica": round(x_plan, 3),
        "memory_gb": memory_breakdown(m, shape, tp * pp, unit.memory_gb, batch, table),
        "energy_kwh_per_month": energy,
        "uncertainty": uncertainty(item.eff, x, float(ev.ttft_s[row]), float(ev.tpot_s[row]), plan_u, at),
        "notes": tuple(n for n in notes if n),
    }


def uncertainty(eff: Efficiency, tokens_per_s: float, ttft_s: float, tpot_s: float, planned: float | None = None, at: float | None = None) -> dict[str, Any]:
    """Which figures are estimates, their central value and range (± the row's band), and what was planned on."""
    b = eff.band
    out: dict[str, Any] = {
        "row": eff.row_id,
        "calibration": eff.calibration,
        "band": b,
        "basis": "output tok/s, TTFT and per-token time are model estimates; the range is ± the row's band (its largest calibration residual)",
        "output_tokens_per_second_central": round(tokens_per_s, 3),
        "output_tokens_per_second_range": [round(tokens_per_s / (1 + b), 3), round(tokens_per_s * (1 + b), 3)],
        "ttft_ms_central": round(ttft_s * 1e3, 3),
        "ttft_ms_range": [round(ttft_s * 1e3 / (1 + b), 3), round(ttft_s * 1e3 * (1 + b), 3)],
        "tpot_ms_central": round(tpot_s * 1e3, 3),
        "tpot_ms_range": [round(tpot_s * 1e3 / (1 + b), 3), round(tpot_s * 1e3 * (1 + b), 3)],
        "planned_at": "pessimistic end",
    }
    if planned is not None:
        out["planned_utilisation_max"] = round(planned, 4)
        out["utilisation_at_peak"] = round(at or 0.0, 4)
    return out


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
