"""End to end with an in-memory provider: its offers appear, rules and sizing exclude with reasons."""

from __future__ import annotations

import json


def test_in_memory_provider_offers_appear_in_the_recommendation(run_memory):
    rec = run_memory()
    [comp] = rec.components
    assert rec.plan.feasible and comp.chosen is not None
    assert comp.chosen.provider == "memcloud"
    assert comp.chosen.price["source"] == "snapshot" and comp.chosen.price["reference"] == "test fixture"
    assert comp.chosen.usd_per_month > 0
    assert [s.provider for s in rec.catalog] == ["memcloud"] and rec.catalog[0].age_days == 31


def test_unpriced_offer_is_excluded_as_unpriced_never_costed_at_zero(run_memory):
    rec = run_memory()
    [comp] = rec.components
    h100 = [e for e in comp.excluded if e.offer_id == "memcloud:fra:8xh100:on_demand"]
    assert h100 and h100[0].reason == "unpriced"
    for placement in [comp.chosen, *comp.alternatives]:
        assert placement.usd_per_month and placement.usd_per_month > 0


def test_model_that_does_not_fit_is_excluded_with_its_reason(run_memory):
    rec = run_memory()
    [comp] = rec.components
    t4 = [e for e in comp.excluded if e.offer_id == "memcloud:fra:1xt4:on_demand"]
    assert t4 and t4[0].reason == "does-not-fit" and "GB" in t4[0].detail


def test_same_inputs_give_byte_identical_json(run_memory):
    first = run_memory().canonical_json()
    second = run_memory().canonical_json()
    assert first == second
    assert json.loads(first)["schema_version"] == "1.0"


def test_json_validates_against_the_published_schema(run_memory):
    import jsonschema

    from advisor.model.recommendation import Recommendation

    data = json.loads(run_memory().canonical_json())
    jsonschema.validate(data, Recommendation.model_json_schema())
