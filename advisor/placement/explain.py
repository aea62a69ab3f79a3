"""Explanations by re-solving: which constraints bind a plan, and what would make a problem feasible.

MILP duals are not meaningful (regulation.md section 8), so each tight constraint is relaxed alone
and the plan re-solved; the messages follow SkyPilot's style: what failed, and how to fix it.
"""

from __future__ import annotations

import time
from dataclasses import replace

from pydantic import Field

from advisor.model.offers import Record
from advisor.placement.milp import Limits, Problem, Solution, solve

__all__ = ["Binding", "Hint", "binding_constraints", "relaxation_hints"]

_EPS = 1e-9


class Binding(Record):
    """A constraint that shapes the plan: relaxing it alone would improve the objective."""

    kind: str = Field(description="capacity | budget | max_providers | min_providers | redundancy")
    name: str
    message: str
    score_gain: float = Field(description="Plan score with the constraint relaxed minus the plan's score.")
    usd_per_month_change: float = Field(description="Cost of the relaxed plan minus the plan's cost.")


class Hint(Record):
    """One way to make an infeasible problem feasible, with the plan it would give."""

    kind: str
    message: str
    usd_per_month: float | None = None


def _score(p: Problem, sol: Solution) -> float:
    return float(sum(p.scores[i] for i in sol.primary.values()))


def _usd(x: float) -> str:
    return f"${x:,.2f}/month"


def binding_constraints(
    p: Problem, lim: Limits, sol: Solution, time_budget_s: float = 30.0
) -> tuple[tuple[Binding, ...], tuple[str, ...]]:
    """Tight constraints whose relaxation alone changes the optimum, with the gain in score and dollars.

    Each re-solve gets at most a quarter of the time budget; one stopped early still gives a feasible
    relaxed plan, so its gain is reported as "at least". Trials left when the budget runs out are named
    in the returned notes rather than silently dropped.
    """
    trials: list[tuple[str, str, Limits, str]] = []
    pool_trials = []
    for q in p.pools:
        cap = p.pool_caps[q]
        used = sol.pool_usage.get(q, 0)
        if cap is None:
            continue
        chosen = {*sol.primary.values(), *sol.standby.values()}
        shut_out = [i for i in range(len(p.cands)) if p.pool_of[i] == p.pools.index(q)
                    and i not in chosen and used + p.units[i] > cap]
        if shut_out:
            top = max(shut_out, key=lambda i: p.scores[i])
            what = (f"capacity pool {q} is full ({used} of {cap} units)" if used >= cap else
                    f"capacity pool {q} ({used} of {cap} units used) has no room for "
                    f"{p.cands[top].key} ({int(p.units[top])} units)")
            pool_trials.append(("capacity", q, replace(lim, pool_caps=(*lim.pool_caps, (q, None))), what))
    if lim.budget is not None and sol.usd >= lim.budget * (1 - 1e-6):
        trials.append(("budget", "budget", replace(lim, budget=None),
                       f"the budget ({_usd(lim.budget)}) is spent ({_usd(sol.usd)})"))
    if lim.max_providers is not None and len(sol.providers) >= lim.max_providers:
        trials.append(("max_providers", "max_providers", replace(lim, max_providers=None),
                       f"max_providers = {lim.max_providers} is reached"))
    if lim.min_providers > 1 and len(sol.providers) <= lim.min_providers:
        trials.append(("min_providers", "min_providers", replace(lim, min_providers=1),
                       f"min_providers = {lim.min_providers} forces a provider the plan would not use"))
    if lim.redundancy and sol.standby:
        trials.append(("redundancy", "redundancy", replace(lim, redundancy=False),
                       f"failovers on another provider for {len(sol.standby)} critical component(s)"))
    base_score, out, notes = _score(p, sol), [], []
    deadline = time.monotonic() + time_budget_s
    for kind, name, relaxed, what in [*trials, *pool_trials]:
        left = deadline - time.monotonic()
        if left <= 0:
            notes.append(f"{kind} {name}: not examined (explanation time budget of {time_budget_s:g} s spent)")
            continue
        relaxed = replace(relaxed, time_limit=min(left, time_budget_s / 4))
        if kind != "redundancy" and solve(p, relaxed, lp_bound=True).objective >= sol.objective - _EPS:
            continue
        alt = solve(p, relaxed)
        if not alt.feasible:
            continue
        gain, dusd = _score(p, alt) - base_score, alt.usd - sol.usd
        least = "at least " if alt.status != "optimal" else ""
        if kind == "redundancy":
            msg = f"{what} add {_usd(sol.usd - alt.usd)}"
            if abs(gain) > _EPS:
                msg += f" and change the plan score by {-gain:+.4f}"
        elif gain > _EPS or dusd < -1e-6:
            msg = f"{what}; relaxing it would raise the plan score by {least}{gain:.4f} ({dusd:+,.2f} USD/month)"
        else:
            continue
        out.append(Binding(kind=kind, name=name, message=msg, score_gain=gain, usd_per_month_change=dusd))
    return tuple(out), tuple(notes)


