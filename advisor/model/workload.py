"""The workload file: what to run, for whom, under which rules. Validated with pydantic.

Units are in key names. Unknown keys are errors with a "did you mean"; every error names the
file and the key path (see ``advisor.inputs.tomlfile`` for the message format).
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from advisor.model.numbers import NUMBER_CONFIG
from advisor.model.specs import ModelSpec, Precision

DataClass = Literal["public", "internal", "confidential", "pii", "phi", "pci", "finance", "export-controlled"]
Regime = Literal[
    "gdpr",
    "hipaa",
    "eu_ai_act",
    "pci_dss",
    "fedramp_moderate",
    "fedramp_high",
    "dod_il4",
    "dod_il5",
    "itar",
    "cjis",
    "dora",
    "eba_outsourcing",
    "c5",
    "pipl",
    "ru_242fz",
    "dpdp",
    "rbi_payments",
    "ksa_pdpl",
    "pipeda",
    "quebec_law25",
]
DATA_CLASSES: tuple[str, ...] = typing.get_args(DataClass)
REGIMES: tuple[str, ...] = typing.get_args(Regime)
VenueKindName = Literal["cloud", "onprem", "edge", "depin", "api"]
BillingName = Literal[
    "on_demand", "spot", "reserved", "savings_plan", "committed_use", "subscription", "marketplace", "capex", "owned", "per_token",
    "provisioned"
]
WEIGHT_PRESETS: dict[str, dict[str, float]] = {
    "balanced": {"cost": 0.27, "latency": 0.225, "privacy": 0.18, "regulation": 0.135, "carbon": 0.09,
                 "availability": 0.1},
    "cost-first": {"cost": 0.54, "latency": 0.135, "privacy": 0.09, "regulation": 0.09, "carbon": 0.045,
                   "availability": 0.1},
    "privacy-first": {"cost": 0.18, "latency": 0.09, "privacy": 0.405, "regulation": 0.18, "carbon": 0.045,
                      "availability": 0.1},
    "latency-first": {"cost": 0.18, "latency": 0.45, "privacy": 0.135, "regulation": 0.09, "carbon": 0.045,
                      "availability": 0.1},
}
Positive = Annotated[float, Field(gt=0)]
MAX_WEIGHT = 1_000.0
"""Weights are relative; a bound keeps their sum finite (1e308 five times overflowed to inf)."""


def at_least_one_token(tokens: float) -> float:
    """A positive token count below one (5e-324) is no demand at all and divided the cost by zero."""
    if tokens < 1:
        raise ValueError("must be at least 1 token")
    return tokens


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, **NUMBER_CONFIG)


class WorkloadInfo(Strict):
    name: str = Field(min_length=1, max_length=200, description="Name of the workload, shown in every output and used to tell workloads apart in a portfolio.")
    description: str | None = Field(default=None, max_length=5000, description="What the workload is for, in a sentence or two (shown in the review page).")
    horizon_months: int = Field(default=36, gt=0, le=240, description="Planning horizon in months for owned-versus-cloud comparisons (break-even, payback).")
    sites_file: str | None = Field(default=None, description="Path of the sites file, relative to this file.")
    allow_commitment_beyond_horizon: bool = Field(
        default=False, description="Keep commitments longer than horizon_months, costed at their full obligation "
        "spread over the horizon; otherwise they are excluded.")


class DataPolicy(Strict):
    classes: list[DataClass] = Field(default_factory=lambda: list[DataClass](["internal"]), description="Classes of data the workload handles (public, internal, confidential, pii, phi, pci, export-controlled); the rules read them.")
    subjects: list[str] = Field(default_factory=list, description="ISO countries or blocs (EU, EEA).")
    residency: list[str] | None = Field(default=None, description="Hard limit: ISO countries or blocs.")


class RegulationPolicy(Strict):
    regimes: list[Regime] = Field(default_factory=list, description="Regulatory regimes that apply (gdpr, hipaa, eu_ai_act, ...); each switches on its rule pack.")
    transfer_mechanisms: list[Literal["scc", "bcr", "dpf"]] = Field(
        default_factory=list, description="Declared GDPR transfer mechanisms (SCC + TIA, BCR, DPF)."
    )
    high_risk_ai: bool = Field(default=False, description="EU AI Act Annex III high-risk system.")
    government_eligible: bool = Field(
        default=False, description="The organisation is eligible for government regions (GovCloud, Azure Government) "
        "and this workload may run there; implied by FedRAMP, DoD IL, ITAR and CJIS.")
    overrides_file: str | None = Field(default=None, description="Rule overrides with justifications.")


class Weights(Strict):
    preset: Literal["balanced", "cost-first", "privacy-first", "latency-first"] | None = Field(default=None, description="A named set of weights: balanced, cost-first, privacy-first or latency-first (default balanced).")
    cost: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of monthly cost (0 or more; the weights are scaled to add up to 1).")
    latency: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of p95 latency to the users (0 or more).")
    privacy: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of the venue's privacy level (0 or more).")
    regulation: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of the regulation penalty of allowed-with-conditions findings (0 or more).")
    carbon: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of the carbon emitted per month (0 or more).")
    availability: float | None = Field(default=None, ge=0, le=MAX_WEIGHT, description="Weight of the share of the month the capacity is there (0 or more).")

    def normalised(self) -> dict[str, float]:
        """Explicit weights over the preset (balanced by default), scaled to sum to 1."""
        base = dict(WEIGHT_PRESETS[self.preset or "balanced"])
        explicit = {k: getattr(self, k) for k in base if getattr(self, k) is not None}
        if explicit:
            base = {k: explicit.get(k, 0.0) for k in base}
        total = sum(base.values())
        return {k: v / total for k, v in base.items()}

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        given = [getattr(self, k) for k in ("cost", "latency", "privacy", "regulation", "carbon", "availability")]
        if any(v is not None for v in given) and sum(v or 0 for v in given) <= 0:
            raise ValueError("at least one weight must be positive")
        return self


class Constraints(Strict):
    min_providers: int = Field(default=1, ge=1, le=20, description="Fewest distinct providers the plan must use (1 to 20), e.g. 2 for a multi-provider mandate.")
    max_providers: int | None = Field(default=None, ge=1, le=20, description="Most distinct providers the plan may use (1 to 20); unset means no limit.")
    budget_usd_per_month: float | None = Field(default=None, gt=0, description="The plan's monthly cost must not exceed this, in US dollars.")
    allowed_providers: list[str] | None = Field(default=None, description="Only these providers may be used (names as in `advisor plugins`); unset means all.")
    excluded_providers: list[str] = Field(default_factory=list, description="These providers are never used.")
    allowed_kinds: list[VenueKindName] | None = Field(default=None, description="Only these kinds of venue may be used: cloud, onprem, edge, depin; unset means all.")
    allowed_billing: list[BillingName] | None = Field(default=None, description="Only these billing models may be used (on_demand, spot, reserved, ...); unset means all.")
    min_privacy_level: int = Field(default=0, ge=0, le=6, description="Lowest privacy level (0 to 6) a venue must reach to be used.")

    @model_validator(mode="after")
    def _consistent(self) -> Constraints:
        if self.max_providers is not None and self.max_providers < self.min_providers:
            raise ValueError(
                f"max_providers ({self.max_providers}) is below min_providers ({self.min_providers})"
            )
        both = set(self.allowed_providers or ()) & set(self.excluded_providers)
        if both:
            raise ValueError(f"providers both allowed and excluded: {', '.join(sorted(both))}")
        if self.allowed_kinds is not None and not self.allowed_kinds:
            raise ValueError("allowed_kinds is empty: no venue could ever be used")
        return self


class UserGroup(Strict):
    metro: str = Field(min_length=1, description="Metro area the users are in (e.g. Frankfurt, New York); `advisor validate` suggests close names.")
    share: float = Field(gt=0, le=1, description="Share of the traffic from this metro (more than 0, at most 1; the shares add up to 1).")
    access: Literal["lan", "broadband", "mobile-4g", "mobile-5g"] = Field(default="broadband", description="How the users connect: lan, broadband, mobile-4g or mobile-5g (adds last-mile latency).")


class Slo(Strict):
    ttft_ms_p95: float | None = Field(default=None, gt=0, le=600_000, description="Time to first token at the 95th percentile, in milliseconds, network included.")
    tokens_per_second_per_user: float | None = Field(default=None, gt=0, le=10_000, description="Output tokens per second each user must receive (streaming speed).")
    answer_ms_p95: float | None = Field(
        default=None, gt=0, le=3_600_000, description="Time to the final answer, reasoning tokens included.")


class ModelDef(ModelSpec):
    """An inline custom model in a workload file; its shape must add up (see ``_consistent``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, **NUMBER_CONFIG)
    source: str = Field(default="workload file", description="Where the inline model's figures come from (a model card URL, a paper).")

    @model_validator(mode="after")
    def _consistent(self) -> ModelDef:
        """The shape must add up; ``params_b`` against the architecture is checked when references
        are resolved (advisor.inputs.loading), where the parameter count is computed."""
        problems = []
        if self.kv_heads > self.heads or self.heads % self.kv_heads:
            problems.append(f"kv_heads ({self.kv_heads}) must divide heads ({self.heads})")
        if not 0.25 <= self.heads * self.head_dim / self.hidden <= 4:
            problems.append(f"heads x head_dim ({self.heads * self.head_dim}) is far from hidden ({self.hidden})")
        if self.top_k > self.experts:
            problems.append(f"top_k ({self.top_k}) exceeds experts ({self.experts})")
        if self.dense_layers >= self.layers and self.experts > 1:
            problems.append(f"dense_layers ({self.dense_layers}) must be fewer than layers ({self.layers})")
        if self.active_params_b is not None and self.params_b is not None and self.active_params_b > self.params_b:
            problems.append(f"active_params_b ({self.active_params_b:g}) exceeds params_b ({self.params_b:g})")
        if problems:
            raise ValueError("inconsistent architecture: " + "; ".join(problems))
        return self


