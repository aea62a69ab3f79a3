"""Managed APIs in a full recommendation: data terms honoured by the rules, provisioned throughput chosen
by the MILP when cheaper at volume, and the API-versus-self-host line with its break-even volume."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_venue, per_token, provisioned

US = api_venue("us-east-1", "US", "Ashburn", 39.04, -77.49)
US_NO_BAA = api_venue("us", "US", "Ashburn", 39.04, -77.49, baa=False)
EU = api_venue("eu-west-1", "IE", "Dublin", 53.35, -6.26)
GLOBAL = api_venue("global", "US", "Ashburn", 39.04, -77.49, processing_scope="global")


def workload(classes="internal", subjects="US", volume="200_000_000", extra="", peak=1, kinds=""):
    return f"""
[workload]
name = "api-test"
[data]
classes = ["{classes}"]
subjects = ["{subjects}"]
{extra}
[weights]
preset = "cost-first"
{kinds}
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
output_tokens_per_month = {volume}
peak_to_average = {peak}
slo = {{ ttft_ms_p95 = 3000 }}
users = [ {{ metro = "Frankfurt", share = 1.0 }} ]
"""


def component(rec):
    return rec.model_dump(mode="json")["components"][0]


def excluded(comp, offer_id):
    return next(e for e in comp["excluded"] if e["offer_id"] == offer_id)


def test_phi_never_goes_to_an_api_without_a_baa(recommend_with_api):
    offers = [per_token(US_NO_BAA, "cheap-8b", "llama-3-8b", "0.01", "0.01"),
              per_token(US, "baa-8b", "llama-3-8b", "0.30", "0.60")]
    comp = component(recommend_with_api(workload("phi"), offers, [US_NO_BAA, US], cloud=False))
    assert comp["chosen"]["offer_id"] == "memapi:us-east-1:baa-8b:per_token"
    vetoed = excluded(comp, "memapi:us:cheap-8b:per_token")
    assert vetoed["reason"] == "veto" and "API-DATA-001" in vetoed["rule_ids"]


def test_eu_residency_keeps_personal_data_on_eu_api_venues(recommend_with_api):
    offers = [per_token(US, "llama", "llama-3-8b", "0.10", "0.10"), per_token(EU, "llama", "llama-3-8b", "0.32", "0.65")]
    rec = recommend_with_api(workload("pii", "DE", extra='residency = ["EU"]'), offers, [US, EU], cloud=False)
    comp = component(rec)
    assert comp["chosen"]["offer_id"] == "memapi:eu-west-1:llama:per_token"
    assert excluded(comp, "memapi:us-east-1:llama:per_token")["reason"] == "veto"


def test_a_globally_routed_endpoint_is_vetoed_under_residency(recommend_with_api):
    offers = [per_token(GLOBAL, "llama", "llama-3-8b", "0.10", "0.10"), per_token(US, "llama", "llama-3-8b", "0.30", "0.60")]
    comp = component(recommend_with_api(workload(extra='residency = ["US"]'), offers, [GLOBAL, US], cloud=False))
    assert comp["chosen"]["offer_id"] == "memapi:us-east-1:llama:per_token"
    assert "API-DATA-003" in excluded(comp, "memapi:global:llama:per_token")["rule_ids"]


def test_an_api_that_trains_on_prompts_never_gets_personal_data(recommend_with_api):
    trains = api_venue("trains", "US", "Ashburn", 39.04, -77.49, trains_on_prompts=True)
    offers = [per_token(trains, "llama", "llama-3-8b", "0.01", "0.01"), per_token(US, "llama", "llama-3-8b", "0.30", "0.60")]
    comp = component(recommend_with_api(workload("pii"), offers, [trains, US], cloud=False))
    assert "API-DATA-002" in excluded(comp, "memapi:trains:llama:per_token")["rule_ids"]


def test_provisioned_throughput_wins_only_at_volume(recommend_with_api):
    venues = [US]
    offers = [per_token(US, "llama", "llama-3-8b", "0.30", "0.60"),
              provisioned(US, "llama", "llama-3-8b", "20.00", 2_000_000)]
    only_api = '[constraints]\nallowed_kinds = ["api"]'
    low = component(recommend_with_api(workload(volume="200_000_000", kinds=only_api), offers, venues, cloud=False))
    assert low["chosen"]["billing"] == "per_token"
    # 200 M output: 1 B tokens → $360 per token; one unit is 20 × 730 = $14,600
    assert low["chosen"]["usd_per_month"] == pytest.approx(800 * 0.30 + 200 * 0.60)
    high = component(recommend_with_api(workload(volume="20_000_000_000", kinds=only_api), offers, venues, cloud=False))
    # 20 B output + 80 B input = 100 B tokens: $36,000 per token against ceil(2.31 M/2 M) = 2 units = $29,200
    assert high["chosen"]["billing"] == "provisioned" and high["chosen"]["units"] == 2
    assert high["chosen"]["usd_per_month"] == pytest.approx(2 * 20 * 730)


def test_the_api_line_states_the_break_even_volume_against_the_cheapest_self_hosted_plan(recommend_with_api):
    offers = [per_token(US, "llama", "llama-3-8b", "3.00", "6.00")]
    line = component(recommend_with_api(workload(volume="200_000_000"), offers, [US]))["api_vs_self_host"]
    # API: 800 M input × $3 + 200 M output × $6 = $3,600, i.e. $18 per million output tokens with their input
    assert line["api_usd_per_month"] == 3600.0 and line["api_usd_per_million_output_tokens"] == 18.0
    # cheapest self-hosted: 4 × L4 in New York at $3.10/h, kept warm for interactive users: 730 h = $2,263.00
    assert line["self_host_offer"] == "memcloud:nyc:4xl4:on_demand" and line["self_host_usd_per_month"] == 2263.0
    assert line["self_host_fixed_usd_per_unit_month"] == 2263.0
    assert line["self_host_usd_per_million_output_tokens_marginal"] == 0.0
    # break-even: 2,263 / $18 per million = 125.72 M output tokens a month
    assert line["break_even_output_tokens_per_month"] == round(2263.0 / 18e-6)
    assert line["cheaper_now"] == "self-host"
    assert line["status"] == "self-hosting is cheaper above 125.7 M output tokens a month"


def test_an_api_cheaper_than_a_whole_unit_never_breaks_even(recommend_with_api):
    offers = [per_token(US, "llama", "llama-3-8b", "0.01", "0.02")]
    line = component(recommend_with_api(workload(volume="200_000_000"), offers, [US]))["api_vs_self_host"]
    assert line["cheaper_now"] == "api" and line["break_even_output_tokens_per_month"] is None
    assert line["status"].startswith("one self-hosted unit costs more a month than the API charges for all it can serve")


def test_a_published_time_to_first_token_above_the_slo_is_an_slo_miss(recommend_with_api):
    slow = per_token(US, "slow", "llama-3-8b", "0.01", "0.01").model_copy(
        update={"tokens": per_token(US, "slow", "llama-3-8b", "0.01", "0.01").tokens.model_copy(update={"ttft_ms": 5000})})
    fast = per_token(US, "fast", "llama-3-8b", "0.30", "0.60")
    comp = component(recommend_with_api(workload(), [slow, fast], [US], cloud=False))
    assert comp["chosen"]["offer_id"] == "memapi:us-east-1:fast:per_token"
    miss = excluded(comp, "memapi:us-east-1:slow:per_token")
    assert miss["reason"] == "slo" and "exceeds the SLO of 3000 ms" in miss["detail"]
