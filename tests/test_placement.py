import itertools
import random

import pytest

from advisor.model.candidates import Candidate
from advisor.placement.plan import best_single_provider_plan, place
from advisor.placement.milp import TIE_BREAK
from advisor.scoring.scores import score_all

W = {"cost": 0.4, "latency": 0.3, "privacy": 0.2, "regulation": 0.1}
RHO = 0.5


def cand(component: str, provider: str, usd: float, **kw) -> Candidate:
    base = dict(component=component, workload="w", offer_id=f"{provider}:r1:sku-{usd:g}:on_demand",
                venue_id=f"{provider}:r1", provider=provider, kind="cloud", billing="on_demand", units=1,
                usd_per_month=usd, latency_ms=100.0, privacy_level=2)
    return Candidate(**{**base, **kw})


def random_instance(rng: random.Random) -> tuple[list[Candidate], dict]:
    providers = ["aws", "azure", "gcp", "onprem"][: rng.randint(2, 4)]
    pools = {"onprem:dc1:box": rng.randint(1, 4), "edge:site:cfg": rng.randint(1, 3)}
    cands = []
    for c in range(rng.randint(2, 4)):
        comp = f"c{c}"
        critical = rng.random() < 0.4
        for k in range(rng.randint(2, 5)):
            prov = rng.choice(providers)
            pool = rng.choice([None, None, *pools]) if prov == "onprem" else None
            cands.append(cand(comp, prov, round(rng.uniform(50, 5000), 2), offer_id=f"{prov}:r{k}:s{k}:on_demand",
                              latency_ms=rng.uniform(10, 900), privacy_level=rng.randint(0, 6),
                              regulation_penalty=rng.choice([0.0, 0.5, 2.0]), units=rng.randint(1, 3),
                              capacity_pool=pool, capacity_units=pools[pool] if pool else None, critical=critical))
    lo = rng.randint(1, 2)
    opts = dict(min_providers=lo, max_providers=rng.choice([None, lo, lo + 1]),
                budget_usd_per_month=rng.choice([None, rng.uniform(200, 12000)]),
                redundancy=rng.random() < 0.7)
    return cands, opts


def brute_force(cands, opts):
    """Best objective over every assignment: sum of (1 - S) primaries + rho (1 - S) standbys + tie-break."""
    s = dict(zip((c.key for c in cands), score_all(cands, W)))
    comps = sorted({c.component for c in cands})
    by = {k: [c for c in cands if c.component == k] for k in comps}
    crit = {c.component for c in cands if c.critical} if opts["redundancy"] else set()
    choices = []
    for k in comps:
        if k in crit:
            choices.append([(a, b) for a in by[k] for b in by[k] if a.provider != b.provider])
        else:
            choices.append([(a, None) for a in by[k]])
    scale = max(1.0, sum(max(c.usd_per_month for c in by[k]) for k in comps) * 2)
    best = None
    for combo in itertools.product(*choices):
        used = [c for pair in combo for c in pair if c is not None]
        provs = {c.provider for c in used}
        if len(provs) < opts["min_providers"] or (opts["max_providers"] and len(provs) > opts["max_providers"]):
            continue
        pool_use = {}
        for c in used:
            if c.capacity_pool:
                pool_use[c.capacity_pool] = pool_use.get(c.capacity_pool, 0) + c.units
        if any(pool_use[c.capacity_pool] > c.capacity_units for c in used if c.capacity_pool):
            continue
        usd = sum(c.usd_per_month for c in used)
        if opts["budget_usd_per_month"] is not None and usd > opts["budget_usd_per_month"]:
            continue
        regret = sum(1 - s[a.key] for a, _ in combo) + sum(RHO * (1 - s[b.key]) for _, b in combo if b)
        obj = regret + TIE_BREAK * usd / scale
        if best is None or obj < best[0]:
            best = (obj, regret, usd, combo)
    return best


def plan_regret(plan):
    return sum(1 - a.score.total for a in plan.assignments) + sum(
        RHO * (1 - a.failover_score.total) for a in plan.assignments if a.failover_score)


@pytest.mark.parametrize("seed", range(120))
def test_milp_plan_equals_brute_force_on_random_small_instances(seed):
    rng = random.Random(seed)
    cands, opts = random_instance(rng)
    bf = brute_force(cands, opts)
    plan = place(cands, W, standby_score_weight=RHO, explain=False, **opts)
    if bf is None:
        assert not plan.feasible
        assert plan.hints, "an infeasible instance must say how to fix it"
        return
    assert plan.feasible and plan.status == "optimal"
    assert plan_regret(plan) == pytest.approx(bf[1], abs=2 * TIE_BREAK)
    if abs(plan_regret(plan) - bf[1]) < 1e-12:
        assert plan.total_usd_per_month == pytest.approx(bf[2])
    for a in plan.assignments:
        if a.failover is not None:
            assert a.failover.provider != a.chosen.provider