class ComponentBase(Strict):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Name of the component, unique in the workload (letters, digits, '_', '.', '-').")
    model: str | ModelDef = Field(description="A model id from the catalog (`advisor estimate --help` lists them) or an inline [components.model] table.")
    precision: Precision = Field(default="fp16", description="Numeric precision of the weights: fp32, fp16, bf16, fp8, int8 or int4.")
    data_classes: list[DataClass] | None = Field(
        default=None, description="What the rules see for this component; the workload's classes if absent."
    )
    residency: list[str] | None = Field(default=None, description="Hard limit for this component: ISO countries or blocs (EU, EEA) it may run in.")
    critical: bool = Field(default=False, description="Keep a failover venue on another provider.")
    hardware: list[str] | None = Field(
        default=None, description="Restrict self-hosted offers to these hardware ids (managed APIs sell none)."
    )
    engine: str = Field(
        default="default",
        description="Serving engine: default (the best-supported per device), vllm, sglang, trt-llm, tgi, llama.cpp, "
        "neuron, openvino, ipex, ... (advisor/data/engines.toml); offers whose device it does not run on are excluded.",
        min_length=1, max_length=60,
    )
    allow_preemptible: bool = Field(
        default=False, description="An interactive component with an SLO may run on spot/marketplace capacity.")

    @property
    def model_id(self) -> str:
        return self.model if isinstance(self.model, str) else self.model.id


