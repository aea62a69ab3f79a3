"""The placement MILP behind ``advisor.placement.plan``: pruning, model building and one HiGHS solve.

Kept apart from the public API so that every re-solve (binding constraints, relaxation hints) goes
through one builder. Variables, in column order: ``x_i`` (candidate i is its component's primary),
``s_i`` (candidate i is its critical component's failover), ``y_p`` (provider p is used); all binary.
Shared boxes (``advisor.placement.shared_boxes``) add rows and, last, one integer column per way to
fill a server of the box: a rider needs a payer of another component on its box, and the instances on
the box are packed onto the servers its payers pay for, each instance on one server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from advisor.model.candidates import Candidate
from advisor.highs import Triplets, solve_lp
from advisor.placement.shared_boxes import patterns

__all__ = ["Limits", "Problem", "Solution", "build_problem", "failover_columns", "objective", "pool_cap", "prune",
           "prune_both", "prune_columns", "solution", "solve", "tie_break_scale"]

TIE_BREAK = 1e-6
"""Largest total weight of the cost tie-break: scores equal to about six decimals are ties."""


@dataclass(frozen=True)
class Limits:
    """Everything a relaxation may change; ``None`` means unconstrained."""

    min_providers: int = 1
    max_providers: int | None = None
    budget: float | None = None
    redundancy: bool = True
    pool_caps: tuple[tuple[str, int | None], ...] = ()
    standby_cost_share: float = 1.0
    standby_score_weight: float = 0.5
    objective: str = "score"  # "score" | "cost" | "pool:<id>"
    time_limit: float = 60.0

    def cap(self, pool: str) -> int | None:
        return dict(self.pool_caps).get(pool)


@dataclass
class Problem:
    """Pruned candidates with the arrays the builder needs."""

    cands: list[Candidate]
    scores: np.ndarray
    comps: list[str]
    comp_of: np.ndarray
    critical: frozenset[str]
    providers: list[str]
    prov_of: np.ndarray
    pools: list[str]
    pool_of: np.ndarray
    pool_caps: dict[str, int | None]
    egress: list[tuple[str, str, str, str, float]] = field(default_factory=list)
    """(source component, target component, source venue, target venue, USD/month if both chosen)."""
    cost: np.ndarray = field(init=False)
    standby_cost: np.ndarray = field(init=False)
    units: np.ndarray = field(init=False)
    rider: np.ndarray = field(init=False)
    """A rider pays no part of its shared box's fixed cost and takes none of its servers."""
    instances: np.ndarray = field(init=False)
    """Instances a candidate packs onto its shared box's servers (0 off shared boxes)."""
    instance_gpus: np.ndarray = field(init=False)
    """GPUs of each of those instances, all on one server."""
    box_gpus: np.ndarray = field(init=False)
    """GPUs per server of the candidate's shared box (0 off shared boxes)."""
    paid_servers: np.ndarray = field(init=False)
    """Servers of its shared box a payer pays for: units x servers per unit (0 for riders and elsewhere)."""

    def __post_init__(self) -> None:
        self.cost = np.array([c.usd_per_month for c in self.cands], dtype=float)
        self.standby_cost = np.array([c.standby_usd for c in self.cands], dtype=float)
        self.units = np.array([c.units for c in self.cands], dtype=float)
        self.rider = np.array([c.rider for c in self.cands], dtype=bool)
        self.instances = np.array([c.instances[0] for c in self.cands], dtype=float)
        self.instance_gpus = np.array([c.instances[1] for c in self.cands], dtype=int)
        self.box_gpus = np.array([c.box_gpus or 0 for c in self.cands], dtype=int)
        self.paid_servers = np.array([0 if c.rider or c.box_gpus is None else c.units * c.servers_per_unit
                                      for c in self.cands], dtype=float)

    @property
    def pool_units(self) -> np.ndarray:
        """Units each candidate takes of its pool's size: riders take none (they use a payer's servers)."""
        return np.where(self.rider, 0.0, self.units)


