"""The rows of a shared box (issue 20 point 5): the payer's row carries the box's fixed cost, a rider's
row only the power its load adds, so the plan's total stays the sum of the rows shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.model.candidates import Candidate
from advisor.model.recommendation import Placement
from advisor.scoring.scores import criteria_values, score

__all__ = ["shared_box_lines", "shared_box_placement"]

_FIXED_HEADS = ("capital", "maintenance", "staff", "colocation", "other", "compute")
"""The heads of a row that are the box's fixed cost: owned servers' capital to idle power, a subscription's fee."""


def _adds(cand: Candidate) -> str:
    """What a rider's row carries: the power its load adds (an owned box's, or the site's electricity for a
    subscribed device; the fee covers the device) and its egress."""
    if cand.billing == "subscription":
        return "what its load adds to the bill (the fee and the device's idle power are on the payer's row)"
    return "the power its load adds"


def _riders_and_payer(box: str, chosen: Mapping[str, Candidate]) -> tuple[list[str], str | None]:
    riders = sorted(k for k, c in chosen.items() if c.capacity_pool == box and c.rider)
    payer = next((k for k, c in sorted(chosen.items()) if c.capacity_pool == box and c.on_shared_box and not c.rider),
                 None)
    return riders, payer


def shared_box_lines(component: str, cand: Candidate | None, chosen: Mapping[str, Candidate]) -> list[str]:
    """The why-lines of a component placed on a shared box: GPUs taken, who pays the box, who rides."""
    if cand is None or not cand.on_shared_box or cand.capacity_pool is None:
        return []
    riders, payer = _riders_and_payer(cand.capacity_pool, chosen)
    count, size = cand.instances
    gpus = (f"{cand.shared_gpus} of the box's {cand.box_gpus} GPUs per server" if count == 1 else
            f"{count} instances of {size} GPU{'s' if size > 1 else ''}, each on one server of {cand.box_gpus} GPUs")
    taken = sum(c.shared_gpus or 0 for c in chosen.values() if c.capacity_pool == cand.capacity_pool)
    if cand.rider:
        return [f"shares {cand.capacity_pool} by GPU ({gpus}; {taken} taken in all): its fixed "
                f"${cand.box_fixed_usd_per_month:,.2f}/month is on {payer}'s row, this row is {_adds(cand)}, "
                f"${cand.usd_per_month:,.2f}/month"]
    if not riders:
        return [f"takes {gpus} of {cand.capacity_pool}, a shared box, and pays its fixed "
                f"${cand.box_fixed_usd_per_month:,.2f}/month; the free GPUs can carry other components"]
    return [f"pays the fixed ${cand.box_fixed_usd_per_month:,.2f}/month of {cand.capacity_pool}, shared by GPU "
            f"({gpus}; {taken} taken in all) with {', '.join(riders)}, whose rows carry only "
            f"{'what their load adds' if cand.billing == 'subscription' else 'the power they add'}"]


def shared_box_placement(placement: Placement, cand: Candidate, weights: Mapping[str, float]) -> Placement:
    """A rider's placement: its row's cost is what its load adds (the payer's row has the fixed cost)."""
    if not cand.rider:
        return placement
    cost = placement.cost
    fixed = cand.box_fixed_usd_per_month or 0.0
    breakdown = dict(cost.breakdown)
    for head in _FIXED_HEADS:
        breakdown[head] = 0.0
    breakdown["power"] = round(max(0.0, cand.usd_per_month - breakdown.get("egress", 0.0)), 2)
    ratio = cand.usd_per_month / cost.usd_per_month if cost.usd_per_month else 0.0

    def per(value: float | None) -> float | None:
        return None if value is None else round(value * ratio, 4)

    new_cost = cost.model_copy(update={
        "usd_per_month": cand.usd_per_month,
        "usd_per_million_output_tokens": per(cost.usd_per_million_output_tokens),
        "usd_per_million_visible_tokens": per(cost.usd_per_million_visible_tokens),
        "breakdown": breakdown,
        "basis": f"rides on {cand.capacity_pool}, shared by GPU: the box's fixed ${fixed:,.2f}/month is paid on "
                 f"another component's row; this row is {_adds(cand)}. As costed alone: {cost.basis}",
    })
    scored = score(cand, weights)
    update: dict[str, Any] = {
        "usd_per_month": cand.usd_per_month,
        "usd_per_million_output_tokens": per(placement.usd_per_million_output_tokens),
        "usd_per_million_visible_tokens": per(placement.usd_per_million_visible_tokens),
        "cost": new_cost,
        "carbon_kg_per_month": cand.carbon_kg_per_month,
        "score": round(scored.total, 4),
        "contributions": {k: round(v, 4) for k, v in sorted(scored.contributions.items())},
        "criteria": {k: round(v, 4) for k, v in sorted(criteria_values(cand).items())},
    }
    return placement.model_copy(update=update)
