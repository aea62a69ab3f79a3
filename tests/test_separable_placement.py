"""Components that share nothing are placed one by one: the joint MILP's plan, without the MILP."""

from __future__ import annotations

import random

import numpy as np
import pytest

from advisor.model.candidates import Candidate
from advisor.placement.milp import Limits, build_problem, solve
from advisor.placement.separable import solve_separable


def _instance(rng: random.Random, critical: bool, pools: bool = False) -> list[Candidate]:
    providers = ["aws", "azure", "gcp", "onprem", "vast"][: rng.randint(1, 5)]
    sizes = {f"vast:m{q}:gpu:marketplace": rng.randint(1, 3) for q in range(3)}
    out = []
    for c in range(rng.randint(1, 30)):
        crit = critical and rng.random() < 0.5
        for i in range(rng.randint(1, 12)):
            provider = rng.choice(providers)
            usd = round(rng.uniform(50, 5000), 2)
            out.append(Candidate(component=f"w{c}/chat", workload=f"w{c}", offer_id=f"{provider}:r{i}:sku{i}:on_demand",
                                 venue_id=f"{provider}:r{i}", provider=provider, kind="cloud", billing="on_demand",
                                 units=1, usd_per_month=usd, standby_usd_per_month=round(usd * rng.uniform(0.1, 1), 2),
                                 latency_ms=100.0, privacy_level=2, critical=crit))
            if pools and rng.random() < 0.3:  # a few candidates compete for small marketplace pools
                pool = rng.choice(sorted(sizes))
                out[-1] = out[-1].model_copy(update={"offer_id": f"{pool}-{c}-{i}", "capacity_pool": pool,
                                                     "capacity_units": sizes[pool], "units": rng.randint(1, 2)})
    return out


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("pools", [False, True])
@pytest.mark.parametrize("limits", [Limits(), Limits(max_providers=1, redundancy=False),
                                    Limits(standby_cost_share=0.3, standby_score_weight=0.2)])
def test_a_plan_solved_part_by_part_is_the_milps_plan(seed, pools, limits):
    rng = random.Random(seed)
    cands = _instance(rng, critical=limits.redundancy, pools=pools)
    scores = np.array([round(rng.uniform(0.3, 0.9), 3) for _ in cands])  # some ties in score
    prob = build_problem(cands, scores)
    fast, milp = solve_separable(prob, limits), solve(prob, limits)
    if not milp.feasible:
        assert fast is None  # what cannot be placed goes to the MILP, which says why
        return
    assert fast is not None
    # never worse than the MILP; better only within HiGHS's absolute gap (1e-6, the tie-break's size),
    # where the MILP may stop before settling a cost tie-break among equal scores
    assert fast.objective <= milp.objective + 1e-12
    assert milp.objective - fast.objective <= 1e-6
    assert fast.regret <= milp.regret + 1e-6
    if fast.primary == milp.primary and fast.standby == milp.standby:
        assert (fast.providers, fast.usd, fast.regret, fast.objective) == (milp.providers, milp.usd, milp.regret,
                                                                           milp.objective)


def test_components_competing_for_one_box_are_solved_together_and_limits_go_to_the_whole_milp():
    a = Candidate(component="a", workload="w", offer_id="onprem:dc:box:owned", venue_id="onprem:dc", provider="onprem",
                  kind="onprem", billing="owned", units=1, usd_per_month=100.0, latency_ms=10.0, privacy_level=5,
                  capacity_pool="onprem:dc:box", capacity_units=1)
    cloud = Candidate(component="b", workload="w", offer_id="aws:r:g5:on_demand", venue_id="aws:r", provider="aws",
                      kind="cloud", billing="on_demand", units=1, usd_per_month=900.0, latency_ms=40.0, privacy_level=2)
    b = a.model_copy(update={"component": "b"})
    prob = build_problem([a, b, cloud], np.array([0.8, 0.9, 0.5]))
    split = solve_separable(prob, Limits())
    assert split is not None and split.primary == solve(prob, Limits()).primary == {"a": 0, "b": 2}
    assert solve_separable(build_problem([a, b], np.array([0.8, 0.8])), Limits()) is None  # one box, two components
    assert solve_separable(prob, Limits(budget=50.0)) is None
    assert solve_separable(prob, Limits(max_providers=2)) is None
    assert solve_separable(prob, Limits(min_providers=2)) is None