class InferenceComponent(ComponentBase):
    kind: Literal["inference", "batch-inference"] = Field(description="inference (interactive, with users and an SLO) or batch-inference (offline, with a deadline).")
    output_tokens_per_month: float = Field(gt=0, le=1e16, description="Output tokens generated per month (the demand the service is sized for).")
    input_tokens_per_request: float = Field(default=1000, ge=1, le=10_000_000, description="Average prompt length in tokens.")
    output_tokens_per_request: float = Field(default=250, ge=1, le=1_000_000, description="Average completion length in tokens.")
    peak_to_average: float = Field(default=1.0, ge=1, le=100, description="Peak traffic over average traffic (1 or more); capacity is sized for the peak.")
    reasoning_multiplier: float = Field(default=1.0, ge=1, le=1000, description="Hidden reasoning tokens per visible output token plus one (1 = no reasoning).")
    duty: float = Field(default=1.0, ge=0.001, le=1, description="Share of the month the service runs (at least 0.1%, 43 minutes).")
    slo: Slo = Field(default_factory=Slo, description="Service-level objectives: TTFT p95 and streaming speed.")
    users: list[UserGroup] = Field(default_factory=list, description="Where the users are: metros and their shares of the traffic.")
    egress_gb_per_month: float | None = Field(default=None, ge=0, le=1e9, description="Data sent out to the users per month, in GB (at most an exabyte); estimated from the tokens when unset.")
    deadline_hours: float | None = Field(default=None, ge=0.1, le=100_000, description="Batch: finish each batch within this many hours (at least 6 minutes).")
    accept_models: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=100, description="Catalog model ids a managed API may serve in place of 'model'."
    )
    cached_input_share: float = Field(
        default=0.0, ge=0, le=1, description="Share of input tokens a managed API bills at its cached-input price."
    )

    @field_validator("output_tokens_per_month")
    @classmethod
    def _at_least_one_token(cls, tokens: float) -> float:
        return at_least_one_token(tokens)

    @field_validator("users")
    @classmethod
    def _shares_sum_to_one(cls, users: list[UserGroup]) -> list[UserGroup]:
        total = sum(u.share for u in users)
        if users and abs(total - 1.0) > 0.01:
            raise ValueError(f"user shares must add up to 1, they add up to {total:g}")
        return users


