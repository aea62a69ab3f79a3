"""Sizing fine-tuning and training runs: FLOPs, memory fit, devices for a deadline (reference §4).

FLOPs are 6·N_a per token for full training (forward 2N, backward 4N) and ~4·N_a for LoRA (the
frozen base's weight gradients are skipped; estimate). Optimizer state is sharded (FSDP/ZeRO-3)
over every device of the run.

Communication costs what its link gives (issue 20, "training topology"): with the state sharded,
every micro-batch all-gathers the weights twice and reduce-scatters the gradients (3·N·b bytes per
device); when the state fits each device, data parallelism all-reduces the gradients once per
optimizer step (2·N·b per ``training_tokens_per_step`` tokens); a state that fits one unit is
sharded inside it (hybrid sharding) and only the gradient all-reduce crosses the network. Inside a unit the traffic crosses
its NVLink or PCIe; across units, the network between them (an 8-GPU fabric node's EFA/InfiniBand
class, else ethernet), shared by the unit's devices. Step time = max(compute, comm) + (1 −
overlap)·min(compute, comm), so 32 single-GPU VMs on ethernet run at a fraction of their peak and
the deadline is checked on that result.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.reference.models import BYTES_PER_WEIGHT, active_param_count, param_count
from advisor.sizing.efficiency import EfficiencyTable
from advisor.model.specs import ModelSpec
from advisor.sizing.devices import UnitConfig, network_of, unit_watts
from advisor.model.units import HOURS_PER_MONTH
from advisor.sizing.precision import PrecisionPlan, plan_precision
from advisor.model.workload import TrainingComponent


MAX_TRAINING_DEVICES = 200_000
"""Beyond this a plan is not credible: the largest single GPU cluster reported holds about 200,000 GPUs
(xAI Colossus, Memphis: 100,000 H100 in July 2024, doubled to 200,000 H100/H200 as announced in
October 2024; Greater Memphis Chamber / press reports, e.g. teslarati.com 2024-12-06). A deadline
needing more is infeasible."""

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
        sharded = units_mem > 1  # state larger than one unit: ZeRO-3 across units; else sharded within (HSDP)
        fit = _units_for(c, total_flops, unit_rate, 1.0, units_mem)
        scale, comm_note = scaling(c, model, unit, plan, mfu, table, sharded, fit)
        n_units = _units_for(c, total_flops, unit_rate, scale, units_mem)
        if n_units > 1 and fit == 1:  # going multi-unit brings the network in: size again on its efficiency
            scale, _ = scaling(c, model, unit, plan, mfu, table, sharded, n_units)
            n_units = _units_for(c, total_flops, unit_rate, scale, units_mem)
        if n_units * devices > MAX_TRAINING_DEVICES:
            units_deadline = (math.ceil(total_flops / (unit_rate * scale * c.deadline_hours * 3600) - 1e-9)
                              if c.deadline_hours else 1)
            out.append({"feasible": False, "precision": c.precision,
                        "reason": f"needs {n_units * devices:,.0f} devices of {unit.label} (set by "
                                  f"{'the deadline' if n_units == units_deadline else 'the monthly volume'}), more than the "
                                  f"{MAX_TRAINING_DEVICES:,} of the largest clusters built: allow more time"})
            continue
        scale, comm_note = scaling(c, model, unit, plan, mfu, table, sharded, n_units)
        hours_run = total_flops / (n_units * unit_rate * scale) / 3600
        unit_hours = n_units * hours_run * c.runs_per_month
        eff_row = {**eff.describe(), "scaling_efficiency": round(scale, 4)}
        out.append(
            _fields(c, model, unit, plan, eff_row, mfu, n_units, hours_run, unit_hours, state, act, units_mem, table, comm_note)
        )
    return out


def _units_for(c: TrainingComponent, total_flops: float, unit_rate: float, scale: float, units_mem: int) -> int:
    """Units for memory, for the monthly volume within 730 h, and for the deadline, at ``scale`` of peak."""
    rate = unit_rate * scale
    units_month = math.ceil(total_flops * c.runs_per_month / (rate * HOURS_PER_MONTH * 3600) - 1e-9)
    units_deadline = math.ceil(total_flops / (rate * c.deadline_hours * 3600) - 1e-9) if c.deadline_hours else 1
    return max(1, units_mem, units_month, units_deadline)


def scaling(c: TrainingComponent, model: ModelSpec, unit: UnitConfig, plan: PrecisionPlan, mfu: float,
            table: EfficiencyTable, sharded: bool, n_units: int) -> tuple[float, str | None]:
    """(share of peak the run keeps once its communication is counted, a note saying why)."""
    d = table.defaults
    devices = max(unit.devices, 1.0)
    if devices <= 1 and n_units <= 1:
        return 1.0, None
    n = param_count(model) if c.method == "full" else param_count(model) * d["lora_adapter_fraction"]
    grad_bytes = BYTES_PER_WEIGHT["bf16"]
    per_token = (6.0 if c.method == "full" else 4.0) * active_param_count(model)
    if c.method == "full" and (sharded or n_units <= 1):
        volume, tokens = 3 * n * grad_bytes, d["training_tokens_per_microbatch"]
    else:
        volume, tokens = 2 * n * grad_bytes, d["training_tokens_per_step"] / max(devices * n_units, 1.0)
    compute = per_token * tokens / (plan.tflops * 1e12 * mfu)
    if n_units > 1:
        name, bandwidth, _, basis = network_of(unit, table)
        link_s = volume / (bandwidth / devices)
        overlap = table.network[name]["overlap"]
        where = f"{n_units} units over {name} ({bandwidth * 8 / 1e9:,.0f} Gbit/s per unit; {basis})"
    else:
        link_s = volume / table.link_bytes_s(unit.spec)
        overlap = table.network["infiniband"]["overlap"] if unit.spec.interconnect in table.switched else table.network["ethernet"]["overlap"]
        where = f"{devices:g} devices over {unit.spec.interconnect}"
    step = max(compute, link_s) + (1 - overlap) * min(compute, link_s)
    scale = compute / step
    what = "ZeRO-3 weight gathers and gradient reduce-scatter" if c.method == "full" and (sharded or n_units <= 1) else "gradient all-reduce"
    return scale, f"{what} across {where}: {scale:.0%} of the compute rate is kept (overlap {overlap:.0%})"


def _fields(c: TrainingComponent, model: ModelSpec, unit: UnitConfig, plan: PrecisionPlan, eff: dict[str, Any], mfu: float,
            n_units: int, hours_run: float, unit_hours: float, state: float, act: float, units_mem: int,
            table: EfficiencyTable, comm_note: str | None = None) -> dict[str, Any]:
    devices = n_units * unit.devices
    why = "memory" if n_units == units_mem and units_mem > 1 else ("deadline" if c.deadline_hours else "monthly volume")
    notes = [
        f"{c.method} {c.kind}: {6 if c.method == 'full' else 4}·N_a FLOPs per token, MFU {mfu:g}",
        f"{devices:g} devices ({n_units} units), set by {why}; {hours_run:,.1f} h per run",
        "optimizer state sharded over all devices (FSDP/ZeRO-3)",
    ]
    if comm_note:
        notes.append(comm_note)

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
