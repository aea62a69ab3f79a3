"""The embedded snapshots: venues of kind 'api' with data terms and sources, per-token prices with a date and
a reference, limits and latency stated with their source, nothing priced at 0."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from advisor.plugin import OfferQuery
from advisor_api_hyperscalers.providers import AzureFoundryProvider, BedrockProvider, VertexAiProvider

QUERY = OfferQuery(as_of=date(2026, 11, 22))
PROVIDERS = [BedrockProvider(), AzureFoundryProvider(), VertexAiProvider()]


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_every_offer_is_an_api_offer_with_a_dated_sourced_price_or_a_reason(provider):
    catalog = provider.catalog(QUERY)
    assert provider.kind == "api" and catalog.offers
    assert all(v.kind == "api" for v in catalog.venues)
    for offer in catalog.offers:
        assert offer.tokens is not None and offer.provenance.reference and offer.provenance.as_of.year == 2026
        if offer.billing == "per_token" and offer.priced:
            assert offer.tokens.usd_per_million_input > 0 and offer.tokens.usd_per_million_output > 0
        elif offer.billing == "per_token":
            assert offer.attributes.get("note")  # a preview at no charge is unpriced with its reason, never $0
        else:
            assert offer.billing == "provisioned" and (offer.priced or offer.attributes["unpriced_reason"])
        assert offer.tokens.latency_source, "latency is published or an estimate with its source"


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_every_venue_states_its_data_terms_with_sources(provider):
    for venue in provider.catalog(QUERY).venues:
        a = venue.attributes
        # a region processes in its region; a data zone (Azure Data Zone US) anywhere among its serving sites
        assert a["processing_scope"] == ("geography" if venue.serving_sites else "regional")
        assert a["trains_on_prompts"] is False and isinstance(a["prompt_retention_days"], int)
        sources = a["data_terms_sources"]
        assert {"trains_on_prompts", "prompt_retention_days", "processing_scope"} <= set(sources)
        assert "(2026-07-24)" in sources["trains_on_prompts"]
        assert "(2026-07-24)" in sources["processing_scope"] or "retrieved 2026-12-03" in sources["processing_scope"]


def test_bedrock_prices_llama_3_8b_as_published_per_region():
    offers = {o.id: o for o in BedrockProvider().catalog(QUERY).offers}
    us = offers["bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token"].tokens
    assert (us.usd_per_million_input, us.usd_per_million_output) == (Decimal("0.30"), Decimal("0.60"))
    eu = offers["bedrock:eu-west-1:meta.llama3-8b-instruct-v1:0:per_token"].tokens
    assert (eu.usd_per_million_input, eu.usd_per_million_output) == (Decimal("0.32"), Decimal("0.65"))
    assert us.context_tokens == 8192 and us.max_output_tokens == 2048 and us.tokens_per_minute == 300_000


def test_bedrock_is_baa_eligible_and_fedramp_moderate_in_the_us_and_eu_regions_are_in_the_eu():
    venues = {v.region: v for v in BedrockProvider().catalog(QUERY).venues}
    assert venues["us-east-1"].has_certification("hipaa_baa") and venues["us-east-1"].has_certification("fedramp_moderate")
    assert venues["eu-west-1"].country == "IE" and not venues["eu-west-1"].has_certification("fedramp_moderate")


def test_azure_serverless_llama_claims_no_baa_and_sweden_is_inside_the_eu_data_boundary():
    venues = {v.region: v for v in AzureFoundryProvider().catalog(QUERY).venues}
    assert not venues["eastus2"].has_certification("hipaa_baa")
    assert "hipaa_baa" in venues["eastus2"].attributes["data_terms_sources"]
    assert venues["swedencentral"].attributes["eu_data_boundary"] is True
    assert venues["eastus2"].attributes["abuse_monitoring_retention_days"] == 30


def test_azure_ptu_is_a_capacity_unit_with_its_own_price_throughput_minimum_and_step():
    offers = {o.id: o for o in AzureFoundryProvider().catalog(QUERY).offers}
    mini = offers["azure_foundry:us-datazone:gpt-4.1-mini:provisioned-hourly"]
    assert mini.usd_per_hour == Decimal("1.10") and mini.tokens.tokens_per_minute == 14_900
    assert (mini.tokens.min_units, mini.tokens.unit_increment, mini.tokens.output_token_weight) == (15, 5, 4)
    assert mini.tokens.capacity_unit == "PTU" and mini.provenance.as_of.date().isoformat() == "2026-09-23"


def test_azure_ptu_reservations_are_spread_over_their_hours_with_the_published_price_kept():
    offers = {o.id: o for o in AzureFoundryProvider().catalog(QUERY).offers}
    month = offers["azure_foundry:us-datazone:gpt-4.1:provisioned-1-month"]
    year = offers["azure_foundry:us-datazone:gpt-4.1:provisioned-1-year"]
    assert month.usd_per_hour == Decimal("0.391781") and month.commitment_months == 1  # $286 / 730 h
    assert year.usd_per_hour == Decimal("0.332877") and year.commitment_months == 12  # $2,916 / 8,760 h
    assert year.attributes["published"] == "$2,916 per PTU per year" and year.tokens.tokens_per_minute == 3_000
    per_token = offers["azure_foundry:us-datazone:gpt-4.1:per_token"].tokens
    assert (per_token.usd_per_million_input, per_token.usd_per_million_output) == (Decimal("2.20"), Decimal("8.80"))


def test_the_data_zone_serves_from_azure_us_regions_only():
    zone = next(v for v in AzureFoundryProvider().catalog(QUERY).venues if v.region == "us-datazone")
    assert zone.country == "US" and zone.latitude is None
    assert {s.country for s in zone.serving_sites} == {"US"} and len(zone.serving_sites) == 5


def test_bedrock_provisioned_throughput_without_a_public_price_is_unpriced_with_the_reason():
    mu = next(o for o in BedrockProvider().catalog(QUERY).offers if o.billing == "provisioned")
    assert not mu.priced and "only in the Bedrock console" in mu.attributes["unpriced_reason"]


def test_a_vertex_preview_listed_at_zero_is_unpriced():
    offers = {o.sku: o for o in VertexAiProvider().catalog(QUERY).offers}
    assert not offers["meta/llama3-8b-instruct-maas"].priced
    assert offers["meta/llama-3.3-70b-instruct-maas"].tokens.usd_per_million_output == Decimal("0.72")


def test_a_country_hint_keeps_only_venues_there():
    catalog = BedrockProvider().catalog(OfferQuery(countries=frozenset({"IE"}), as_of=date(2026, 11, 22)))
    assert {v.region for v in catalog.venues} == {"eu-west-1"}


def test_azure_foundry_venues_carry_azure_platform_iso_and_soc_and_score_privacy_level_2():
    from advisor.criteria.privacy import privacy_level

    for venue in AzureFoundryProvider().catalog(QUERY).venues:
        assert {c.name for c in venue.certifications} == {"iso27001", "soc2"}, venue.region
        assert "not re-verified" in venue.attributes["certification_scope"]["soc2"]
        level, reasons = privacy_level(venue)
        assert level == 2 and reasons[-1].startswith("PRIV-L2"), (venue.region, reasons)