@dataclass
class Solution:
    status: str
    feasible: bool
    primary: dict[str, int] = field(default_factory=dict)
    standby: dict[str, int] = field(default_factory=dict)
    regret: float = float("nan")
    objective: float = float("nan")
    usd: float = float("nan")
    providers: tuple[str, ...] = ()
    pool_usage: dict[str, int] = field(default_factory=dict)


def prune(cands: Sequence[Candidate], scores: np.ndarray, by_venue: frozenset[str] = frozenset()) -> list[int]:
    """Indices of candidates not dominated inside their (component, provider).

    Components in ``by_venue`` (those with priced egress, whose cost depends on the venue) are pruned
    inside (component, venue) instead, which keeps the argument below.

    ``j`` dominates ``i`` when it scores >=, costs <= and takes no more of the same pool (or no pool):
    swapping ``i`` for ``j`` in any plan keeps every constraint and cannot worsen the objective, and a
    plan uses at most one candidate per (component, provider), so the optimum survives pruning.
    """
    n = len(cands)
    cost = np.fromiter((c.usd_per_month for c in cands), float, n)
    units = np.fromiter((c.units for c in cands), float, n)
    shared = [i for i, c in enumerate(cands) if c.on_shared_box]
    _, group = np.unique([f"{c.component}\x00{c.provider}\x00{c.venue_id if c.component in by_venue else ''}"
                          for c in cands], return_inverse=True)
    _, pool = np.unique(["" if c.capacity_pool is None else "p" + c.capacity_pool for c in cands],
                        return_inverse=True)
    free_pool = pool[[c.capacity_pool is None for c in cands]]
    free_id = int(free_pool[0]) if len(free_pool) else -1
    standby = np.fromiter((c.standby_usd for c in cands), float, n)
    # a shared-box candidate's rider may beat what dominates it as a payer: never pruned
    return sorted({*prune_both(scores, cost, standby, units, group, pool, free_id), *shared})


def prune_both(scores: np.ndarray, cost: np.ndarray, standby: np.ndarray, units: np.ndarray, group: np.ndarray,
               pool: np.ndarray, free_id: int) -> list[int]:
    """``prune_columns`` for the primary role (monthly cost) and the failover role (standby cost), kept
    if either keeps it: a candidate dropped by both is beaten in its own (component, provider) as a
    primary by one kept candidate and as a failover by another, so any plan can swap it out."""
    kept = set(prune_columns(scores, cost, units, group, pool, free_id))
    if not np.array_equal(standby, cost):
        kept.update(prune_columns(scores, standby, units, group, pool, free_id))
    return sorted(kept)


def prune_columns(scores: np.ndarray, cost: np.ndarray, units: np.ndarray, group: np.ndarray, pool: np.ndarray,
                  free_id: int) -> list[int]:
    """``prune`` on columns: ``group`` numbers the (component, provider) of each candidate, ``pool`` its
    capacity pool (``free_id`` for none); any numbering will do, only equality is read.

    Whole-array operations, not a loop per group: a 1,000-workload portfolio has 10^6 rows in tens of
    thousands of groups (``tests/oracles.prune_columns`` is the definition group by group; a test
    compares the two)."""
    n = len(scores)
    # One sort for everything: group, then pool, then score down, cost up, units up, index.
    order = np.lexsort((np.arange(n), units, cost, -scores, pool, group))
    keep = np.zeros(n, dtype=bool)
    g, free = group[order], pool[order] == free_id
    at = np.flatnonzero(free)  # the rows in no pool, by their place in ``order``
    low = at[_record_lows(g[at], cost[order[at]], at, n)] if len(at) else at
    keep[order[low]] = True
    pooled: dict[int, list[int]] = {}
    for k in np.flatnonzero(~free).tolist():
        pooled.setdefault(int(g[k]), []).append(int(order[k]))
    fronts: dict[int, list[int]] = {}
    for k in low[np.isin(g[low], list(pooled))].tolist():
        fronts.setdefault(int(g[k]), []).append(int(order[k]))
    for grp, members in pooled.items():
        front = np.array(fronts.get(grp, []), dtype=np.int64)
        _prune_pooled(np.array(members, dtype=np.int64), scores, cost, units, pool, scores[front], cost[front], keep)
    return np.flatnonzero(keep).tolist()


