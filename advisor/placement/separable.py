"""Placement by independent parts: components that share no capacity are not solved together (issue 18).

The MILP couples components through a budget, a provider count other than "at least one", egress
between them, and capacity they compete for: a pool with a size, or a shared box. Without a budget,
provider limits or egress, the objective is a sum of per-component terms and the only rows that span
components are those of the pools and boxes, so the problem falls apart into groups of components
linked by a sized pool or a box. A group of one component whose candidates take no such capacity is
placed by its own best choice: the primary with the lowest objective coefficient, or for a critical
component the lowest (primary, failover) pair on two providers. A linked group without a shared box
whose components' own best choices fit every sized pool takes them too (the pools bind nothing); any
other linked group is one smaller MILP.
The single-provider comparison (at most one provider, no redundancy) is the best such plan on each
provider in turn. The objective coefficients are the whole problem's (``milp.objective``, one
tie-break scale), so the plan is the whole MILP's wherever its optimum is unique; HiGHS stops within
an absolute gap of 1e-6, the size of the cost tie-break, so where the whole MILP settled for a dearer
option among equal scores a part may find the cheaper one. Anything else goes to the whole MILP.
"""

from __future__ import annotations

import numpy as np

from advisor.placement.milp import (Limits, Problem, Solution, build_problem, failover_columns, objective, pool_cap,
                                    solution, solve, tie_break_scale)

__all__ = ["solve_separable"]


def solve_separable(p: Problem, lim: Limits) -> Solution | None:
    """The MILP's plan solved part by part, or None when the problem does not split that way (a budget,
    provider limits, egress) or a part has no plan (then the whole MILP says why)."""
    if not _splits(p, lim):
        return None
    s_idx = failover_columns(p, lim)
    c, usd, regret = objective(p, lim, s_idx)
    scale = tie_break_scale(p, lim)
    linked, capped = _linked_components(p, lim)
    options = [None] if lim.max_providers is None else list(range(len(p.providers)))
    best: tuple[float, np.ndarray] | None = None
    for provider in options:
        usable = np.ones(len(p.cands), dtype=bool) if provider is None else p.prov_of == provider
        z = _plan_columns(p, lim, c, s_idx, usable, linked, capped, scale)
        if z is None and provider is None:
            return None
        if z is not None and (best is None or float(c @ z) < best[0]):
            best = (float(c @ z), z)
    return None if best is None else solution(p, s_idx, best[1], c, usd, regret, "optimal")


def _splits(p: Problem, lim: Limits) -> bool:
    return (lim.objective == "score" and lim.budget is None and lim.min_providers <= 1 and not p.egress
            and lim.max_providers in (None, 1) and not (lim.max_providers == 1 and lim.redundancy and p.critical)
            and len(p.cands) > 0)