def relaxation_hints(p: Problem, lim: Limits) -> tuple[Hint, ...]:
    """Concrete changes that each make the problem feasible; a combined one when none alone does."""
    hints: list[Hint] = []
    single = {c.provider for c in p.cands}
    if lim.redundancy and p.critical:
        for comp in sorted(p.critical):
            provs = sorted({c.provider for c in p.cands if c.component == comp})
            if len(provs) < 2:
                hints.append(Hint(kind="redundancy", message=(
                    f"Component {comp!r} is critical but all its candidates are on {provs[0]}: a failover "
                    "needs another provider. To fix: allow another provider for it or turn redundancy off.")))
    if lim.min_providers > len(single):
        hints.append(Hint(kind="min_providers", message=(
            f"min_providers = {lim.min_providers} but only {len(single)} provider(s) have candidates: "
            f"[{', '.join(sorted(single))}].")))
    if lim.budget is not None:
        alt = solve(p, replace(lim, budget=None, objective="cost"))
        if alt.feasible:
            hints.append(Hint(kind="budget", usd_per_month=alt.usd, message=(
                f"budget: the cheapest feasible plan costs {_usd(alt.usd)} (budget {_usd(lim.budget)}); "
                f"the max monthly cost limit may be too restrictive.")))
    if lim.max_providers is not None:
        for k in range(lim.max_providers + 1, len(single) + 1):
            alt = solve(p, replace(lim, max_providers=k))
            if alt.feasible:
                hints.append(Hint(kind="max_providers", usd_per_month=alt.usd, message=(
                    f"raising max_providers to {k} makes a plan feasible at {_usd(alt.usd)}.")))
                break
    for k in range(lim.min_providers - 1, 0, -1):
        alt = solve(p, replace(lim, min_providers=k))
        if alt.feasible:
            hints.append(Hint(kind="min_providers", usd_per_month=alt.usd, message=(
                f"lowering min_providers to {k} makes a plan feasible at {_usd(alt.usd)}.")))
            break
    hints.extend(_pool_hints(p, lim))
    if lim.redundancy and p.critical and not any(h.kind == "redundancy" for h in hints):
        alt = solve(p, replace(lim, redundancy=False))
        if alt.feasible:
            hints.append(Hint(kind="redundancy", usd_per_month=alt.usd, message=(
                f"without failovers for critical components a plan is feasible at {_usd(alt.usd)}.")))
    if not hints:
        hints.append(_combined(p, lim))
    return tuple(hints)


def _pool_hints(p: Problem, lim: Limits) -> list[Hint]:
    sized = [q for q in p.pools if p.pool_caps[q] is not None]
    if not sized:
        return []
    free = solve(p, replace(lim, pool_caps=tuple((q, None) for q in sized)))
    if not free.feasible:
        return []
    out = []
    for q in sized:
        cap = p.pool_caps[q]
        assert cap is not None
        if free.pool_usage.get(q, 0) <= cap:
            continue
        alt = solve(p, replace(lim, pool_caps=((q, None),), objective=f"pool:{q}"))
        if alt.feasible and alt.pool_usage.get(q, 0) > cap:
            need = alt.pool_usage[q]
            out.append(Hint(kind="capacity", usd_per_month=alt.usd, message=(
                f"capacity pool {q} needs {need} units, has {cap}: add {need - cap} unit(s).")))
    if not out:
        out.append(Hint(kind="capacity", usd_per_month=free.usd, message=(
            "capacity pools " + ", ".join(f"{q} (uses {free.pool_usage.get(q, 0)}, has {p.pool_caps[q]})"
                                          for q in sized if free.pool_usage.get(q, 0) > (p.pool_caps[q] or 0))
            + f" together: with more capacity a plan is feasible at {_usd(free.usd)}.")))
    return out


def _combined(p: Problem, lim: Limits) -> Hint:
    free = replace(lim, budget=None, max_providers=None, min_providers=1, redundancy=False,
                   pool_caps=tuple((q, None) for q in p.pools))
    alt = solve(p, free)
    if alt.feasible:
        return Hint(kind="combined", usd_per_month=alt.usd, message=(
            "No single change is enough: without the budget, provider limits, capacity limits and "
            f"failovers a plan is feasible at {_usd(alt.usd)}; relax them one at a time to find the culprit."))
    return Hint(kind="combined", message="No plan exists even with every constraint relaxed.")