def _record_lows(segment: np.ndarray, cost: np.ndarray, place: np.ndarray, n: int) -> np.ndarray:
    """Which rows cost less than every row before them (``place`` increasing) in their ``segment``
    (non-decreasing): ``cost < minimum.accumulate`` of the rows before it, per segment, where a missing
    cost (NaN) keeps every later row of its segment out as the accumulated minimum would."""
    seg = np.concatenate([[0], np.cumsum(np.diff(segment) != 0)])
    # a row is a record low iff no row of its segment before it costs as little: in (segment, cost,
    # place) order that is a place below every place met before in the segment; later segments are
    # shifted below earlier ones so one running minimum serves them all
    by = np.lexsort((place, cost, seg))
    shifted = place[by].astype(np.int64) - seg[by].astype(np.int64) * (n + 1)
    before = np.empty_like(shifted)
    before[0] = np.iinfo(np.int64).max
    before[1:] = np.minimum.accumulate(shifted)[:-1]
    starts = np.concatenate([[True], seg[by][1:] != seg[by][:-1]])
    before[starts] = np.iinfo(np.int64).max
    low = np.zeros(len(place), dtype=bool)
    low[by] = shifted < before
    missing = np.isnan(cost)
    if missing.any():
        first = np.full(int(seg[-1]) + 1, np.iinfo(np.int64).max)
        np.minimum.at(first, seg[missing], place[missing])
        low &= place < first[seg]
    return low


def _prune_pooled(members: np.ndarray, scores: np.ndarray, cost: np.ndarray, units: np.ndarray, pool: np.ndarray,
                  free_s: np.ndarray, free_c: np.ndarray, keep: np.ndarray) -> None:
    """Mark the kept pooled rows of one (component, provider); ``members`` sorted by pool, score down, cost
    up; ``free_s``, ``free_c``: the scores and costs of its kept rows in no pool."""
    splits = np.flatnonzero(np.diff(pool[members]) != 0) + 1
    for sub in np.split(members, splits):
        kc: list[float] = []
        ku: list[float] = []
        for i in sub:
            if kc and np.any((np.array(kc) <= cost[i]) & (np.array(ku) <= units[i])):
                continue
            kc.append(cost[i])
            ku.append(units[i])
            if not np.any((free_s >= scores[i]) & (free_c <= cost[i])):
                keep[i] = True


def build_problem(
    cands: list[Candidate], scores: np.ndarray, egress: list[tuple[str, str, str, str, float]] | None = None
) -> Problem:
    comps = sorted({c.component for c in cands})
    providers = sorted({c.provider for c in cands})
    pools = sorted({c.capacity_pool for c in cands if c.capacity_pool is not None})
    caps: dict[str, int | None] = {p: None for p in pools}
    for c in cands:
        if c.capacity_pool is not None and c.capacity_units is not None:
            old = caps[c.capacity_pool]
            caps[c.capacity_pool] = c.capacity_units if old is None else min(old, c.capacity_units)
    ci = {c: k for k, c in enumerate(comps)}
    pi = {p: k for k, p in enumerate(providers)}
    qi = {q: k for k, q in enumerate(pools)}
    return Problem(
        cands=cands,
        scores=np.asarray(scores, dtype=float),
        comps=comps,
        comp_of=np.array([ci[c.component] for c in cands], dtype=int),
        critical=frozenset(c.component for c in cands if c.critical),
        providers=providers,
        prov_of=np.array([pi[c.provider] for c in cands], dtype=int),
        pools=pools,
        pool_of=np.array([-1 if c.capacity_pool is None else qi[c.capacity_pool] for c in cands], dtype=int),
        pool_caps=caps,
        egress=list(egress or []),
    )