def _linked_components(p: Problem, lim: Limits) -> tuple[list[np.ndarray], np.ndarray]:
    """Groups of component indices that compete for a sized pool or share a box (union of each such
    pool's components; components in none are not listed), and which rows take such capacity."""
    parent = list(range(len(p.comps)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    touched: set[int] = set()
    capped = np.zeros(len(p.cands), dtype=bool)
    for q, pool in enumerate(p.pools):
        members = np.flatnonzero(p.pool_of == q)
        sized = pool_cap(p, lim, pool) is not None
        if not (sized or p.instances[members].any()):
            continue
        capped[members] = True
        comps = sorted(set(p.comp_of[members].tolist()))  # not np.unique: it imports numpy.ma (6 ms a process)
        touched.update(comps)
        for other in comps[1:]:
            parent[root(other)] = root(comps[0])
    groups: dict[int, list[int]] = {}
    for k in sorted(touched):
        groups.setdefault(root(k), []).append(k)
    return [np.array(g, dtype=np.int64) for g in groups.values()], capped


def _plan_columns(p: Problem, lim: Limits, c: np.ndarray, s_idx: np.ndarray, usable: np.ndarray,
                  linked: list[np.ndarray], capped: np.ndarray, scale: float) -> np.ndarray | None:
    """Column values (x, s, y; no egress) of the best plan among ``usable`` rows, part by part; None when
    a part has no plan. A linked group none of whose usable rows takes capped capacity (the
    single-provider comparison on another provider than the pool's) is placed component by component."""
    n, m, k = len(p.cands), len(s_idx), len(p.comps)
    z = np.zeros(n + m + len(p.providers), dtype=float)
    alone = np.ones(k, dtype=bool)
    for group in linked:
        rows = np.flatnonzero(usable & np.isin(p.comp_of, group))
        if not capped[rows].any():
            continue
        alone[group] = False
        if not p.instances[rows].any() and _alone_fits(p, lim, c, s_idx, rows, len(group), z):
            continue
        if len(set(p.comp_of[rows].tolist())) != len(group):
            return None
        sub = build_problem([p.cands[i] for i in rows], p.scores[rows])
        sol = solve(sub, lim, cost_scale=scale)
        if not sol.feasible or sol.status != "optimal":
            return None
        z[rows[list(sol.primary.values())]] = 1.0
        z[n + np.searchsorted(s_idx, rows[list(sol.standby.values())])] = 1.0
    free = usable & alone[p.comp_of]
    if not _choose_alone(p, c[:n], c[n : n + m], s_idx, free, int(alone.sum()), z):
        return None
    used = np.concatenate([np.flatnonzero(z[:n]), s_idx[np.flatnonzero(z[n : n + m])]])
    z[n + m + p.prov_of[used]] = 1.0  # a provider used twice is set twice
    return z


def _alone_fits(p: Problem, lim: Limits, c: np.ndarray, s_idx: np.ndarray, rows: np.ndarray, count: int,
                z: np.ndarray) -> bool:
    """Set the ``count`` components' own best choices among ``rows`` in ``z`` when together they take no
    sized pool past its size: the pools then bind nothing, so the part's MILP has the same optimum (its
    relaxation without them is solved and feasible). False, with ``z`` untouched, when they overflow one."""
    n, m = len(p.cands), len(s_idx)
    ok = np.zeros(n, dtype=bool)
    ok[rows] = True
    trial = np.zeros_like(z)
    if not _choose_alone(p, c[:n], c[n : n + m], s_idx, ok, count, trial):
        return False
    used = np.concatenate([np.flatnonzero(trial[:n]), s_idx[np.flatnonzero(trial[n : n + m])]])
    load: dict[int, float] = {}
    for i in used.tolist():
        q = int(p.pool_of[i])
        if q >= 0:
            load[q] = load.get(q, 0.0) + float(p.pool_units[i])
    for q, units in load.items():
        pool = p.pools[q]
        cap = pool_cap(p, lim, pool)
        if cap is not None and units > cap:
            return False
    z += trial
    return True


def _choose_alone(p: Problem, cx: np.ndarray, cs: np.ndarray, s_idx: np.ndarray, rows_ok: np.ndarray, count: int,
                  z: np.ndarray) -> bool:
    """Set every unlinked component's own best choice among ``rows_ok`` in ``z``; False when one of the
    ``count`` has none (or no failover pair on two providers)."""
    n = len(p.cands)
    rows = np.flatnonzero(rows_ok)
    order = rows[np.lexsort((rows, cx[rows], p.comp_of[rows]))]  # ties to the lowest index
    firsts = order[np.concatenate([[True], np.diff(p.comp_of[order]) != 0])] if len(order) else order
    if len(firsts) != count:
        return False
    critical = {p.comps.index(name) for name in p.critical} if len(s_idx) else set()
    for i in firsts.tolist():
        q = int(p.comp_of[i])
        if q not in critical:
            z[i] = 1.0
            continue
        pair = _pair(p, cx, cs, s_idx, rows_ok, q)
        if pair is None:
            return False
        z[pair[0]] = 1.0
        z[n + pair[1]] = 1.0
    return True


def _pair(p: Problem, cx: np.ndarray, cs: np.ndarray, s_idx: np.ndarray, usable: np.ndarray,
          q: int) -> tuple[int, int] | None:
    """The (primary row, failover column) of component ``q`` on two providers with the lowest sum: the
    lowest primary of one provider with the lowest failover of another (either swap only improves)."""
    prim = np.flatnonzero(usable & (p.comp_of == q))
    fail = np.flatnonzero(usable[s_idx] & (p.comp_of[s_idx] == q))
    as_primary = _lowest_per_provider(prim, cx[prim], p.prov_of[prim])
    as_failover = _lowest_per_provider(fail, cs[fail], p.prov_of[s_idx[fail]])
    best: tuple[float, int, int] | None = None
    for a, (ca, i) in as_primary.items():
        for b, (cb, j) in as_failover.items():
            if a != b and (best is None or ca + cb < best[0]):
                best = (ca + cb, i, j)
    return None if best is None else (best[1], best[2])


def _lowest_per_provider(index: np.ndarray, coef: np.ndarray, provider: np.ndarray) -> dict[int, tuple[float, int]]:
    """Per provider code (ascending): the lowest coefficient and its index, ties to the lowest index."""
    out: dict[int, tuple[float, int]] = {}
    for k in np.lexsort((index, coef, provider)).tolist():
        out.setdefault(int(provider[k]), (float(coef[k]), int(index[k])))
    return out
