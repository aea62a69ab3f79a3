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
        assert a["trains_on_prompts"] is False and a["processing_scope"] == "regional"
        assert isinstance(a["prompt_retention_days"], int)
        sources = a["data_terms_sources"]
        assert {"trains_on_prompts", "prompt_retention_days", "processing_scope"} <= set(sources)
        assert all("(2026-07-24)" in s for k, s in sources.items() if k in ("trains_on_prompts", "processing_scope"))


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
    assert not venues["eastus2"].certifications and "hipaa_baa" in venues["eastus2"].attributes["data_terms_sources"]
    assert venues["swedencentral"].attributes["eu_data_boundary"] is True
    assert venues["eastus2"].attributes["abuse_monitoring_retention_days"] == 30


def test_azure_ptu_is_a_capacity_unit_with_its_own_price_throughput_and_minimum():
    ptu = next(o for o in AzureFoundryProvider().catalog(QUERY).offers if o.billing == "provisioned")
    assert ptu.usd_per_hour == Decimal("1.00") and ptu.tokens.tokens_per_minute == 14_900
    assert ptu.tokens.min_units == 15 and ptu.tokens.output_token_weight == 4 and ptu.tokens.capacity_unit == "PTU"


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
