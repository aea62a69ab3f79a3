"""Sizing fine-tuning and training runs: FLOPs, memory fit, devices for a deadline (reference §4).

FLOPs are 6·N_a per token for full training (forward 2N, backward 4N) and ~4·N_a for LoRA (the
frozen base's weight gradients are skipped; estimate). Optimizer state is sharded (FSDP/ZeRO-3)
over every device of the run; the inter-node network is not modelled.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.reference.models import BYTES_PER_WEIGHT, active_param_count, param_count
from advisor.model.specs import ModelSpec
from advisor.sizing.devices import UnitConfig, unit_watts
from advisor.sizing.efficiency import EfficiencyTable
from advisor.model.units import HOURS_PER_MONTH
from advisor.sizing.precision import PrecisionPlan, plan_precision
from advisor.model.workload import TrainingComponent


def _plan(c: TrainingComponent, unit: UnitConfig) -> PrecisionPlan | str:
    if c.precision in ("int8", "int4"):
        if c.method == "full":
            return f"full {c.kind} needs fp16, bf16 or fp8 weights; {c.precision} suits LoRA (QLoRA-style) only"
        plan = plan_precision(unit.spec, "bf16")
        if isinstance(plan, str):
            return plan
        return PrecisionPlan(c.precision, plan.compute, plan.tflops, f"frozen {c.precision} base, adapters in {plan.compute}")
    return plan_precision(unit.spec, c.precision)


def size_training(
    c: TrainingComponent, model: ModelSpec, units: list[UnitConfig], table: EfficiencyTable, engine: str = "default"
) -> list[dict[str, Any]]:
    """Sizing fields for each unit configuration, same order."""
    d = table.defaults
    n, n_a = param_count(model), active_param_count(model)
    per_token = (6.0 if c.method == "full" else 4.0) * n_a
    total_flops = per_token * c.training_tokens
    act = 2 * model.layers * d["training_tokens_per_microbatch"] * model.hidden * d["activation_bytes"]
    if c.method == "full":
        state = n * max(d["training_bytes_per_param_full"], BYTES_PER_WEIGHT[c.precision] * 8)
    else:
        state = n * BYTES_PER_WEIGHT[c.precision] + n * d["lora_adapter_fraction"] * d["training_bytes_per_param_full"]
    out: list[dict[str, Any]] = []
    for unit in units:
        plan = _plan(c, unit)
        if isinstance(plan, str):
            out.append({"feasible": False, "reason": plan, "precision": c.precision})
            continue
        devices = max(unit.devices, 1.0)
        eff = table.lookup(unit.spec, int(devices), engine)
        mfu = c.mfu or eff.mfu_training
        usable = unit.memory_gb * 1e9 * d["usable_memory_fraction"] - d["activation_gb_per_device"] * 1e9 - act
        if usable <= 0:
            out.append({"feasible": False, "reason": f"{unit.label} has no memory left after activations", "precision": c.precision})
            continue
        unit_rate = plan.tflops * 1e12 * mfu * unit.devices
        units_mem = math.ceil(state / (usable * devices))
        units_month = math.ceil(total_flops * c.runs_per_month / (unit_rate * HOURS_PER_MONTH * 3600) - 1e-9)
        units_deadline = math.ceil(total_flops / (unit_rate * c.deadline_hours * 3600) - 1e-9) if c.deadline_hours else 1
        n_units = max(1, units_mem, units_month, units_deadline)
        hours_run = total_flops / (n_units * unit_rate) / 3600
        unit_hours = n_units * hours_run * c.runs_per_month
        out.append(
            _fields(c, model, unit, plan, eff.describe(), mfu, n_units, hours_run, unit_hours, state, act, units_mem, table)
        )
    return out


def _fields(c, model, unit, plan, eff, mfu, n_units, hours_run, unit_hours, state, act, units_mem, table) -> dict[str, Any]:
    devices = n_units * unit.devices
    why = "memory" if n_units == units_mem and units_mem > 1 else ("deadline" if c.deadline_hours else "monthly volume")
    notes = [
        f"{c.method} {c.kind}: {6 if c.method == 'full' else 4}·N_a FLOPs per token, MFU {mfu:g}",
        f"{devices:g} devices ({n_units} units), set by {why}; {hours_run:,.1f} h per run",
        "optimizer state sharded over all devices (FSDP/ZeRO-3); inter-node network not modelled",
    ]
    if plan.note:
        notes.append(plan.note)
    watts = unit_watts(unit, table)
    energy = None
    if watts is not None:
        powered = n_units * HOURS_PER_MONTH if unit.always_on else unit_hours
        energy = round((watts[0] * powered + (watts[1] - watts[0]) * unit_hours) / 1e3, 3)
    else:
        notes.append(f"energy unknown: {unit.spec.id} has no published power figure")
    total = devices * unit.memory_gb
    return {
        "feasible": True,
        "precision": plan.storage,
        "tensor_parallel": 1,
        "replicas": 1,
        "units": n_units,
        "unit_hours_per_month": round(unit_hours, 3),
        "utilisation": round(min(1.0, hours_run * c.runs_per_month / HOURS_PER_MONTH), 6),
        "memory_gb": {
            "weights_and_optimizer": round(state / 1e9, 3),
            "activations": round(act * devices / 1e9, 3),
            "total": round(total, 3),
        },
        "energy_kwh_per_month": energy,
        "efficiency": {**eff, "mfu_training": mfu, "mfu_source": "component.mfu" if c.mfu else eff["source"], "compute_dtype": plan.compute},
        "notes": tuple(notes),
    }