class _Rows:
    """Sparse constraint rows collected as triplets."""

    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, cols: np.ndarray, vals: np.ndarray | float, lb: float, ub: float) -> None:
        cols = np.asarray(cols, dtype=int)
        self.r.append(np.full(len(cols), len(self.lb), dtype=int))
        self.c.append(cols)
        self.v.append(np.broadcast_to(np.asarray(vals, dtype=float), cols.shape))
        self.lb.append(lb)
        self.ub.append(ub)

    def triplets(self) -> Triplets:
        return Triplets(np.concatenate(self.r), np.concatenate(self.c), np.concatenate(self.v),
                        np.array(self.lb, dtype=float), np.array(self.ub, dtype=float))


def solve(p: Problem, lim: Limits, *, lp_bound: bool = False, cost_scale: float | None = None) -> Solution:
    """Build and solve the MILP for ``lim``; a plan or an infeasible status, never an exception.

    With ``lp_bound`` only the LP relaxation is solved: its ``objective`` bounds the MILP's from below,
    which lets explanations skip re-solves that cannot improve the plan. ``cost_scale`` (the tie-break's
    cost unit, ``objective``'s) is given when ``p`` is one independent part of a larger problem.
    """
    n = len(p.cands)
    ne = len(p.egress)
    s_idx = failover_columns(p, lim)
    m, np_ = len(s_idx), len(p.providers)
    xs, ss, ys = 0, n, n + m
    es = n + m + np_
    share = lim.standby_cost_share

    rows = _Rows()
    for k in range(len(p.comps)):
        rows.add(xs + np.flatnonzero(p.comp_of == k), 1.0, 1.0, 1.0)
    for k in sorted({int(p.comp_of[i]) for i in s_idx}):
        rows.add(ss + np.flatnonzero(p.comp_of[s_idx] == k), 1.0, 1.0, 1.0)
    # Link x, s to y per (component, provider); with both roles in one row this also forces the
    # failover onto another provider than the primary.
    s_pos = {int(i): j for j, i in enumerate(s_idx)}
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(n):
        groups[(int(p.comp_of[i]), int(p.prov_of[i]))].append(i)
    for (_, prov), group in groups.items():
        linked = [xs + i for i in group] + [ss + s_pos[i] for i in group if i in s_pos]
        rows.add(np.array(linked + [ys + prov]), np.array([1.0] * len(linked) + [-1.0]), -np.inf, 0.0)
    for prov in range(np_):
        members = np.flatnonzero(p.prov_of == prov)
        smem = [ss + s_pos[int(i)] for i in members if int(i) in s_pos]
        cols = np.concatenate([[ys + prov], xs + members, np.array(smem, dtype=int)])
        rows.add(cols, np.concatenate([[1.0], -np.ones(len(cols) - 1)]), -np.inf, 0.0)
    hi = np_ if lim.max_providers is None else lim.max_providers
    rows.add(ys + np.arange(np_), 1.0, float(lim.min_providers), float(hi))
    for q, pool in enumerate(p.pools):
        cap = pool_cap(p, lim, pool)
        if cap is None:
            continue
        members = np.flatnonzero(p.pool_of == q)
        smem = [j for j, i in enumerate(s_idx) if p.pool_of[i] == q]
        cols = np.concatenate([xs + members, ss + np.array(smem, dtype=int)])
        vals = np.concatenate([p.pool_units[members], p.pool_units[s_idx[smem]] if smem else []])
        rows.add(cols, vals, -np.inf, float(cap))
    zs = es + ne
    z_upper = _shared_box_rows(p, rows, s_idx, xs, ss, zs)
    nz = len(z_upper)
    ncols = zs + nz
    egress_usd = np.array([e[4] for e in p.egress], dtype=float)
    if ne:
        # z_e >= [source on venue v] + [target on venue v'] - 1: z_e is 1 when both are chosen.
        at: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, cand in enumerate(p.cands):
            at[(cand.component, cand.venue_id)].append(i)
        for e, (src, dst, sv, dv, _) in enumerate(p.egress):
            ends = [xs + i for i in at[(src, sv)] + at[(dst, dv)]]
            rows.add(np.array(ends + [es + e]), np.array([1.0] * len(ends) + [-1.0]), -np.inf, 1.0)
    if lim.budget is not None:
        rows.add(np.concatenate([xs + np.arange(n), ss + np.arange(m), es + np.arange(ne)]),
                 np.concatenate([p.cost, share * p.standby_cost[s_idx], egress_usd]), -np.inf, lim.budget)

    c, usd, regret = objective(p, lim, s_idx, cost_scale, nz)
    # HiGHS presolve spent 3 s of a 4 s portfolio solve in benchmarks; without it the same optimum
    # came in 1.2 s, and no instance benchmarked was slower.
    res = solve_lp(
        c,
        np.zeros(ncols, dtype=np.uint8) if lp_bound else np.r_[np.ones(es), np.zeros(ne), np.ones(nz)].astype(np.uint8),
        np.zeros(ncols),
        np.r_[np.ones(zs), z_upper],
        rows.triplets(),
        {"mip_rel_gap": 1e-9, "time_limit": float(lim.time_limit), "presolve": "off"},
    )
    if lp_bound:
        found = res.x is not None and res.fun is not None  # HiGHS gives the optimum's value with its point
        return Solution(status="lp", feasible=found, objective=float(res.fun) if found and res.fun is not None else np.inf)
    if res.x is None:
        return Solution(status={2: "infeasible", 1: "time_limit"}.get(res.status, "error"), feasible=False)
    z = np.round(res.x[:es]).astype(int)
    z = np.r_[z, np.clip(res.x[es:zs], 0.0, 1.0), np.round(res.x[zs:])]
    return solution(p, s_idx, z, c, usd, regret, "optimal" if res.status == 0 else "time_limit")


