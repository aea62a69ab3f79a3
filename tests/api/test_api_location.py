"""Where an independent API serves: its published (or documented, assumed) serving sites give it a network
round trip like any located venue, and the residency facts the rules read agree with those sites."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from advisor.criteria.latency import component_latency
from advisor.model.offers import OfferQuery, ServingSite
from advisor.model.workload import UserGroup
from advisor.plugin import Plugins
from advisor.plugin.model_apis import build_venue
from advisor.reference.geo import find_metro, great_circle_km, rtt_ms
from advisor_api_hyperscalers.providers import AzureFoundryProvider, BedrockProvider
from advisor_api_inference.providers import PROVIDERS
from tests.api.conftest import api_venue

FRANKFURT = [UserGroup(metro="Frankfurt", share=1.0)]


def venue(provider, region):
    return next(v for v in provider.catalog(OfferQuery()).venues if v.region == region)


def far_rtt(user: str, site: str) -> float:
    a, b = find_metro(user), find_metro(site)
    return round(rtt_ms(great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)), 2)


@pytest.mark.parametrize("provider", PROVIDERS(), ids=lambda p: p.name)
def test_every_independent_api_names_its_serving_sites_with_a_source(provider):
    us = venue(provider, "us")
    assert us.latitude is None and {s.metro for s in us.serving_sites} >= {"Ashburn", "Dallas", "San Jose"}
    assert "http" in us.attributes["data_terms_sources"]["location"]


def test_eu_users_see_a_longer_round_trip_to_a_us_only_api_than_to_an_eu_region():
    groq = venue(next(p for p in PROVIDERS() if p.name == "groq"), "us")
    bedrock_eu, sweden = venue(BedrockProvider(), "eu-west-1"), venue(AzureFoundryProvider(), "swedencentral")
    us_only = component_latency(FRANKFURT, groq, 200, None)
    # the farthest of Ashburn, Dallas and San Jose from Frankfurt is San Jose: 9,153 km, 10 + 2 × 9,153 × 1.4 / 200 = 138.14 ms
    assert us_only.network_rtt_ms == far_rtt("Frankfurt", "San Jose") == 138.14
    assert us_only.total_ms == 338.14 and us_only.method.endswith("groq:us may serve from Ashburn, Dallas, San Jose")
    for located in (bedrock_eu, sweden):
        eu = component_latency(FRANKFURT, located, 200, None)
        assert eu.network_rtt_ms is not None and eu.network_rtt_ms < 30 < us_only.network_rtt_ms
    assert component_latency(FRANKFURT, bedrock_eu, 200, None).network_rtt_ms == 25.23


def test_the_farthest_serving_site_counts_for_each_user_group():
    sites = tuple(ServingSite(metro=m.name, country="US", latitude=m.latitude, longitude=m.longitude)
                  for m in map(find_metro, ("Ashburn", "San Jose")))
    api = api_venue("us", "US", "unknown", 0.0, 0.0).model_copy(update={"latitude": None, "longitude": None,
                                                                         "serving_sites": sites})
    users = [UserGroup(metro="New York", share=0.5), UserGroup(metro="San Francisco", share=0.5)]
    latency = component_latency(users, api, None, None)
    assert latency.per_metro_rtt_ms == {"New York": far_rtt("New York", "San Jose"),
                                        "San Francisco": far_rtt("San Francisco", "Ashburn")}


def test_serving_sites_abroad_make_the_country_no_residency_fact_unless_the_venue_says_global():
    row = {"region": "us", "country": "US", "metro": "unknown", "serving_metros": ["Ashburn", "Toronto"]}
    with pytest.raises(ValidationError, match="serving sites in CA outside the venue's country US"):
        build_venue("x", row, {})
    spanning = build_venue("x", row, {"processing_scope": {"value": "global", "source": "s", "as_of": "2026-12-03"}})
    assert [s.country for s in spanning.serving_sites] == ["US", "CA"]
    with pytest.raises(ValueError, match="serving metro 'Atlantis' is not in the metro table"):
        build_venue("x", {**row, "serving_metros": ["Atlantis"]}, {})
    with pytest.raises(ValidationError, match="one location .latitude, longitude. or serving sites, not both"):
        build_venue("x", {**row, "serving_metros": ["Ashburn"], "latitude": 39.04, "longitude": -77.49}, {})


def first_component_with_the_api_plugins(path: Path, text: str) -> dict:
    """The first component of the workload ``text`` (written to ``path``) recommended with the two API
    distributions alone, on a fixed evaluation date."""
    import advisor_api_hyperscalers.plugin as hyperscalers
    import advisor_api_inference.plugin as inference
    from advisor.pipeline import Options, recommend

    path.write_text(text)
    manager = Plugins(load_entry_points=False)
    manager.register(inference, name="api-inference")
    manager.register(hyperscalers, name="api-hyperscalers")
    result: dict = recommend([path], manager, Options(as_of=date(2026, 11, 1))).model_dump(mode="json")["components"][0]
    return result


def test_an_api_serving_from_another_geography_misses_a_tight_slo_on_the_network_alone(tmp_path: Path):
    comp = first_component_with_the_api_plugins(tmp_path / "eu.toml", """
