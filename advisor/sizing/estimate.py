"""One model on one hardware configuration: the numbers behind ``advisor estimate``."""

from __future__ import annotations

from typing import Any

from advisor.model.specs import HardwareSpec, ModelSpec
from advisor.sizing.devices import RowSpec, UnitConfig, tp_candidates
from advisor.reference.engines import DEFAULT_ENGINE
from advisor.sizing.efficiency import efficiency_table
from advisor.sizing.evaluate import Shape, evaluate, memory_breakdown
from advisor.sizing.inference import no_fit_reason, uncertainty
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
    engine: str = DEFAULT_ENGINE,
    nodes: int = 1,
) -> dict[str, Any]:
    """Per-replica latency, throughput and memory; ``concurrency=None`` means offline max throughput.

    Without ``tp`` the smallest TP degree that fits is used (capacity reference §10 step 1); a model
    may span ``nodes`` units of ``count`` devices as pipeline stages (multi-node serving).
    Every figure is a central estimate with the range of its efficiency row (``uncertainty``).
    """
    table = efficiency_table()
    eng = table.engine(engine)
    unit = UnitConfig(hardware, float(count), hardware.memory_gb, False)
    shape = Shape(float(input_tokens), float(output_tokens))
    head: dict[str, Any] = {
        "model": model.id,
        "hardware": hardware.id,
        "count": count,
        "nodes": nodes,
        "precision": precision,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "concurrency": "max" if concurrency is None else concurrency,
        "engine": eng.id if eng else engine,
    }
    plan = plan_precision(hardware, precision)
    if isinstance(plan, str):
        return {**head, "fits": False, "reason": plan}
    why = table.unsupported(hardware, engine)
    if why is not None or eng is None:
        return {**head, "fits": False, "reason": why}
    if tp and (tp > count or count % tp):
        return {**head, "fits": False, "reason": f"--tp {tp} does not divide {count} device(s)"}
    m = ModelTerms.of(model, precision)
    options = [tp] if tp else tp_candidates(count, model.heads)
    spans = [nodes]
    items = [RowSpec(unit, t, plan, table.lookup(hardware, t, eng.id, pp), eng, pp)
             for pp in spans for t in (options if pp == 1 else options[-1:])]
    ev = evaluate(items, table, m, shape, concurrency=concurrency)
    fitting = [i for i in range(len(items)) if ev.max_batch[i] >= 1]
    if not fitting:
        return {**head, "fits": False, "tp": options[-1], "reason": no_fit_reason(model, precision, unit, m, shape, table)}
    i = fitting[0]
    t, pp, batch = items[i].tp, items[i].pp, int(ev.batch[i])
    x = float(ev.tokens_per_s[i])
    replicas = count // t if pp == 1 else 1
    eff = items[i].eff
    notes = [n for n in (plan.note,) if n]
    if pp > 1:
        notes.append(f"multi-node: {pp} units of {count}× {hardware.id} as pipeline stages (network costed per hop)")
    if concurrency is not None and concurrency > batch:
        notes.append(f"only {batch} sequences fit in memory; the other {concurrency - batch} queue")
    if eff.calibration != "calibrated":
        notes.append(f"efficiency row {eff.row_id} is an {eff.calibration}: range ±{eff.band:.0%}")
    return {
        **head,
        "fits": True,
        "nodes": pp,
        "precision": plan.storage,
        "compute_dtype": plan.compute,
        "engine_label": eng.label,
        "engine_version": eng.version,
        "chunked_prefill": eng.chunked_prefill,
        "tp": t,
        "replicas": replicas,
        "batch": batch,
        "max_batch": int(ev.max_batch[i]),
        "ttft_ms": round(float(ev.ttft_s[i]) * 1e3, 2),
        "prefill_ms": round(float(ev.prefill_s[i]) * 1e3, 2),
        "tpot_ms": round(float(ev.tpot_s[i]) * 1e3, 3),
        "tokens_per_second_per_user": round(1.0 / float(ev.tpot_s[i]), 2),
        "output_tokens_per_second_per_replica": round(x, 1),
        "output_tokens_per_second_total": round(x * replicas, 1),
        "memory_gb": memory_breakdown(m, shape, t * pp, hardware.memory_gb, batch, table),
        "efficiency": {**eff.describe(), "row": eff.row_id},
        "uncertainty": uncertainty(eff, x * replicas, float(ev.ttft_s[i]), float(ev.tpot_s[i])),
        "notes": notes,
    }
