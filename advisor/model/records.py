"""Records passed between pipeline stages: sizing, cost, rule verdicts, criteria.

Each stage is a function from records to records; none reaches back into an earlier stage.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from advisor.model.offers import Record

Effect = Literal["veto", "require-evidence", "penalty", "advisory"]
Status = Literal["pass", "fail", "unknown"]


class Sizing(Record):
    """How one offer serves one component: fit, latency, throughput, units needed."""

    component: str
    offer_id: str
    feasible: bool
    reason: str | None = Field(default=None, description="Why it does not fit or misses the SLO.")
    precision: str
    tensor_parallel: int = 1
    replicas: int = 0
    units: int = Field(default=0, description="Instances/servers of the offer provisioned at peak.")
    unit_hours_per_month: float = Field(
        default=0.0, description="Unit-hours that elastic billing pays for (demand-following)."
    )
    utilisation: float = Field(default=0.0, description="Average busy share of the provisioned units.")
    batch: int | None = None
    max_batch: int | None = None
    ttft_ms: float | None = None
    tpot_ms: float | None = None
    output_tokens_per_second_per_replica: float | None = None
    memory_gb: dict[str, float] = Field(default_factory=dict, description="weights, kv_cache, overhead, free.")
    energy_kwh_per_month: float | None = None
    efficiency: dict[str, float | str] = Field(default_factory=dict, description="Factors used and their source.")
    uncertainty: dict[str, Any] = Field(
        default_factory=dict,
        description="Which figures are estimates: central values, their range (± the efficiency row's band) and what was planned on.",
    )
    notes: tuple[str, ...] = ()


class Cost(Record):
    """Monthly cost of one component on one offer, with its parts; None when the price is unknown."""

    component: str
    offer_id: str
    usd_per_month: float | None
    usd_per_million_output_tokens: float | None = None
    usd_per_million_visible_tokens: float | None = Field(
        default=None, description="Per million visible answer tokens (output_tokens_per_month); above the per-generated "
        "figure when the model reasons.")
    usd_per_million_input_tokens: float | None = None
    breakdown: dict[str, float] = Field(default_factory=dict)
    basis: str = Field(description="How the figure was reached, in words.")
    owned: dict[str, float | str | None] | None = Field(
        default=None, description="Owned hardware: break-even utilisation, payback months, NPV."
    )


class Evidence(Record):
    attribute: str
    value: str


class Finding(Record):
    """One rule's result on one (component, venue) pair."""

    rule_id: str
    title: str
    effect: Effect
    status: Status
    penalty: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    references: tuple[str, ...] = ()
    requirement: str | None = Field(default=None, description="Evidence still owed, as a checklist item.")


class Verdict(Record):
    """All firing rules for one (component, venue): vetoed, unknown, or allowed with penalties."""

    component: str
    venue_id: str
    status: Status
    findings: tuple[Finding, ...] = ()
    penalty: float = 0.0

    @property
    def vetoes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.effect == "veto" and f.status == "fail")