def pool_cap(p: Problem, lim: Limits, pool: str) -> int | None:
    """A pool's size: the limits' override when they give one (None lifts it), else its offers' smallest."""
    return lim.cap(pool) if pool in dict(lim.pool_caps) else p.pool_caps[pool]


def failover_columns(p: Problem, lim: Limits) -> np.ndarray:
    """The candidates that may be a failover (an ``s`` column each): those of critical components, riders
    excepted, when the limits ask for redundancy."""
    if not (lim.redundancy and p.critical):
        return np.zeros(0, dtype=int)
    crit_comp = np.array([p.comps[k] in p.critical for k in p.comp_of], dtype=bool) & ~p.rider
    return np.flatnonzero(crit_comp)


def objective(p: Problem, lim: Limits, s_idx: np.ndarray, cost_scale: float | None = None,
              nz: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The objective ``c``, the monthly cost ``usd`` and the score regret of every column (x, s, y, egress,
    then ``nz`` shared-box pattern columns that cost nothing); the cost tie-break is in units of
    ``cost_scale`` (by default this problem's, ``tie_break_scale``)."""
    np_, ne, share = len(p.providers), len(p.egress), lim.standby_cost_share
    egress_usd = np.array([e[4] for e in p.egress], dtype=float)
    usd = np.concatenate([p.cost, share * p.standby_cost[s_idx], np.zeros(np_), egress_usd, np.zeros(nz)])
    regret = np.concatenate([1.0 - p.scores, lim.standby_score_weight * (1.0 - p.scores[s_idx]),
                             np.zeros(np_ + ne + nz)])
    cost_scale = tie_break_scale(p, lim) if cost_scale is None else cost_scale
    if lim.objective == "score":
        c = regret + TIE_BREAK * usd / cost_scale
    elif lim.objective == "cost":
        c = usd / cost_scale + TIE_BREAK * regret / max(len(p.comps), 1)
    else:
        q = p.pools.index(lim.objective.removeprefix("pool:"))
        use = np.concatenate([np.where(p.pool_of == q, p.pool_units, 0.0),
                              np.where(p.pool_of[s_idx] == q, p.pool_units[s_idx], 0.0), np.zeros(np_ + ne + nz)])
        c = use + TIE_BREAK * usd / cost_scale
    return c, usd, regret


def tie_break_scale(p: Problem, lim: Limits) -> float:
    """The cost unit of the tie-break: the dearest plan's monthly cost, failovers and egress included."""
    egress_usd = float(np.array([e[4] for e in p.egress], dtype=float).sum())
    return max(float(sum(_max_per(p.cost, p.comp_of, len(p.comps)))) * (1.0 + lim.standby_cost_share) + egress_usd, 1.0)


def solution(p: Problem, s_idx: np.ndarray, z: np.ndarray, c: np.ndarray, usd: np.ndarray, regret: np.ndarray,
             status: str) -> Solution:
    """The plan that the column values ``z`` (x, s, y in 0/1, egress in [0, 1], then box patterns) describe."""
    n, m = len(p.cands), len(s_idx)
    xs, ss = 0, n
    prim = {p.comps[p.comp_of[i]]: int(i) for i in np.flatnonzero(z[xs : xs + n])}
    stand = {p.comps[p.comp_of[s_idx[j]]]: int(s_idx[j]) for j in np.flatnonzero(z[ss : ss + m])}
    used = sorted({p.providers[p.prov_of[i]] for i in [*prim.values(), *stand.values()]})
    usage: dict[str, int] = defaultdict(int)
    for i in [*prim.values(), *stand.values()]:
        if p.pool_of[i] >= 0:
            usage[p.pools[p.pool_of[i]]] += int(p.pool_units[i])
    return Solution(
        status=status,
        feasible=True,
        primary=prim,
        standby=stand,
        regret=float(regret @ z),
        objective=float(c @ z),
        usd=float(usd @ z),
        providers=tuple(used),
        pool_usage=dict(usage),
    )


def _shared_box_rows(p: Problem, rows: _Rows, s_idx: np.ndarray, xs: int, ss: int, zs: int) -> np.ndarray:
    """Per shared box: its servers packed (``shared_boxes.patterns``), and a rider only beside a primary
    payer of another component (the one whose row carries the fixed cost). Returns the upper bounds of
    the pattern columns, which start at ``zs``: ``z`` servers of the box filled the pattern's way.

    Rows: patterns used <= servers the payers pay for; per instance size, instances placed (primaries
    and failovers) <= the slots of that size the patterns give. An instance larger than a server
    cannot be placed at all."""
    on_box = np.flatnonzero(p.instances > 0)
    s_pos = {int(i): j for j, i in enumerate(s_idx)}
    upper: list[float] = []
    for q in sorted({int(p.pool_of[i]) for i in on_box}):
        members = on_box[p.pool_of[on_box] == q]
        g = int(p.box_gpus[members].max())

        def roles(ids: np.ndarray) -> list[int]:
            return [xs + int(i) for i in ids] + [ss + s_pos[int(i)] for i in ids if int(i) in s_pos]

        too_big = members[p.instance_gpus[members] > g]
        if len(too_big):
            rows.add(np.array(roles(too_big)), 1.0, -np.inf, 0.0)
        fit = members[p.instance_gpus[members] <= g]
        if len(fit):
            sizes = sorted({int(p.instance_gpus[i]) for i in fit})
            pats = patterns(g, sizes)
            z = zs + len(upper) + np.arange(len(pats))
            payers = fit[~p.rider[fit]]
            paid = roles(payers)
            weights = [p.paid_servers[i] for i in payers] + [p.paid_servers[i] for i in payers if int(i) in s_pos]
            rows.add(np.r_[z, paid].astype(int), np.r_[np.ones(len(z)), -np.array(weights)], -np.inf, 0.0)
            for k, size in enumerate(sizes):
                here = fit[p.instance_gpus[fit] == size]
                placed = [p.instances[i] for i in here] + [p.instances[i] for i in here if int(i) in s_pos]
                slots = np.array([pat[k] for pat in pats], dtype=float)
                rows.add(np.r_[roles(here), z].astype(int), np.r_[placed, -slots], -np.inf, 0.0)
            upper += [float(sum(weights))] * len(pats)
        payers = members[~p.rider[members]]
        for i in members[p.rider[members]]:
            others = payers[p.comp_of[payers] != p.comp_of[i]]
            rows.add(np.r_[xs + i, xs + others].astype(int), np.r_[1.0, -np.ones(len(others))], -np.inf, 0.0)
    return np.array(upper, dtype=float)


def _max_per(values: np.ndarray, group: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros(k)
    np.maximum.at(out, group, values)
    return out