class TrainingComponent(ComponentBase):
    kind: Literal["fine-tune", "training"] = Field(description="fine-tune or training.")
    method: Literal["full", "lora"] = Field(default="full", description="full (all weights) or lora (low-rank adapters; far less memory).")
    training_tokens: float = Field(gt=0, le=1e16, description="Tokens processed per training run (dataset tokens × epochs).")

    @field_validator("training_tokens")
    @classmethod
    def _at_least_one_token(cls, tokens: float) -> float:
        return at_least_one_token(tokens)
    runs_per_month: float = Field(default=1.0, gt=0, le=1000, description="Training runs per month.")
    deadline_hours: float | None = Field(default=None, ge=1, le=100_000, description="Each run must finish within this many hours (at least an hour: a training run is not scheduled in seconds).")
    mfu: float | None = Field(default=None, ge=0.01, le=1, description="Model FLOPs utilisation (0.01 to 1); default from data.")


Component = Annotated[InferenceComponent | TrainingComponent, Field(discriminator="kind")]


class Workload(Strict):
    workload: WorkloadInfo = Field(description="The workload's name, description, planning horizon and sites file.")
    data: DataPolicy = Field(default_factory=DataPolicy, description="The data the workload handles: classes, data subjects' countries, residency.")
    regulation: RegulationPolicy = Field(default_factory=RegulationPolicy, description="Regulatory regimes, declared transfer mechanisms and rule overrides.")
    weights: Weights = Field(default_factory=Weights, description="How the criteria (cost, latency, privacy, regulation, carbon) are weighed.")
    constraints: Constraints = Field(default_factory=Constraints, description="Plan-wide constraints: providers, kinds, billing, budget, privacy floor.")
    components: list[Component] = Field(min_length=1, max_length=200, description="The parts of the workload to place (inference services, batch jobs, training runs).")

    @model_validator(mode="after")
    def _unique_components(self) -> Workload:
        seen: set[str] = set()
        for c in self.components:
            if c.name in seen:
                raise ValueError(f"two components are named '{c.name}'")
            seen.add(c.name)
        return self

    def data_classes_of(self, component: InferenceComponent | TrainingComponent) -> list[str]:
        return list(component.data_classes if component.data_classes is not None else self.data.classes)


class LoadedWorkload(BaseModel):
    """A validated workload with the file it came from (relative paths resolve against it)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    path: Path
    workload: Workload
    digest: str

    def resolve(self, relative: str) -> Path:
        return (self.path.parent / relative).resolve()
