"""The model catalog and the architecture arithmetic of the capacity model (reference §2, §3, §8).

Parameter counts follow the Llama-style formula (gated MLP, GQA, optional biases and experts); a
published total in the spec wins when present (DeepSeek-V3's MLA layers are not Llama-shaped).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from typing_extensions import TypeIs

from advisor.reference.hardware import SpecCatalog, load_specs
from advisor.model.specs import ClosedModel, ModelSpec

#: Bytes per weight by storage precision (reference §13): int8 with per-channel scales ~1.0 on GPUs
#: (llama.cpp Q8_0 is 1.06); int4 AWQ/GPTQ group 128 is 0.53-0.56, Q4_0 0.567 -> 0.56.
BYTES_PER_WEIGHT: dict[str, float] = {"fp32": 4.0, "fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.56}


class ModelCatalog(SpecCatalog[ModelSpec | ClosedModel]):
    kind = "model"


@cache
def _builtin() -> tuple[ModelSpec | ClosedModel, ...]:
    return (*load_specs("models.toml", "model", ModelSpec), *load_specs("models.toml", "closed_model", ClosedModel))


def builtin_models() -> list[ModelSpec | ClosedModel]:
    """The models shipped with advisor (advisor/data/models.toml): open architectures, then closed models
    that only APIs serve."""
    return list(_builtin())


def closed_weights(model: object) -> TypeIs[ClosedModel]:
    """Whether ``model`` cannot be self-hosted (its weights are not published)."""
    return isinstance(model, ClosedModel)


def model_catalog(extra: Iterable[ModelSpec] = ()) -> ModelCatalog:
    """Built-in models, then ``extra`` (the run's plugin-registered specs); takes specs, never a manager."""
    return ModelCatalog([*builtin_models(), *extra])


def _attention_params(s: ModelSpec) -> float:
    d_attn = s.heads * s.head_dim
    kv = s.kv_heads * s.head_dim
    bias = (d_attn + 2 * kv) if s.qkv_bias else 0
    return s.hidden * d_attn + 2 * s.hidden * kv + d_attn * s.hidden + bias


def _moe_layers(s: ModelSpec) -> int:
    return s.layers - s.dense_layers if s.experts > 1 else 0


def _expert_params(s: ModelSpec) -> float:
    """One routed expert's gated MLP."""
    return 3.0 * s.hidden * (s.expert_ffn or s.ffn)


def _computed(s: ModelSpec, experts_per_layer: int) -> float:
    dense_mlp = 3.0 * s.hidden * s.ffn
    moe = _moe_layers(s)
    dense_layers = s.layers - moe
    moe_mlp = _expert_params(s) * (experts_per_layer + s.shared_experts) + (s.hidden * s.experts)
    per_layer_common = _attention_params(s) + 2 * s.hidden
    embeddings = s.vocab * s.hidden * (1 if s.tied_embeddings else 2)
    return s.layers * per_layer_common + dense_layers * dense_mlp + moe * moe_mlp + embeddings + s.hidden


def param_count(spec: ModelSpec) -> float:
    """Total parameters N (published figure when the spec gives one)."""
    if spec.params_b is not None:
        return spec.params_b * 1e9
    return _computed(spec, spec.experts)


def architecture_param_count(spec: ModelSpec) -> float:
    """Total parameters the architecture adds up to, ignoring any published figure."""
    return _computed(spec, spec.experts)


def active_param_count(spec: ModelSpec) -> float:
    """Parameters used per token N_a: shared weights plus top-k routed experts (N for dense)."""
    if spec.active_params_b is not None:
        return spec.active_params_b * 1e9
    if spec.experts == 1:
        return param_count(spec)
    return param_count(spec) - routed_expert_params(spec) * (1 - spec.top_k / spec.experts)


def routed_expert_params(spec: ModelSpec) -> float:
    """All routed expert weights N_experts (0 for dense); the rest of N is read every decode step."""
    return _moe_layers(spec) * spec.experts * _expert_params(spec)


def kv_bytes_per_token(spec: ModelSpec, precision: str) -> float:
    """KV-cache bytes per token: 2·L·h_kv·d_h·b_kv, or L·(kv_lora_rank + rope dim)·b_kv for MLA."""
    b_kv = kv_cache_bytes(precision)
    if spec.kv_lora_rank is not None:
        return spec.layers * (spec.kv_lora_rank + (spec.qk_rope_head_dim or 0)) * b_kv
    return 2.0 * spec.layers * spec.kv_heads * spec.head_dim * b_kv


def kv_cache_bytes(precision: str) -> float:
    """KV element size: FP8 serving keeps an FP8 cache; weight-only int8/int4 keep fp16 (estimate)."""
    return {"fp32": 4.0, "fp8": 1.0}.get(precision, 2.0)


def weight_bytes(spec: ModelSpec, precision: str) -> float:
    return param_count(spec) * BYTES_PER_WEIGHT[precision]
