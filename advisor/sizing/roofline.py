"""The two-regime roofline of the capacity reference (§5-§9), vectorised over device configurations.

Every function takes ``Rows`` (numpy arrays, one entry per device configuration and tensor-parallel
degree) and ``ModelTerms`` (scalars of one model at one precision) and returns arrays in seconds,
bytes or sequences. Decode is bandwidth-bound, prefill compute-bound; TP adds all-reduce time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.reference.models import BYTES_PER_WEIGHT, active_param_count, kv_bytes_per_token, param_count, routed_expert_params
from advisor.model.specs import ModelSpec

Array = np.ndarray


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
    """Per-row device figures and efficiency factors (SI units: FLOP/s, B/s, bytes, seconds)."""

    tp: Array
    flops: Array
    bandwidth: Array
    memory: Array
    link: Array
    allreduce: Array
    mbu: Array
    mfu_prefill: Array
    mfu_decode: Array
    overhead: Array
    usable: Array
    activation: Array
    fragmentation: Array
    batch_cap: Array
    activation_bytes: float = 2.0


def touched_params(m: ModelTerms, batch: Array) -> Array:
    """Weights read in one decode step: all of a dense model; shared + routed-experts-hit for MoE (§8)."""
    batch = np.asarray(batch, dtype=float)
    if m.routed == 0:
        return np.full_like(batch, m.params)
    hit = 1.0 - (1.0 - m.top_k / m.experts) ** batch
    return m.params - m.routed + m.routed * hit


def comm_time(r: Rows, m: ModelTerms, tokens: Array) -> Array:
    """2·L ring all-reduces of tokens·d·b_a bytes per step (§9); zero without TP."""
    size = np.asarray(tokens, dtype=float) * m.hidden * r.activation_bytes
    one = r.allreduce + 2.0 * (r.tp - 1) / r.tp * size / r.link
    return np.where(r.tp > 1, 2 * m.layers * one, 0.0)


def step_time(r: Rows, m: ModelTerms, batch: Array, context: float) -> Array:
    """One decode step at batch B and mean context C̄: max(memory, compute) + overhead + comm (§6)."""
    batch = np.asarray(batch, dtype=float)
    bytes_step = (touched_params(m, batch) * m.bytes_per_weight + batch * context * m.kv_per_token) / r.tp
    flops_step = (2 * m.active * batch + 2 * m.layers * batch * context * m.d_attn) / r.tp
    compute = np.maximum(bytes_step / (r.bandwidth * r.mbu), flops_step / (r.flops * r.mfu_decode))
    return compute + r.overhead + comm_time(r, m, batch)


def prefill_time(r: Rows, m: ModelTerms, prompt: float) -> Array:
    """Prefill of a P-token prompt: compute-bound, but never faster than one weight read (§5)."""
    flops = 2 * m.active * prompt + 2 * m.layers * prompt * prompt * m.d_attn
    read = m.weight_bytes / (r.tp * r.bandwidth * r.mbu)
    return np.maximum(flops / (r.tp * r.flops * r.mfu_prefill), read) + comm_time(r, m, np.full_like(r.tp, prompt, dtype=float))


def kv_budget(r: Rows, m: ModelTerms) -> Array:
    """Bytes left for KV cache: usable memory minus weights minus activations (§7)."""
    return r.tp * r.memory * r.usable - m.weight_bytes - r.activation * r.tp


def max_batch(r: Rows, m: ModelTerms, max_context: float) -> Array:
    """Largest batch whose worst-case KV fits (§7), capped by the engine's sequence limit."""
    per_seq = max_context * m.kv_per_token * (1 + r.fragmentation)
    fit = np.floor(np.maximum(kv_budget(r, m), 0.0) / per_seq)
    return np.minimum(fit, r.batch_cap).astype(np.int64)


def largest_batch_within(r: Rows, m: ModelTerms, context: float, limit: Array, ceiling: Array) -> Array:
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


def throughput(r: Rows, m: ModelTerms, batch: Array, context: float, prompt: float, output: float) -> Array:
    """Output tok/s of one replica with chunked prefill sharing the devices (§10 step 5)."""
    batch = np.maximum(np.asarray(batch, dtype=float), 1.0)
    per_output = step_time(r, m, batch, context) / batch + (prompt / output) * prefill_time(r, m, prompt) / prompt
    return 1.0 / per_output


def ttft(r: Rows, m: ModelTerms, batch: Array, context: float, prompt: float) -> Array:
    """Prefill plus the running step it joins (§5); alone (B = 1) it only pays the step overhead."""
    batch = np.asarray(batch, dtype=float)
    join = np.where(batch > 1, step_time(r, m, batch, context), r.overhead)
    return prefill_time(r, m, prompt) + join
