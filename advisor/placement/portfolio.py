"""Stage 7 for a whole run: shortlist every component's candidates, place them together, and price
the best single-provider plan beside it. The pipeline calls this; assembly only reads its result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.evaluation.evaluated import Evaluated
from advisor.model.workload import LoadedWorkload
from advisor.placement.plan import Plan, best_single_provider_plan, place
from advisor.placement.shortlist import shortlist

__all__ = ["EXPLAIN_COMPONENTS", "Placed", "place_portfolio", "portfolio_constraints", "portfolio_weights"]

EXPLAIN_COMPONENTS = 500
"""Above this many components the plan's binding constraints (one re-solve each) and the Monte Carlo
per component are skipped, and the warnings say so: they took half of a 2,000-component run."""


@dataclass(frozen=True)
class Placed:
    """The placement stage's result: the plan, the single-provider comparison, and what was explained."""

    plan: Plan
    single: Plan | None
    """The best plan on one provider (its cost, score and provider only), None when the plan is infeasible."""
    explain: bool
    """Whether binding constraints were searched and the Monte Carlo is to be run (the explanation budget)."""
    warnings: tuple[str, ...] = ()


def portfolio_weights(loaded: Sequence[LoadedWorkload]) -> tuple[dict[str, float], tuple[str, ...]]:
    """The weights a run scores with (the first workload's), and a warning when workloads disagree."""
    weights = loaded[0].workload.weights.normalised()
    if len({tuple(sorted(lw.workload.weights.normalised().items())) for lw in loaded}) > 1:
        return weights, ("workloads give different weights; the portfolio is scored with the first workload's weights",)
    return weights, ()


def portfolio_constraints(loaded: Sequence[LoadedWorkload]) -> dict[str, Any]:
    """One set of plan constraints for the portfolio: the strictest of the workloads."""
    cons = [lw.workload.constraints for lw in loaded]
    max_p = [c.max_providers for c in cons if c.max_providers is not None]
    budgets = [c.budget_usd_per_month for c in cons if c.budget_usd_per_month is not None]
    return {
        "min_providers": max(c.min_providers for c in cons),
        "max_providers": min(max_p) if max_p else None,
        "budget_usd_per_month": sum(budgets) if len(budgets) == len(cons) and budgets else None,
    }


def place_portfolio(loaded: Sequence[LoadedWorkload], evaluated: Sequence[Evaluated], weights: dict[str, float],
                    inventory_components: int | None = None) -> Placed:
    """Shortlist, place every component together, and the single-provider comparison.

    ``inventory_components``: the components of the whole inventory these workloads are one group of,
    which the explanation budget counts instead of their own (10,000 small groups explained one by
    one cost what one huge portfolio would)."""
    candidates, prepared = shortlist(list(evaluated), weights)
    constraints = portfolio_constraints(loaded)
    counted = len(evaluated) if inventory_components is None else inventory_components
    explain = counted <= EXPLAIN_COMPONENTS
    warnings: tuple[str, ...] = ()
    if not explain:
        scope, remedy = ((" in the inventory", "recommend fewer workloads at once, or this one alone, to get them")
                         if inventory_components is not None else ("", "place fewer workloads together to get them"))
        warnings = (
            f"{counted} components{scope}: above {EXPLAIN_COMPONENTS} the plan's binding constraints are not searched "
            f"and each component's sensitivity has no Monte Carlo (weight and price flips are still given); {remedy}",)
    keys = [ev.key for ev in evaluated]
    plan = place(candidates, weights, components=keys, prepared=prepared, explain=explain, **constraints)
    # only the single-provider plan's cost, score and provider are reported: no binding constraints needed
    single = best_single_provider_plan(candidates, weights, components=keys, prepared=prepared, explain=False,
                                       **constraints) if plan.feasible else None
    return Placed(plan=plan, single=single, explain=explain, warnings=warnings)
