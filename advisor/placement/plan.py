"""Hybrid placement: one candidate per component, failovers, shared capacity, providers, budget.

An exact MILP solved by HiGHS through ``highspy`` (``advisor.highs``; regulation.md section 8). Objective:
maximise the plan's total weighted score (the sum over components of the fixed-scale score), with a
cost tie-break too small to override a score difference above about 1e-6. Dominated candidates are
pruned per (component, provider) first, which keeps the optimum (see ``placement_model.prune``).
After the solve, binding constraints are found by re-solving with each tight one relaxed; an
infeasible problem gets relaxation hints the same way. docs/decision-method.md has the formulation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import Field

from advisor.model.candidates import Candidate
from advisor.model.offers import Record
from advisor.placement.explain import Binding, Hint
from advisor.placement.milp import Limits, Problem, Solution, build_problem, prune, solve
from advisor.placement.separable import solve_separable
from advisor.placement.shared_boxes import with_riders
from advisor.scoring.scores import Scales, Scored, check_weights, score, score_all

__all__ = ["Assignment", "Binding", "Flow", "Hint", "Plan", "Prepared", "best_single_provider_plan", "place", "prepare"]


class Assignment(Record):
    """What runs one component: the chosen candidate, its failover, and the best ones not chosen."""

    component: str
    chosen: Candidate
    score: Scored
    failover: Candidate | None = None
    failover_score: Scored | None = None
    alternatives: tuple[Scored, ...] = Field(default=(), description="Top-N by score among those not chosen.")


class Flow(Record):
    """Data moved each month from one component to another, priced per GB by the venue pair."""

    source: str
    target: str
    gb_per_month: float = Field(gt=0)


EgressPrice = Callable[[str, str], "float | None"]
"""USD per GB from a source venue id to a target venue id; None when not known."""


class Plan(Record):
    feasible: bool
    status: str = Field(description="optimal | time_limit | infeasible | error")
    objective: str
    assignments: tuple[Assignment, ...] = ()
    total_usd_per_month: float | None = None
    primary_usd_per_month: float | None = None
    standby_usd_per_month: float | None = None
    egress_usd_per_month: float | None = None
    total_score: float | None = Field(default=None, description="Sum over components of the primary's score.")
    providers: tuple[str, ...] = ()
    pool_usage: dict[str, tuple[int, int | None]] = Field(default_factory=dict, description="pool -> (used, size)")
    binding: tuple[Binding, ...] = ()
    hints: tuple[Hint, ...] = ()
    messages: tuple[str, ...] = ()
    candidates_considered: int = 0
    candidates_after_pruning: int = 0


@dataclass(frozen=True)
class Prepared:
    """Scores and the pruned set of one candidate list under one weighting, for plans that share them
    (the hybrid plan and the single-provider comparison prune the same candidates the same way)."""

    candidates: Sequence[Candidate]
    weights: tuple[tuple[str, float], ...]
    scales: Scales | None
    by_venue: frozenset[str]
    scores: np.ndarray
    kept: list[int]
    duplicates: list[str]

    def fits(self, candidates: Sequence[Candidate], w: Mapping[str, float], scales: Scales | None,
             by_venue: frozenset[str]) -> bool:
        return (candidates is self.candidates and tuple(sorted(w.items())) == self.weights
                and scales is self.scales and by_venue == self.by_venue)


def prepare(candidates: Sequence[Candidate], weights: Mapping[str, float], scales: Scales | None = None,
            egress: Sequence[Flow] = ()) -> Prepared:
    """Score and prune ``candidates`` once; pass the result to ``place`` with the same list."""
    w = check_weights(weights)
    by_venue = frozenset(x for f in egress for x in (f.source, f.target))
    keys = [c.key for c in candidates]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})[:3] if len(set(keys)) != len(keys) else []
    if duplicates or not candidates:
        return Prepared(candidates, tuple(sorted(w.items())), scales, by_venue, np.zeros(0), [], duplicates)
    scores = score_all(candidates, w, scales)
    return Prepared(candidates, tuple(sorted(w.items())), scales, by_venue, scores, prune(candidates, scores, by_venue), [])


OBJECTIVE = (
    "maximise the sum over components of the weighted score on fixed scales "
    "(failovers count at {rho:g} of their score), ties broken by lower monthly cost"
)


def place(
    candidates: Sequence[Candidate],
    weights: Mapping[str, float],
    *,
    min_providers: int = 1,
    max_providers: int | None = None,
    budget_usd_per_month: float | None = None,
    redundancy: bool = True,
    standby_cost_share: float = 1.0,
    standby_score_weight: float = 0.5,
    components: Sequence[str] | None = None,
    alternatives: int = 3,
    explain: bool = True,
    scales: Scales | None = None,
    time_limit_s: float = 60.0,
    explain_time_limit_s: float = 20.0,
    egress: Sequence[Flow] = (),
    egress_usd_per_gb: EgressPrice | None = None,
    prepared: Prepared | None = None,
) -> Plan:
    """The best plan under the constraints, or ``feasible=False`` with relaxation hints.

    ``standby_cost_share`` is the share of a failover's monthly cost that is paid (1.0 = a warm standby
    at full size); a failover always reserves its full units in its capacity pool. ``components`` lists
    components that must be placed even if they have no candidate (then the plan is infeasible).
    ``egress`` flows are priced by ``egress_usd_per_gb(source venue, target venue)``; their cost counts
    in the total, the budget and the cost tie-break (not in the score). An unknown pair price is taken
    as the dearest known one and named in the plan's messages, never as $0. ``prepared`` (from
    ``prepare`` on this very list) skips scoring and pruning again.
    """
    if egress and egress_usd_per_gb is None:
        raise ValueError("egress flows need egress_usd_per_gb(source_venue, target_venue)")
    w = check_weights(weights)
    if max_providers is not None and max_providers < min_providers:
        raise ValueError(f"max_providers ({max_providers}) is below min_providers ({min_providers})")
    if not 0 <= standby_cost_share <= 1 or not 0 <= standby_score_weight <= 1:
        raise ValueError("standby_cost_share and standby_score_weight must be within [0, 1]")
    cands = list(candidates)
    by_venue = frozenset(x for f in egress for x in (f.source, f.target))
    if prepared is None or not prepared.fits(candidates, w, scales, by_venue):
        prepared = prepare(cands, weights, scales, egress)
    if prepared.duplicates:
        raise ValueError(f"duplicate candidates (component|offer_id): {prepared.duplicates}")
    lim = Limits(
        min_providers=min_providers,
        max_providers=max_providers,
        budget=budget_usd_per_month,
        redundancy=redundancy,
        standby_cost_share=standby_cost_share,
        standby_score_weight=standby_score_weight,
        time_limit=time_limit_s,
    )
    objective = OBJECTIVE.format(rho=standby_score_weight)
    missing = sorted(set(components or ()) - {c.component for c in cands})
    if missing:
        hints = tuple(
            Hint(kind="no_candidate", message=f"Component {m!r} has no candidate: every offer was vetoed, "
                 "unpriced or too small. To fix: relax its rules or SLO, or add a provider.")
            for m in missing
        )
        return Plan(feasible=False, status="infeasible", objective=objective, hints=hints,
                    messages=(f"No plan: {len(missing)} component(s) cannot be placed.",),
                    candidates_considered=len(cands))
    if not cands:
        return Plan(feasible=True, status="optimal", objective=objective, total_usd_per_month=0.0,
                    primary_usd_per_month=0.0, standby_usd_per_month=0.0, total_score=0.0)
    all_scores, kept = prepared.scores, prepared.kept
    pruned, pruned_scores = with_riders([cands[i] for i in kept], all_scores[kept], w, scales)
    pairs, egress_notes = _egress_pairs(pruned, egress, egress_usd_per_gb)
    prob = build_problem(pruned, pruned_scores, pairs)
    sol = solve_separable(prob, lim) or solve(prob, lim)  # components sharing nothing need no joint MILP
    base: dict[str, Any] = dict(objective=objective, candidates_considered=len(cands), candidates_after_pruning=len(kept))
    if not sol.feasible:
        from advisor.placement.explain import relaxation_hints

        hints = relaxation_hints(prob, lim) if sol.status == "infeasible" else ()
        head = (f"No plan satisfies all constraints for {len(prob.comps)} component(s) on "
                f"[{', '.join(prob.providers)}]." if sol.status == "infeasible"
                else f"The solver stopped ({sol.status}) before finding a plan.")
        tail = ("To fix: relax one of the constraints below." if hints else "")
        return Plan(feasible=False, status=sol.status, hints=hints, messages=(head, tail) if tail else (head,), **base)
    binding: tuple[Binding, ...] = ()
    notes: tuple[str, ...] = ()
    if explain:
        from advisor.placement.explain import binding_constraints

        binding, notes = binding_constraints(prob, lim, sol, explain_time_limit_s)
    plan = _plan(prob, lim, sol, cands, all_scores, w, scales, alternatives, binding, **base)
    notes = (*egress_notes, *notes)
    return plan.model_copy(update={"messages": (*plan.messages, *notes)}) if notes else plan


def _egress_pairs(
    cands: list[Candidate], flows: Sequence[Flow], price: EgressPrice | None
) -> tuple[list[tuple[str, str, str, str, float]], tuple[str, ...]]:
    """Monthly egress cost per (flow, source venue, target venue); unknown prices taken as the dearest."""
    if not flows or price is None:
        return [], ()
    venues: dict[str, list[str]] = {}
    for c in cands:
        venues.setdefault(c.component, [])
        if c.venue_id not in venues[c.component]:
            venues[c.component].append(c.venue_id)
    raw = [(f, sv, dv, price(sv, dv)) for f in flows for sv in venues.get(f.source, [])
           for dv in venues.get(f.target, [])]
    known = [p for *_, p in raw if p is not None]
    worst = max(known, default=None)
    unknown = sorted({f"{sv} -> {dv}" for _, sv, dv, p in raw if p is None})
    notes: tuple[str, ...] = ()
    if unknown:
        basis = f"the dearest known price (${worst:g}/GB)" if worst is not None else "no cost (no price known)"
        notes = (f"Egress price unknown for {len(unknown)} venue pair(s) (e.g. {unknown[0]}); "
                 f"taken as {basis}.",)
    pairs = [(f.source, f.target, sv, dv, rate * f.gb_per_month)
             for f, sv, dv, p in raw if (rate := worst if p is None else p)]
    return pairs, notes


def _plan(
    prob: Problem,
    lim: Limits,
    sol: Solution,
    cands: list[Candidate],
    all_scores: np.ndarray,
    w: dict[str, float],
    scales: Scales | None,
    n_alt: int,
    binding: tuple[Binding, ...],
    **base: Any,
) -> Plan:
    comp_names, comp_id = np.unique([c.component for c in cands], return_inverse=True)
    usd = np.fromiter((c.usd_per_month for c in cands), float, len(cands))
    ranked = np.lexsort((np.arange(len(cands)), usd, -all_scores, comp_id))
    cut = np.flatnonzero(np.diff(comp_id[ranked]) != 0) + 1
    by_comp = {str(comp_names[comp_id[g[0]]]): g for g in np.split(ranked, cut)}
    out: list[Assignment] = []
    prim_usd = stand_usd = total = 0.0
    cheapest = {str(comp_names[k]): float(usd[comp_id == k].min()) for k in range(len(comp_names))}
    for comp in prob.comps:
        chosen = prob.cands[sol.primary[comp]]
        fo = prob.cands[sol.standby[comp]] if comp in sol.standby else None
        taken = {chosen.key, fo.key if fo else None}
        others: list[int] = []
        for i in by_comp[comp]:
            if len(others) == n_alt:
                break
            if cands[i].key not in taken:
                others.append(int(i))
        ref = cheapest[comp]
        sc = score(chosen, w, scales, cost_reference=ref)
        out.append(Assignment(
            component=comp, chosen=chosen, score=sc, failover=fo,
            failover_score=score(fo, w, scales, cost_reference=ref) if fo else None,
            alternatives=tuple(score(cands[i], w, scales, cost_reference=ref) for i in others),
        ))
        prim_usd += chosen.usd_per_month
        stand_usd += lim.standby_cost_share * fo.standby_usd if fo else 0.0
        total += sc.total
    venue = {a.component: a.chosen.venue_id for a in out}
    egress_usd = sum(usd for src, dst, sv, dv, usd in prob.egress if venue.get(src) == sv and venue.get(dst) == dv)
    usage = {q: (sol.pool_usage.get(q, 0), prob.pool_caps[q]) for q in prob.pools}
    msgs = [f"Target: {base['objective']}.",
            f"Estimated cost: ${prim_usd + stand_usd + egress_usd:,.2f} / month (730 h month)."]
    if sol.status == "time_limit":
        msgs.append("The solver hit its time limit: the plan is feasible but not proven optimal.")
    unsized = sorted(q for q, cap in prob.pool_caps.items() if cap is None)
    if unsized:
        msgs.append(f"Capacity pools with unknown size were not limited: {', '.join(unsized)}.")
    return Plan(
        feasible=True,
        status=sol.status,
        assignments=tuple(out),
        total_usd_per_month=prim_usd + stand_usd + egress_usd,
        primary_usd_per_month=prim_usd,
        standby_usd_per_month=stand_usd,
        egress_usd_per_month=egress_usd,
        total_score=total,
        providers=sol.providers,
        pool_usage=usage,
        binding=binding,
        messages=tuple(msgs),
        **base,
    )


def best_single_provider_plan(
    candidates: Sequence[Candidate], weights: Mapping[str, float], **kw: Any
) -> Plan:
    """The best plan on one provider only, for comparison with the hybrid plan.

    Redundancy across providers is impossible on one provider, so it is switched off here and said
    so in the plan's messages.
    """
    kw = {k: v for k, v in kw.items() if k not in ("min_providers", "max_providers", "redundancy")}
    plan = place(candidates, weights, min_providers=1, max_providers=1, redundancy=False, **kw)
    note = "Single-provider comparison: failovers on another provider are not possible and were not required."
    return plan.model_copy(update={"messages": (*plan.messages, note)})
