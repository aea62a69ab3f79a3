"""Evaluate the roofline for a batch of (device configuration, TP) rows: fit, batch, latency, speed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.sizing import queueing as qu
from advisor.sizing import roofline as rf
from advisor.sizing.devices import RowSpec, build_rows
from advisor.sizing.efficiency import EfficiencyTable
from advisor.sizing.roofline import Array, Counts, ModelTerms, Rows


@dataclass(frozen=True)
class Shape:
    """Request shape: prompt tokens P̄ and (reasoning-inflated) output tokens Ō."""

    prompt: float
    output: float

    @property
    def mean_context(self) -> float:
        return self.prompt + self.output / 2

    @property
    def max_context(self) -> float:
        return self.prompt + self.output


@dataclass
class Evaluation:
    """Central estimates per row; ``pessimism`` = 1 + band multiplies times (divides speeds) at the
    pessimistic end of the row's range."""

    rows: Rows
    max_batch: Counts
    batch: Counts
    prefill_s: Array
    prefill_compute_s: Array
    ttft_s: Array
    tpot_s: Array
    tokens_per_s: Array
    step_at_one_s: Array
    chunked: Array

    @property
    def pessimism(self) -> Array:
        return 1.0 + self.rows.band

    def p95(self, shape: Shape, utilisation: Array | float) -> tuple[Array, Array]:
        """(TTFT p95, per-token p95) in seconds at the pessimistic end, with a replica busy
        ``utilisation`` of its pessimistic capacity (queueing and prefill stalls: advisor.sizing.queueing)."""
        k = self.pessimism
        batch = np.maximum(self.batch, 1)
        lam = np.asarray(utilisation, dtype=float) * self.tokens_per_s / k / shape.output
        decode = shape.output * self.tpot_s * k
        slot = qu.wait_p95(batch, k * self.prefill_s + decode, lam)
        queue = qu.wait_p95(np.ones_like(batch), k * self.prefill_s, lam)
        stall = np.where(self.chunked, self.prefill_compute_s, self.prefill_s) * k
        tpot = k * self.tpot_s + qu.stall_count_p95(lam, decode) * stall / shape.output
        return k * self.ttft_s + slot + queue, tpot


def evaluate(
    items: list[RowSpec],
    table: EfficiencyTable,
    m: ModelTerms,
    shape: Shape,
    step_limit_s: Array | float | None = None,
    concurrency: int | None = None,
) -> Evaluation:
    """Batch per row: ``concurrency`` if given, else the largest whose pessimistic step time meets
    ``step_limit_s``, else B_max."""
    rows = build_rows(items, table)
    b_max = rf.max_batch(rows, m, shape.max_context)
    prefill = rf.prefill_time(rows, m, shape.prompt)
    if concurrency is not None:
        batch = np.minimum(b_max, concurrency)
    elif step_limit_s is not None:
        limit = np.broadcast_to(np.asarray(step_limit_s, dtype=float), rows.tp.shape) / (1.0 + rows.band)
        batch = rf.largest_batch_within(rows, m, shape.mean_context, limit, b_max)
    else:
        batch = b_max
    safe = np.maximum(batch, 1)
    tpot = rf.step_time(rows, m, safe, shape.mean_context)
    return Evaluation(
        rows=rows,
        max_batch=b_max,
        batch=batch,
        prefill_s=prefill,
        prefill_compute_s=rf.prefill_compute_time(rows, m, shape.prompt),
        ttft_s=rf.ttft(rows, m, safe, shape.mean_context, shape.prompt),
        tpot_s=tpot,
        tokens_per_s=np.where(batch >= 1, rf.throughput(rows, m, safe, shape.mean_context, shape.prompt, shape.output), 0.0),
        step_at_one_s=rf.step_time(rows, m, np.ones_like(rows.tp), shape.mean_context),
        chunked=np.asarray([i.engine.chunked_prefill for i in items], dtype=bool),
    )


def memory_breakdown(m: ModelTerms, shape: Shape, tp: int, memory_gb: float, batch: int, table: EfficiencyTable) -> dict[str, float]:
    """GB per replica: weights, KV cache at the batch, activations, reserve, free, total."""
    d = table.defaults
    total = tp * memory_gb
    weights = m.weight_bytes / 1e9
    kv = batch * shape.max_context * m.kv_per_token * (1 + d["kv_fragmentation"]) / 1e9
    act = d["activation_gb_per_device"] * tp
    reserve = (1 - d["usable_memory_fraction"]) * total
    return {
        "weights": round(weights, 3),
        "kv_cache": round(kv, 3),
        "activations": round(act, 3),
        "reserved": round(reserve, 3),
        "free": round(total - weights - kv - act - reserve, 3),
        "total": round(total, 3),
        "kv_per_token_mb": round(m.kv_per_token / 1e6, 4),
    }