def test_critical_component_gets_a_failover_on_another_provider_and_pays_for_it():
    cands = [cand("chat", "aws", 1000, critical=True), cand("chat", "azure", 1100, critical=True),
             cand("chat", "aws", 1050, critical=True, offer_id="aws:r2:x:on_demand")]
    plan = place(cands, W)
    (a,) = plan.assignments
    assert a.chosen.offer_id == "aws:r1:sku-1000:on_demand"
    assert a.failover.provider == "azure"
    assert plan.total_usd_per_month == pytest.approx(2100)
    half = place(cands, W, standby_cost_share=0.25)
    assert half.standby_usd_per_month == pytest.approx(275)


def test_shared_pool_across_workloads_is_respected_and_reported_binding():
    pool = dict(capacity_pool="onprem:dc1:t4-box", capacity_units=2, privacy_level=5)
    cands = [cand("w1/chat", "onprem", 300, units=2, **pool), cand("w1/chat", "aws", 3000),
             cand("w2/rag", "onprem", 300, units=1, **pool), cand("w2/rag", "aws", 400)]
    plan = place(cands, W)
    used, cap = plan.pool_usage["onprem:dc1:t4-box"]
    assert used <= cap == 2
    onprem = [a.component for a in plan.assignments if a.chosen.provider == "onprem"]
    assert onprem == ["w1/chat"]
    (b,) = [b for b in plan.binding if b.kind == "capacity"]
    assert b.name == "onprem:dc1:t4-box" and b.score_gain > 0
    assert "full (2 of 2 units)" in b.message


def test_budget_infeasible_hint_gives_cheapest_plan_cost():
    cands = [cand("a", "aws", 1000), cand("a", "gcp", 1500), cand("b", "aws", 2000)]
    plan = place(cands, W, budget_usd_per_month=2500)
    assert not plan.feasible and plan.status == "infeasible"
    (h,) = [h for h in plan.hints if h.kind == "budget"]
    assert h.usd_per_month == pytest.approx(3000)
    assert "the cheapest feasible plan costs $3,000.00/month" in h.message


def test_max_providers_hint_names_the_smallest_feasible_limit():
    cands = [cand("a", "aws", 1000), cand("b", "gcp", 1000), cand("c", "azure", 1000)]
    plan = place(cands, W, max_providers=1)
    msgs = [h.message for h in plan.hints]
    assert "raising max_providers to 3 makes a plan feasible at $3,000.00/month." in msgs


def test_pool_hint_says_how_many_units_are_needed():
    pool = dict(capacity_pool="onprem:dc1:t4-box", capacity_units=2)
    cands = [cand("a", "onprem", 500, units=2, **pool), cand("b", "onprem", 400, units=1, **pool)]
    plan = place(cands, W)
    assert "capacity pool onprem:dc1:t4-box needs 3 units, has 2: add 1 unit(s)." in [h.message for h in plan.hints]


def test_critical_component_on_one_provider_explains_missing_failover():
    plan = place([cand("a", "aws", 100, critical=True)], W)
    assert not plan.feasible
    assert any("all its candidates are on aws" in h.message for h in plan.hints)
    assert place([cand("a", "aws", 100, critical=True)], W, redundancy=False).feasible


def test_component_without_candidates_is_infeasible_with_a_reason():
    plan = place([cand("a", "aws", 100)], W, components=["a", "b"])
    assert not plan.feasible and "'b' has no candidate" in plan.hints[0].message


def test_min_providers_forces_a_second_provider():
    cands = [cand("a", "aws", 100), cand("a", "gcp", 900), cand("b", "aws", 100), cand("b", "gcp", 900)]
    assert place(cands, W).providers == ("aws",)
    plan = place(cands, W, min_providers=2)
    assert plan.providers == ("aws", "gcp")
    assert any(b.kind == "min_providers" for b in plan.binding)


def test_single_provider_plan_for_comparison():
    cands = [cand("a", "aws", 100), cand("a", "gcp", 900), cand("b", "aws", 5000), cand("b", "gcp", 200)]
    hybrid = place(cands, W)
    single = best_single_provider_plan(cands, W)
    assert hybrid.providers == ("aws", "gcp") and len(single.providers) == 1
    assert single.total_score < hybrid.total_score
    assert single.total_usd_per_month == pytest.approx(1100)


