"""The two-regime roofline of the capacity reference (§5-§9), vectorised over device configurations.

Every function takes ``Rows`` (numpy arrays, one entry per device configuration, tensor-parallel
degree and pipeline depth) and ``ModelTerms`` (scalars of one model at one precision) and returns
arrays in seconds, bytes or sequences. Decode is bandwidth-bound, prefill compute-bound; tensor,
expert and pipeline parallelism add the communication time of the link they cross.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from advisor.reference.models import BYTES_PER_WEIGHT, active_param_count, kv_bytes_per_token, param_count, routed_expert_params
from advisor.model.specs import ModelSpec

Array = npt.NDArray[np.floating[Any]]
"""One figure per row (seconds, bytes, rates): the one array alias of the sizing package."""
Counts = npt.NDArray[np.int64]
"""Whole sequences per row (batch sizes)."""


@dataclass(frozen=True)
class ModelTerms:
    """What the roofline needs of a model at one storage precision."""

    params: float
    active: float
    routed: float
    experts: int
    top_k: int
    layers: int
    hidden: int
    d_attn: int
    kv_per_token: float
    bytes_per_weight: float

    @classmethod
    def of(cls, spec: ModelSpec, precision: str) -> ModelTerms:
        return cls(
            params=param_count(spec),
            active=active_param_count(spec),
            routed=routed_expert_params(spec),
            experts=spec.experts,
            top_k=spec.top_k,
            layers=spec.layers,
            hidden=spec.hidden,
            d_attn=spec.heads * spec.head_dim,
            kv_per_token=kv_bytes_per_token(spec, precision),
            bytes_per_weight=BYTES_PER_WEIGHT[precision],
        )

    @property
    def weight_bytes(self) -> float:
        return self.params * self.bytes_per_weight


@dataclass
class Rows:
    """Per-row device figures and efficiency factors (SI units: FLOP/s, B/s, bytes, seconds).

    ``tp`` devices share each pipeline stage; ``pp`` stages (one unit each) make a replica.
    ``hops`` is how many latency terms one all-reduce pays (2·(TP−1) on a ring, 2 through a switch).
    """

    tp: Array
    pp: Array
    flops: Array
    bandwidth: Array
    memory: Array
    link: Array
    allreduce: Array
    hops: Array
    net_latency: Array
    net_bandwidth: Array
    mbu: Array
    kv_mbu: Array
    mfu_prefill: Array
    mfu_decode: Array
    quant_compute: Array
    overhead: Array
    band: Array
    usable: Array
    activation: Array
    fragmentation: Array
    batch_cap: Array
    activation_bytes: float = 2.0


def touched_params(m: ModelTerms, batch: Array | Counts) -> Array:
    """Weights read in one decode step: all of a dense model; shared + routed-experts-hit for MoE (§8)."""
    batch = np.asarray(batch, dtype=float)
    if m.routed == 0:
        return np.full_like(batch, m.params)
    hit = 1.0 - (1.0 - m.top_k / m.experts) ** batch
    return m.params - m.routed + m.routed * hit


def comm_time(r: Rows, m: ModelTerms, tokens: Array) -> Array:
    """Per step: 2·L all-reduces of tokens·d·b_a bytes across TP (§9), two all-to-alls per layer of
    the routed tokens for MoE expert parallelism, and one activation send per pipeline boundary."""
    size = np.asarray(tokens, dtype=float) * m.hidden * r.activation_bytes
    share = (r.tp - 1) / r.tp
    allreduce = r.hops * r.allreduce + 2.0 * share * size / r.link
    tp_part = np.where(r.tp > 1, 2 * m.layers * allreduce, 0.0)
    if m.experts > 1:
        a2a = (r.tp - 1) * r.allreduce + share * size * m.top_k / r.link
        tp_part = tp_part + np.where(r.tp > 1, 2 * m.layers * a2a, 0.0)
    pp_part = (r.pp - 1) * (r.net_latency + size / r.net_bandwidth)
    return tp_part + pp_part


def _weights_read(r: Rows, m: ModelTerms, batch: Array | Counts) -> Array:
    return touched_params(m, batch) * m.bytes_per_weight / r.tp


def step_time(r: Rows, m: ModelTerms, batch: Array | Counts, context: float) -> Array:
    """Per-token time at batch B (sequences in flight over all stages) and mean context C̄ (§6).

    A token crosses every pipeline stage in turn, so the weights of the whole model are read per
    token (over TP devices); the KV cache and the FLOPs of the B sequences spread over TP·PP devices.
    Weight-only quantised GEMMs dequantise on the fly: their compute runs at ``quant_compute`` of peak
    (and ``mbu`` already carries the engine's bandwidth efficiency on quantised weights). The KV read
    runs at the attention kernels' own efficiency ``kv_mbu``.
    """
    batch = np.asarray(batch, dtype=float)
    devices = r.tp * r.pp
    memory = (_weights_read(r, m, batch / r.pp) / r.mbu + batch * context * m.kv_per_token / devices / r.kv_mbu) / r.bandwidth
    flops_step = (2 * m.active * batch + 2 * m.layers * batch * context * m.d_attn) / devices
    compute = np.maximum(memory, flops_step / (r.flops * r.mfu_decode * r.quant_compute))
    return compute + r.overhead * r.pp + comm_time(r, m, batch / r.pp)


def prefill_time(r: Rows, m: ModelTerms, prompt: float) -> Array:
    """Prefill of a P-token prompt: compute-bound, but never faster than one weight read (§5).
    Pipeline stages run one after another for a single prompt, so PP does not shorten it."""
    flops = 2 * m.active * prompt + 2 * m.layers * prompt * prompt * m.d_attn
    read = m.weight_bytes / (r.tp * r.bandwidth * r.mbu)
    compute = flops / (r.tp * r.flops * r.mfu_prefill * r.quant_compute)
    return np.maximum(compute, read) + comm_time(r, m, np.full_like(r.tp, prompt, dtype=float))


def prefill_compute_time(r: Rows, m: ModelTerms, prompt: float) -> Array:
    """The compute part of a prefill alone: what a chunked prefill adds to the decode steps it joins
    (the weights are read for the decode batch anyway)."""
    flops = 2 * m.active * prompt + 2 * m.layers * prompt * prompt * m.d_attn
    return flops / (r.tp * r.flops * r.mfu_prefill * r.quant_compute)


def kv_budget(r: Rows, m: ModelTerms) -> Array:
    """Bytes left for KV cache: usable memory minus weights minus activations (§7), over TP·PP devices."""
    devices = r.tp * r.pp
    return devices * r.memory * r.usable - m.weight_bytes - r.activation * devices


def max_batch(r: Rows, m: ModelTerms, max_context: float) -> Counts:
    """Largest batch whose worst-case KV fits (§7), capped by the engine's sequence limit per stage."""
    per_seq = max_context * m.kv_per_token * (1 + r.fragmentation)
    fit = np.floor(np.maximum(kv_budget(r, m), 0.0) / per_seq)
    capped: Array = np.minimum(fit, r.batch_cap * r.pp)
    return capped.astype(np.int64)


def largest_batch_within(r: Rows, m: ModelTerms, context: float, limit: Array, ceiling: Counts) -> Counts:
    """max{B ≤ ceiling : step_time(B) ≤ limit}, 0 when even B = 1 is too slow (vectorised bisection)."""
    lo = np.where(step_time(r, m, np.ones_like(r.tp, dtype=float), context) <= limit, 1, 0)
    lo = np.minimum(lo, ceiling)
    hi = np.maximum(ceiling, lo)
    while np.any(lo < hi):
        mid = (lo + hi + 1) // 2
        ok = step_time(r, m, mid, context) <= limit
        lo = np.where(ok & (lo < hi), mid, lo)
        hi = np.where(~ok & (lo < hi), mid - 1, hi)
    return lo


def throughput(r: Rows, m: ModelTerms, batch: Array | Counts, context: float, prompt: float, output: float) -> Array:
    """Output tok/s of one replica with prefill sharing the devices (§10 step 5)."""
    batch = np.maximum(np.asarray(batch, dtype=float), 1.0)
    per_output = step_time(r, m, batch, context) / batch + (prompt / output) * prefill_time(r, m, prompt) / prompt
    return 1.0 / per_output


def ttft(r: Rows, m: ModelTerms, batch: Array | Counts, context: float, prompt: float) -> Array:
    """Prefill plus the running step it joins (§5); alone (B = 1) it only pays the step overhead.
    Queueing is added by ``advisor.sizing.queueing`` at the planned utilisation."""
    batch = np.asarray(batch, dtype=float)
    join = np.where(batch > 1, step_time(r, m, batch, context), r.overhead * r.pp)
    return prefill_time(r, m, prompt) + join
