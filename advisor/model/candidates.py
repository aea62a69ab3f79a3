"""The Candidate record: one (component, offer) option, already sized, costed and rule-checked.

The pipeline builds candidates; scoring, Pareto, placement and sensitivity are pure functions over
them. A candidate only exists for an offer with a known price: an unpriced offer is reported by the
pipeline as unpriced, it never reaches the optimiser as $0.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from advisor.model.offers import Billing, Record, VenueKind

__all__ = ["Candidate", "CandidateKind"]

CandidateKind = VenueKind
_OWNED_BILLING: frozenset[str] = frozenset({"capex", "owned"})


class Candidate(Record):
    """A feasible, priced way to run one component on one offer, with its criteria in natural units."""

    component: str = Field(min_length=1, description="Component name; 'workload/component' in a portfolio.")
    workload: str = Field(min_length=1)
    offer_id: str = Field(min_length=1)
    venue_id: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    kind: Literal["cloud", "onprem", "edge", "depin", "api"]
    billing: Billing
    units: int = Field(ge=0, description="Units (instances, servers, configurations) provisioned.")
    usd_per_month: float = Field(ge=0, description="Monthly cost (730 h month) of this component here.")
    cost_reference_usd: float | None = Field(
        default=None, ge=0, description="Monthly cost of the component's cheapest feasible candidate: the cost "
        "criterion scores usd_per_month relative to it. None: the cheapest of the candidates scored together.")
    usd_per_million_tokens: float | None = Field(default=None, ge=0)
    standby_usd_per_month: float | None = Field(
        default=None, ge=0, description="What holding this candidate as a failover costs a month (warm or cold "
        "standby, advisor.costing.standby); None: its full usd_per_month.")
    network_rtt_ms: float | None = Field(
        default=None, ge=0, description="User-share-weighted p95 RTT; None when the component has no users."
    )
    ttft_ms: float | None = Field(default=None, ge=0)
    tpot_ms: float | None = Field(default=None, ge=0)
    latency_ms: float | None = Field(default=None, ge=0, description="The figure scored: RTT + TTFT for inference.")
    slo_ttft_ms: float | None = Field(default=None, gt=0)
    privacy_level: int = Field(ge=0, le=6)
    regulation_penalty: float = Field(default=0.0, ge=0)
    evidence_owed: int = Field(default=0, ge=0)
    carbon_kg_per_month: float | None = Field(default=None, ge=0)
    capacity_pool: str | None = Field(
        default=None, description="Shared capacity id, e.g. 'onprem:dc1:t4-box'; None = effectively unlimited."
    )
    capacity_units: int | None = Field(default=None, ge=0, description="Size of capacity_pool in units.")
    reliability: float | None = Field(default=None, ge=0, le=1)
    availability: float | None = Field(
        default=1.0, ge=0, le=1, description="Share of the month the capacity is there to serve (the availability "
        "criterion): 1 for held capacity; None when unknown (a DePIN host with no published reliability).")
    capital_usd_per_month: float | None = Field(
        default=None, ge=0, description="Owned hardware to buy: the capital part of usd_per_month (life uncertainty)."
    )
    critical: bool = False
    shared_gpus: int | None = Field(
        default=None, ge=1, description="GPUs of a shared box (sites file `shared = true`) this candidate takes: "
        "tensor parallel x replicas. None: not on a shared box, whole units are taken.")
    box_gpus: int | None = Field(default=None, ge=1, description="GPUs per server of that shared box.")
    instance_gpus: int | None = Field(
        default=None, ge=1, description="GPUs of one instance (a tensor-parallel group, or a whole server for a "
        "training run), which must lie on one server of the box; shared_gpus is a whole number of them. None: "
        "the candidate's shared_gpus are one instance.")
    servers_per_unit: int = Field(default=1, ge=1, description="Servers in one unit of the offer (an Outposts rack "
                                  "holds several): a payer pays units x servers_per_unit servers of the box.")
    box_fixed_usd_per_month: float | None = Field(
        default=None, ge=0, description="The shared box's fixed cost inside usd_per_month (capital, maintenance, "
        "staff, colocation, idle power of its servers): paid once per server, by one component.")
    box_fixed_kg_per_month: float | None = Field(
        default=None, ge=0, description="The shared box's idle emissions inside carbon_kg_per_month: like its fixed "
        "cost, counted once, on the row that pays the box.")
    rider: bool = Field(default=False, description="On a shared box another component pays for: usd_per_month is "
                        "only what this component's load adds (advisor.placement.shared_boxes).")

    @model_validator(mode="after")
    def _pool_has_size(self) -> Candidate:
        if self.capacity_units is not None and self.capacity_pool is None:
            raise ValueError("capacity_units is set but capacity_pool is not")
        shared = (self.shared_gpus, self.box_gpus, self.box_fixed_usd_per_month)
        if any(v is not None for v in shared) and (None in shared or self.capacity_pool is None):
            raise ValueError("a shared-box candidate needs shared_gpus, box_gpus, box_fixed_usd_per_month and a pool")
        if self.rider and self.shared_gpus is None:
            raise ValueError("only a shared-box candidate can be a rider")
        if self.instance_gpus is not None and (self.shared_gpus is None or self.shared_gpus % self.instance_gpus):
            raise ValueError("instance_gpus needs shared_gpus, a whole number of instances")
        return self

    @property
    def on_shared_box(self) -> bool:
        return self.shared_gpus is not None

    @property
    def instances(self) -> tuple[int, int]:
        """(instances, GPUs each) this candidate packs onto a shared box's servers; (0, 0) elsewhere."""
        if self.shared_gpus is None:
            return 0, 0
        size = self.instance_gpus or self.shared_gpus
        return self.shared_gpus // size, size

    @property
    def key(self) -> str:
        """Unique within a placement problem: a component never lists the same offer twice."""
        return f"{self.component}|{self.offer_id}"

    @property
    def standby_usd(self) -> float:
        """The failover bill: ``standby_usd_per_month``, else the full monthly cost."""
        return self.usd_per_month if self.standby_usd_per_month is None else self.standby_usd_per_month

    @property
    def owned(self) -> bool:
        return self.billing in _OWNED_BILLING