[workload]
name = "eu-chat"
[data]
classes = ["internal"]
subjects = ["DE"]
[weights]
preset = "cost-first"
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
output_tokens_per_month = 30_000_000
slo = { ttft_ms_p95 = 430 }
users = [ { metro = "Frankfurt", share = 1.0 } ]
""")
    slo = {e["offer_id"]: e["detail"] for e in comp["excluded"] if e["reason"] == "slo"}
    # DeepInfra is the cheapest ($0.03/$0.06 per M) and its 350 ms model time fits; the trip to the US does not
    assert slo["deepinfra:us:meta-llama/Meta-Llama-3-8B-Instruct:per_token"] == (
        "time to first token 488 ms (model 350 ms + network p95 138 ms) exceeds the SLO of 430 ms")
    assert slo["fireworks:us:accounts/fireworks/models/llama-v3-8b-instruct:per_token"] == (
        "time to first token 438 ms (model 300 ms + network p95 138 ms) exceeds the SLO of 430 ms")
    assert comp["chosen"]["offer_id"] == "bedrock:eu-west-1:meta.llama3-8b-instruct-v1:0:per_token"
    assert comp["chosen"]["latency"]["network_rtt_ms"] == 25.23


def test_residency_reads_the_same_location_facts_as_latency(tmp_path: Path):
    """US residency: the APIs that may serve outside the US (Together: US or Canada; Fireworks and Groq:
    global routing) are vetoed by API-DATA-003; DeepInfra (US sites) and the US regions stay."""
    comp = first_component_with_the_api_plugins(tmp_path / "us.toml", """
[workload]
name = "us-resident"
[data]
classes = ["internal"]
subjects = ["US"]
residency = ["US"]
[weights]
preset = "cost-first"
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
accept_models = ["llama-3.1-8b"]
output_tokens_per_month = 30_000_000
users = [ { metro = "Chicago", share = 1.0 } ]
""")
    vetoed = {e["offer_id"].split(":")[0] for e in comp["excluded"] if "API-DATA-003" in e["rule_ids"]}
    assert vetoed == {"together", "fireworks", "groq"}
    assert comp["chosen"]["offer_id"] == "deepinfra:us:meta-llama/Meta-Llama-3-8B-Instruct:per_token"


@pytest.mark.parametrize("provider", PROVIDERS(), ids=lambda p: p.name)
def test_the_contract_kit_counts_serving_sites_as_a_location(provider):
    from advisor.testing import contract_report

    report = contract_report(provider)
    assert not report.breaches
    assert not [w.message for w in report.warnings if "latitude" in w.message]
