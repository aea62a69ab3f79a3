"""The canonical Recommendation: the one record every renderer reads.

Versioned, with a JSON Schema (``advisor schema recommendation``). Same inputs and the same
catalog on the same evaluation date give byte-identical JSON: no wall-clock time, sorted keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from advisor.model.offers import Record
from advisor.model.records import Cost, Finding, Sizing

SCHEMA_VERSION = "1.0"


class InputFile(Record):
    name: str
    sha256: str


class CatalogSource(Record):
    """Where one provider's prices came from in this run, and how old they are."""

    provider: str
    plugin: str | None = None
    origin: str | None = Field(default=None, description="The plugin bound to the distribution that installed it, e.g. 'aws from advisor-aws 0.1.0'.")
    kind: str
    source: str
    as_of: str | None
    age_days: float | None = Field(description="Age of the oldest price in days on the evaluation date; None without prices or when it is dated after that date.")
    oldest_price: str | None = Field(default=None, description="Date of the oldest price used from this provider.")
    newest_price: str | None = None
    dated_after_evaluation: bool = Field(
        default=False, description="Some of these prices are dated after the evaluation date (their age is not negative: it is unknown)."
    )
    reference: str | None
    offers: int
    unpriced: int
    venues: int
    stale: bool = Field(default=False, description="Cached prices past their TTL (newer than the snapshot): a refresh is advised.")
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = Field(default=(), description="Prices kept but implausible, e.g. spot not cheaper than on-demand.")
    skipped: str | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Why the run never read this provider's catalog (source 'skipped'): the workloads' constraints rule it out. "
                    "Absent otherwise.")


class Latency(Record):
    network_rtt_ms: float | None = None
    ttft_ms: float | None = None
    tpot_ms: float | None = None
    total_ms: float | None = None
    answer_ms: float | None = Field(
        default=None, description="Time to the final answer: total_ms plus every generated token of one answer "
        "(reasoning included) at tpot_ms; set when the component reasons (reasoning_multiplier > 1).")
    per_metro_rtt_ms: dict[str, float] = Field(default_factory=dict)
    method: str


class Placement(Record):
    """One candidate: where, on what, how sized, at what cost, how it scored, which rules fired."""

    offer_id: str
    venue_id: str
    provider: str
    kind: str
    region: str
    country: str
    metro: str
    latitude: float | None
    longitude: float | None
    sku: str
    billing: str
    hardware: str
    units: int
    usd_per_month: float | None
    usd_per_million_output_tokens: float | None = Field(
        default=None, description="Per million generated tokens (visible answers × reasoning_multiplier).")
    usd_per_million_visible_tokens: float | None = Field(
        default=None, description="Per million visible answer tokens: what a reader pays per token shown.")
    price: dict[str, Any] = Field(description="Unit price with its source, date and reference.")
    sizing: Sizing
    cost: Cost
    latency: Latency
    privacy_level: int
    privacy_reasons: tuple[str, ...] = ()
    carbon_kg_per_month: float | None = None
    regulation_penalty: float = 0.0
    findings: tuple[Finding, ...] = ()
    evidence_owed: tuple[str, ...] = ()
    score: float
    contributions: dict[str, float]
    criteria: dict[str, float]
    reliability: float | None = None
    notes: tuple[str, ...] = Field(default=(), description="Assumptions made for this candidate.")
    standby_usd_per_month: float | None = Field(
        default=None, description="A failover only: what holding it costs a month (its row in the plan's total).")
    standby_basis: str | None = Field(default=None, description="A failover only: warm or cold standby, in words.")


class Exclusion(Record):
    """A candidate that was not eligible, and why (rule, fit, SLO, price, constraint)."""

    offer_id: str
    venue_id: str
    provider: str
    reason: Literal["veto", "unknown", "does-not-fit", "slo", "unpriced", "constraint"]
    detail: str
    rule_ids: tuple[str, ...] = ()


class FrontierPoint(Record):
    """A Pareto-efficient candidate: no other is at least as good on every criterion."""

    offer_id: str
    provider: str
    kind: str
    usd_per_month: float
    latency_ms: float | None
    privacy_level: int
    carbon_kg_per_month: float | None
    chosen: bool
    billing: str | None = Field(default=None, description="Billing model of the offer (None in recommendations written before it was recorded).")
    units: int | None = Field(default=None, description="Units provisioned (instances, servers, configurations).")
    criteria: dict[str, float] = Field(
        default_factory=dict, description="Criterion values in [0, 1] as the scorer sees them: enough to re-rank the "
                                          "frontier under other weights (the review page's what-if panel)."
    )


class ComponentResult(Record):
    workload: str
    component: str
    kind: str
    model: str
    precision: str = Field(description="Weights' precision as sized, or 'closed weights' when only the provider serves the model.")
    demand: dict[str, Any]
    data_classes: tuple[str, ...]
    chosen: Placement | None
    failover: Placement | None = None
    why: tuple[str, ...] = Field(default=(), description="Reasons in words, for the review.")
    alternatives: tuple[Placement, ...] = ()
    frontier: tuple[FrontierPoint, ...] = Field(default=(), description="The Pareto-efficient candidates.")
    owned_vs_cloud: dict[str, Any] | None = None
    api_vs_self_host: dict[str, Any] | None = Field(
        default=None, description="The cheapest managed API against the cheapest self-hosted plan, and where they cross."
    )
    sensitivity: dict[str, Any] = Field(default_factory=dict)
    excluded_counts: dict[str, int] = Field(default_factory=dict)
    excluded: tuple[Exclusion, ...] = ()
    candidates_considered: int = 0


class PlanSummary(Record):
    feasible: bool
    total_usd_per_month: float | None
    egress_usd_per_month: float | None = Field(
        default=None, description="Data moved between components; with the rows (primaries and failovers) it makes the total.")
    providers: tuple[str, ...]
    kinds: tuple[str, ...]
    score: float | None
    binding_constraints: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    single_provider: dict[str, Any] | None = None


class Recommendation(Record):
    schema_version: str = SCHEMA_VERSION
    advisor_version: str
    evaluated_on: date
    workloads: tuple[str, ...]
    inputs: tuple[InputFile, ...]
    weights: dict[str, float]
    catalog: tuple[CatalogSource, ...]
    plan: PlanSummary
    components: tuple[ComponentResult, ...]
    prices: dict[str, str] = Field(
        default_factory=dict,
        description="Unit price ($/h, or 'unpriced') of every offer shown and the best-scoring eligible ones, for diffs.",
    )
    rule_overrides: tuple[dict[str, str], ...] = ()
    assumptions: tuple[dict[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    currency: dict[str, Any] | None = Field(
        default=None, description="The plan's total in the currency asked for (--currency), with the rate, its date and source.")

    def canonical_json(self) -> str:
        """Sorted keys, two-space indent, trailing newline: byte-identical for identical inputs."""
        from advisor.jsontext import canonical_document_of

        return canonical_document_of(self.model_dump(mode="json", exclude={"components"}), "components",
                                     (c.model_dump(mode="json") for c in self.components))
