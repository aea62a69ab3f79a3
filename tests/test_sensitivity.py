import pytest

from advisor.model.candidates import Candidate
from advisor.scoring.scores import check_weights, score
from advisor.scoring.sensitivity import monte_carlo, price_flip, weight_flips

W = {"cost": 0.3, "latency": 0.25, "privacy": 0.2, "regulation": 0.15, "carbon": 0.1}


def cand(offer: str, **kw) -> Candidate:
    base = dict(component="chat", workload="w", offer_id=offer, venue_id="v", provider=offer.split(":")[0],
                kind="cloud", billing="on_demand", units=1, usd_per_month=1000.0, latency_ms=100.0,
                privacy_level=2, carbon_kg_per_month=100.0, cost_reference_usd=400.0)
    return Candidate(**{**base, **kw})


ONPREM = cand("onprem:dc1:box:owned", billing="owned", usd_per_month=1200, privacy_level=5, latency_ms=40)
CLOUD = cand("aws:us-east-1:g5:on_demand", usd_per_month=900, privacy_level=2, latency_ms=120)


def _rescaled(w: dict, k: str, new: float) -> dict:
    rest = 1 - w[k]
    return {j: (new if j == k else w[j] * (1 - new) / rest) for j in w}


def test_weight_flip_is_where_the_rescored_ranking_ties():
    w = check_weights(W)
    assert score(ONPREM, w).total > score(CLOUD, w).total
    flips = {f.criterion: f for f in weight_flips(ONPREM, CLOUD, w)}
    cost = flips["cost"]
    assert cost.flip_weight is not None and cost.flip_weight > w["cost"]
    at = _rescaled(w, "cost", cost.flip_weight)
    assert score(ONPREM, at).total == pytest.approx(score(CLOUD, at).total, abs=1e-12)
    beyond = _rescaled(w, "cost", cost.flip_weight + 0.01)
    assert score(CLOUD, beyond).total > score(ONPREM, beyond).total
    assert cost.message == (f"the cost weight would have to rise from 0.30 to {cost.flip_weight:.2f} "
                            "for aws:us-east-1:g5:on_demand to beat onprem:dc1:box:owned")


def test_weight_flip_downwards_for_a_criterion_the_winner_leads_on():
    flips = {f.criterion: f for f in weight_flips(ONPREM, CLOUD, W)}
    privacy = flips["privacy"]
    assert privacy.flip_weight is not None and privacy.flip_weight < 0.2
    assert "fall from 0.20" in privacy.message


def test_no_flip_when_the_criterion_cannot_change_the_ranking():
    flips = {f.criterion: f for f in weight_flips(ONPREM, CLOUD, W)}
    assert flips["carbon"].flip_weight is None
    assert flips["carbon"].message.startswith("no carbon weight between 0 and 1")


def test_price_flip_thresholds_tie_the_scores():
    pf = price_flip(ONPREM, CLOUD, W)
    assert pf.margin > 0
    up = ONPREM.model_copy(update={"usd_per_month": pf.winner_flip_usd_per_month})
    assert score(up, W).total == pytest.approx(score(CLOUD, W).total, abs=1e-9)
    down = CLOUD.model_copy(update={"usd_per_month": pf.runner_up_flip_usd_per_month})
    assert score(down, W).total == pytest.approx(score(ONPREM, W).total, abs=1e-9)
    assert pf.winner_flip_usd_per_month > 1200 and pf.runner_up_flip_usd_per_month < 900
    assert "stays best until its cost rises by" in pf.message


def test_price_flip_reports_when_no_price_change_suffices():
    pf = price_flip(ONPREM, CLOUD, {"privacy": 0.9, "cost": 0.1})
    assert pf.winner_flip_usd_per_month is None and pf.runner_up_flip_usd_per_month is None
    assert "no price rise alone" in pf.message and "no price cut alone" in pf.message


def test_monte_carlo_is_deterministic_and_sums_to_one():
    cs = [ONPREM, CLOUD, cand("vast:us:4090:marketplace", billing="marketplace", usd_per_month=400, privacy_level=0)]
    a = monte_carlo(cs, W, samples=2000, seed=3)
    assert a == monte_carlo(cs, W, samples=2000, seed=3)
    assert sum(a.probability_best.values()) == pytest.approx(1.0)
    assert max(a.probability_best, key=a.probability_best.get) == ONPREM.key


def test_monte_carlo_close_call_splits_the_probability():
    twin = cand("gcp:x:y:on_demand", usd_per_month=1010)
    base = cand("aws:x:y:on_demand", usd_per_month=1000)
    mc = monte_carlo([base, twin], W, samples=4000, seed=1)
    assert 0.3 < mc.probability_best[base.key] < 0.7


