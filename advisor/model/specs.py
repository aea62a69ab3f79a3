"""Catalog records: hardware devices and model architectures, the inputs of the capacity model.

Figures are dense peaks (no 2:4 sparsity), each row with its source; plugins add rows through
``register_hardware`` and ``register_models``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from advisor.model.offers import Record

Precision = Literal["fp32", "fp16", "bf16", "fp8", "int8", "int4"]
PRECISIONS: tuple[str, ...] = ("fp32", "fp16", "bf16", "fp8", "int8", "int4")


class HardwareSpec(Record):
    """One device (GPU, accelerator chip, or CPU socket) with dense peak figures."""

    id: str = Field(min_length=1, description="Canonical id, e.g. 'H100-SXM'.")
    aliases: tuple[str, ...] = ()
    kind: Literal["gpu", "accelerator", "cpu"]
    vendor: str
    tflops: dict[str, float] = Field(description="Dense peak TFLOPS (TOPS for int) per precision.")
    memory_gb: float = Field(gt=0, description="Device memory in GB (10^9 B); CPUs: a typical socket config.")
    bandwidth_gb_s: float = Field(gt=0)
    tdp_w: float | None = Field(default=None, gt=0)
    idle_w: float | None = Field(default=None, ge=0)
    threads_per_socket: int | None = Field(
        default=None, gt=0, description="CPUs: hardware threads per socket, i.e. the vCPUs a cloud sells per socket."
    )
    bandwidth_per_core_gb_s: float | None = Field(
        default=None, gt=0, description="CPUs: memory bandwidth one core can draw; caps a small VM's share of the socket's."
    )
    interconnect: str = Field(default="pcie", description="'nvlink', 'pcie', 'infinity-fabric', 'ici', 'neuronlink', 'upi'.")
    interconnect_gb_s: float | None = Field(default=None, gt=0)
    price_usd: float | None = Field(default=None, gt=0, description="Typical purchase price; None for cloud-only.")
    price_date: date | None = None
    price_source: str | None = None
    source: str = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _price_has_date(self) -> HardwareSpec:
        if self.price_usd is not None and (self.price_date is None or not self.price_source):
            raise ValueError(f"{self.id}: a purchase price needs price_date and price_source")
        return self


class ClosedModel(Record):
    """A model whose weights are not published: only its maker's API and the clouds that resell it serve
    it, so no machine can be sized for it and self-hosting is "not possible", never a $0 plan."""

    id: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    publisher: str = Field(min_length=1)
    max_context: int = Field(gt=0)
    source: str = Field(min_length=1)


class ModelSpec(Record):
    """A transformer's architecture, enough to count parameters, FLOPs and KV cache."""

    id: str = Field(min_length=1, description="Model id, e.g. 'llama-3-8b'.")
    aliases: tuple[str, ...] = Field(default=(), description="Other names the model is known by.")
    layers: int = Field(gt=0, description="Transformer layers.")
    hidden: int = Field(gt=0, description="Hidden size (model dimension).")
    heads: int = Field(gt=0, description="Attention (query) heads.")
    kv_heads: int = Field(gt=0, description="Key/value heads (fewer than heads with grouped-query attention).")
    head_dim: int = Field(gt=0, description="Size of each attention head.")
    ffn: int = Field(gt=0, description="MLP inner size (dense layers).")
    vocab: int = Field(gt=0, description="Vocabulary size in tokens.")
    tied_embeddings: bool = Field(default=False, description="Input and output embeddings share weights.")
    qkv_bias: bool = Field(default=False, description="The query/key/value projections have biases.")
    experts: int = Field(default=1, ge=1, description="Routed experts per MoE layer; 1 = dense.")
    top_k: int = Field(default=1, ge=1, description="Experts each token is routed to (MoE); 1 for dense models.")
    expert_ffn: int | None = Field(default=None, gt=0, description="MLP inner size of each routed expert (MoE).")
    shared_experts: int = Field(default=0, ge=0, description="Experts every token passes through (MoE), beside the routed ones.")
    dense_layers: int = Field(default=0, ge=0, description="Leading dense layers in an MoE model.")
    kv_lora_rank: int | None = Field(default=None, gt=0, description="MLA latent size (DeepSeek).")
    qk_rope_head_dim: int | None = Field(default=None, gt=0, description="Rotary part of the query/key head (MLA, DeepSeek).")
    params_b: float | None = Field(default=None, gt=0, description="Published total; computed when absent.")
    active_params_b: float | None = Field(default=None, gt=0, description="Parameters active per token, in billions (MoE); computed when absent.")
    native_precision: Precision = Field(default="bf16", description="Precision the weights are published in.")
    max_context: int = Field(default=8192, gt=0, description="Longest context the model accepts, in tokens.")
    source: str = Field(min_length=1, description="Where the figures come from (model card, config.json, paper).")
