"""One model on one hardware configuration: the numbers behind ``advisor estimate``."""

from __future__ import annotations

from typing import Any

from advisor.model.specs import HardwareSpec, ModelSpec
from advisor.sizing.devices import RowSpec, UnitConfig, tp_candidates
from advisor.sizing.efficiency import efficiency_table
from advisor.sizing.evaluate import Shape, evaluate, memory_breakdown
from advisor.sizing.inference import no_fit_reason
from advisor.sizing.precision import plan_precision
from advisor.sizing.roofline import ModelTerms


def estimate(
    model: ModelSpec,
    hardware: HardwareSpec,
    count: int = 1,
    precision: str = "fp16",
    tp: int | None = None,
    concurrency: int | None = 1,
    input_tokens: float = 1000,
    output_tokens: float = 250,
    engine: str = "default",
) -> dict[str, Any]:
    """Per-replica latency, throughput and memory; ``concurrency=None`` means offline max throughput.

    Without ``tp`` the smallest TP degree that fits is used (capacity reference §10 step 1).
    """
    table = efficiency_table()
    unit = UnitConfig(hardware, float(count), hardware.memory_gb, False)
    shape = Shape(float(input_tokens), float(output_tokens))
    head: dict[str, Any] = {
        "model": model.id,
        "hardware": hardware.id,
        "count": count,
        "precision": precision,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "concurrency": "max" if concurrency is None else concurrency,
        "engine": engine,
    }
    plan = plan_precision(hardware, precision)
    if isinstance(plan, str):
        return {**head, "fits": False, "reason": plan}
    options = [tp] if tp else tp_candidates(count, model.heads)
    if tp and (tp > count or count % tp):
        return {**head, "fits": False, "reason": f"--tp {tp} does not divide {count} device(s)"}
    items = [RowSpec(unit, t, plan, table.lookup(hardware, t, engine)) for t in options]
    m = ModelTerms.of(model, precision)
    ev = evaluate(items, table, m, shape, concurrency=concurrency)
    fitting = [i for i in range(len(items)) if ev.max_batch[i] >= 1]
    if not fitting:
        return {**head, "fits": False, "tp": options[-1], "reason": no_fit_reason(model, precision, unit, m, shape, table)}
    i = fitting[0]
    t, batch = items[i].tp, int(ev.batch[i])
    x = float(ev.tokens_per_s[i])
    replicas = count // t
    notes = [n for n in (plan.note,) if n]
    if concurrency is not None and concurrency > batch:
        notes.append(f"only {batch} sequences fit in memory; the other {concurrency - batch} queue")
    if items[i].eff.calibration != "calibrated":
        notes.append(f"efficiency for {items[i].eff.hardware_class} is an {items[i].eff.calibration}")
    return {
        **head,
        "fits": True,
        "precision": plan.storage,
        "compute_dtype": plan.compute,
        "tp": t,
        "replicas": replicas,
        "batch": batch,
        "max_batch": int(ev.max_batch[i]),
        "ttft_ms": round(float(ev.ttft_s[i]) * 1e3, 2),
        "prefill_ms": round(float(ev.prefill_s[i]) * 1e3, 2),
        "tpot_ms": round(float(ev.tpot_s[i]) * 1e3, 3),
        "tokens_per_second_per_user": round(1e3 / (float(ev.tpot_s[i]) * 1e3), 2),
        "output_tokens_per_second_per_replica": round(x, 1),
        "output_tokens_per_second_total": round(x * replicas, 1),
        "memory_gb": memory_breakdown(m, shape, t, hardware.memory_gb, batch, table),
        "efficiency": items[i].eff.describe(),
        "notes": notes,
    }