def test_monte_carlo_samples_demand_for_elastic_bills_and_life_for_owned_capital(monkeypatch):
    import advisor.scoring.sensitivity as sensitivity
    from advisor.model.candidates import Candidate

    base = dict(component="c", workload="w", venue_id="v", units=1, privacy_level=3, latency_ms=50.0, carbon_kg_per_month=100.0,
                cost_reference_usd=1000.0)
    cloud = Candidate(offer_id="cloud", provider="aws", kind="cloud", billing="on_demand", usd_per_month=1000.0, **base)
    owned = Candidate(offer_id="owned", provider="onprem", kind="onprem", billing="capex", usd_per_month=1000.0,
                      capital_usd_per_month=800.0, **base)
    weights = {"cost": 1.0, "latency": 0.0, "privacy": 0.0, "regulation": 0.0, "carbon": 0.0}
    defaults = sensitivity._mc_defaults()
    quiet = {**defaults, "demand_sigma": 0.0, "life_factor_low": 1.0, "life_factor_high": 1.0,
             "price_sigma": 0.0, "owned_price_sigma": 0.0, "volatile_price_sigma": 0.0}
    monkeypatch.setattr(sensitivity, "_mc_defaults", lambda: quiet)
    tie = sensitivity.monte_carlo([cloud, owned], weights, samples=500)
    assert tie.probability_best == {"c|cloud": 1.0, "c|owned": 0.0}  # an exact tie goes to the first
    monkeypatch.setattr(sensitivity, "_mc_defaults", lambda: {**quiet, "demand_sigma": 0.3})
    demand = sensitivity.monte_carlo([cloud, owned], weights, samples=2000)
    assert 0.4 < demand.probability_best["c|cloud"] < 0.6  # cloud wins when demand falls, owned when it rises
    monkeypatch.setattr(sensitivity, "_mc_defaults", lambda: {**quiet, "life_factor_low": 1.1, "life_factor_high": 1.5})
    longer_life = sensitivity.monte_carlo([cloud, owned], weights, samples=500)
    assert longer_life.probability_best["c|owned"] == 1.0  # a longer life only lowers owned capital


def test_price_flips_with_equal_inputs_share_one_bisection_and_others_are_computed_afresh(monkeypatch):
    """A twin component's flip (other names, the same figures) is the remembered one, under its own
    names; a change in any figure read, a signed zero included, is bisected again, to the same result
    as with nothing remembered."""
    import advisor.scoring.sensitivity as module

    first = price_flip(ONPREM, CLOUD, W)
    bisections = []
    real = module._flip_costs
    monkeypatch.setattr(module, "_flip_costs", lambda *a: bisections.append(a) or real(*a))
    twin = [c.model_copy(update={"component": "other/chat", "workload": "other"}) for c in (ONPREM, CLOUD)]
    again = price_flip(*twin, W)
    assert bisections == [] and again.winner == "other/chat|" + ONPREM.offer_id
    assert again.model_dump(exclude={"winner", "runner_up"}) == first.model_dump(exclude={"winner", "runner_up"})
    for change in ({"usd_per_month": 1201.0}, {"latency_ms": 41.0}, {"privacy_level": 4}, {"carbon_kg_per_month": None},
                   {"availability": 0.9}, {"regulation_penalty": 0.5}, {"evidence_owed": 1}, {"cost_reference_usd": 0.0}):
        changed = ONPREM.model_copy(update=change)
        remembered = price_flip(changed, CLOUD, W)
        module._FLIPS.clear()
        assert price_flip(changed, CLOUD, W) == remembered
    assert len(bisections) == 16
    zero = cand("a:x", usd_per_month=0.0, cost_reference_usd=0.0)
    price_flip(zero, CLOUD, W)
    price_flip(zero.model_copy(update={"usd_per_month": -0.0}), CLOUD, W)
    assert len(bisections) == 18


def test_weight_flips_with_equal_inputs_are_computed_once_and_worded_per_candidate(monkeypatch):
    import advisor.scoring.sensitivity as module

    module._FLIPS.clear()
    first = weight_flips(ONPREM, CLOUD, W)
    computed = []
    real = module._weight_flip_points
    monkeypatch.setattr(module, "_weight_flip_points", lambda *a: computed.append(a) or real(*a))
    twin = [c.model_copy(update={"component": "other/chat", "workload": "other"}) for c in (ONPREM, CLOUD)]
    assert weight_flips(*twin, W) == first and computed == []
    relabelled = [c.model_copy(update={"offer_id": "x:" + c.offer_id}) for c in (ONPREM, CLOUD)]
    assert [f.message for f in weight_flips(*relabelled, W)] == [
        f.message.replace(ONPREM.offer_id, "x:" + ONPREM.offer_id).replace(CLOUD.offer_id, "x:" + CLOUD.offer_id)
        for f in first] and computed == []
    cheaper = ONPREM.model_copy(update={"usd_per_month": 1100.0})
    remembered = weight_flips(cheaper, CLOUD, W)
    module._FLIPS.clear()
    assert weight_flips(cheaper, CLOUD, W) == remembered and len(computed) == 2