def test_alternatives_are_the_next_best_not_chosen():
    cands = [cand("a", "aws", 100 * k, offer_id=f"aws:r:{k}:on_demand") for k in range(1, 7)]
    (a,) = place(cands, W, alternatives=2).assignments
    assert a.chosen.offer_id == "aws:r:1:on_demand"
    assert [s.key for s in a.alternatives] == ["a|aws:r:2:on_demand", "a|aws:r:3:on_demand"]


def test_pruning_drops_dominated_candidates_but_keeps_the_optimum():
    cands = [cand("a", "aws", 100 + k, offer_id=f"aws:r:{k}:on_demand") for k in range(50)]
    plan = place(cands, W)
    assert plan.candidates_considered == 50 and plan.candidates_after_pruning == 1
    assert plan.assignments[0].chosen.usd_per_month == 100


def test_duplicate_candidates_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        place([cand("a", "aws", 1), cand("a", "aws", 1)], W)


def test_pruning_keeps_the_optimum_on_medium_random_instances():
    from advisor.placement.milp import Limits, build_problem, prune, solve

    for seed in range(8):
        rng = random.Random(100 + seed)
        cands = []
        for c in range(4):
            for k in range(40):
                prov = rng.choice(["aws", "gcp", "onprem"])
                pool = rng.choice([None, "onprem:dc1:box", "onprem:dc2:box"]) if prov == "onprem" else None
                cands.append(cand(f"c{c}", prov, round(rng.uniform(100, 3000), 2), offer_id=f"{prov}:k{k}",
                                  latency_ms=rng.uniform(10, 500), privacy_level=rng.randint(0, 6),
                                  units=rng.randint(1, 3), capacity_pool=pool, capacity_units=4 if pool else None,
                                  critical=c == 0))
        scores = score_all(cands, W)
        lim = Limits(max_providers=2, budget=6000.0)
        full = solve(build_problem(cands, scores), lim)
        kept = prune(cands, scores)
        assert len(kept) < len(cands)
        pruned = solve(build_problem([cands[i] for i in kept], scores[kept]), lim)
        assert full.feasible == pruned.feasible
        if full.feasible:
            assert pruned.regret == pytest.approx(full.regret, abs=TIE_BREAK)
            assert pruned.usd == pytest.approx(full.usd)


def test_egress_between_components_counts_in_cost_and_budget():
    from advisor.placement.plan import Flow

    a_far = cand("etl", "aws", 1000, offer_id="aws:us:a", venue_id="aws:us-east-1")
    a_near = cand("etl", "aws", 1000, offer_id="aws:eu:a", venue_id="aws:eu-west-1")
    b = cand("chat", "aws", 500, offer_id="aws:eu:b", venue_id="aws:eu-west-1")

    def price(src: str, dst: str) -> float:
        return 0.0 if src == dst else 0.02

    flows = [Flow(source="etl", target="chat", gb_per_month=10_000)]
    plan = place([a_far, a_near, b], W, egress=flows, egress_usd_per_gb=price)
    assert plan.assignments[1].chosen.venue_id == "aws:eu-west-1"  # ties on score, egress breaks it
    assert plan.egress_usd_per_month == 0.0
    far_only = place([a_far, b], W, egress=flows, egress_usd_per_gb=price)
    assert far_only.egress_usd_per_month == pytest.approx(200.0)
    assert far_only.total_usd_per_month == pytest.approx(1700.0)
    tight = place([a_far, b], W, egress=flows, egress_usd_per_gb=price, budget_usd_per_month=1600)
    assert not tight.feasible
    assert tight.hints[0].usd_per_month == pytest.approx(1700.0)


def test_unknown_egress_price_is_never_free():
    from advisor.placement.plan import Flow

    a1 = cand("etl", "aws", 1000, offer_id="a1", venue_id="aws:us-east-1")
    a2 = cand("etl", "gcp", 1000, offer_id="a2", venue_id="gcp:us-east1")
    b = cand("chat", "aws", 500, offer_id="b", venue_id="aws:us-east-1")
    prices = {("aws:us-east-1", "aws:us-east-1"): 0.01}
    plan = place([a1, a2, b], W, egress=[Flow(source="etl", target="chat", gb_per_month=1000)],
                 egress_usd_per_gb=lambda s, d: prices.get((s, d)))
    assert plan.egress_usd_per_month == pytest.approx(10.0)
    assert any("Egress price unknown for 1 venue pair(s)" in m for m in plan.messages)
