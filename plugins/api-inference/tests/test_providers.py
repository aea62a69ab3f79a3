"""Independent inference APIs: snapshots with dated, sourced per-token prices and data terms; Together's live
model list parsed from a fixture shaped like its response; the others say they have no price API."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from advisor.plugin import LiveUnavailable, OfferQuery
from advisor_api_inference.providers import PROVIDERS, DeepInfraProvider, GroqProvider, TogetherProvider

QUERY = OfferQuery(as_of=date(2026, 11, 22))
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "together_models.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("provider", PROVIDERS(), ids=lambda p: p.name)
def test_every_offer_has_a_positive_dated_sourced_price_and_stated_latency(provider):
    catalog = provider.catalog(QUERY)
    assert provider.kind == "api" and catalog.offers and all(v.kind == "api" for v in catalog.venues)
    for offer in catalog.offers:
        t = offer.tokens
        assert offer.billing == "per_token" and t.usd_per_million_input > 0 and t.usd_per_million_output > 0
        assert offer.provenance.as_of.date() == date(2026, 7, 24) and offer.provenance.reference
        assert t.latency_source and t.ttft_ms and t.output_tokens_per_second


@pytest.mark.parametrize("provider", PROVIDERS(), ids=lambda p: p.name)
def test_no_independent_api_claims_a_baa_or_a_known_location(provider):
    for venue in provider.catalog(QUERY).venues:
        assert not venue.has_certification("hipaa_baa") and venue.latitude is None
        assert venue.host_trust == "vetted_dc" and venue.attributes["trains_on_prompts"] is False
        assert "hipaa_baa" in venue.attributes["data_terms_sources"]


def test_deepinfra_llama_3_8b_and_groq_serving_only_llama_3_1():
    deepinfra = {o.sku: o.tokens for o in DeepInfraProvider().catalog(QUERY).offers}
    assert (deepinfra["meta-llama/Meta-Llama-3-8B-Instruct"].usd_per_million_input,
            deepinfra["meta-llama/Meta-Llama-3-8B-Instruct"].usd_per_million_output) == (Decimal("0.03"), Decimal("0.06"))
    assert {t.serves for t in (o.tokens for o in GroqProvider().catalog(QUERY).offers)} == {"llama-3.1-8b", "llama-3.3-70b"}


def test_together_turbo_is_stated_as_fp8_and_unknown_retention_stays_unknown():
    catalog = TogetherProvider().catalog(QUERY)
    turbo = next(o for o in catalog.offers if o.sku == "meta-llama/Meta-Llama-3-8B-Instruct-Turbo")
    assert turbo.tokens.quantisation == "fp8" and turbo.tokens.batch_discount == 0.5
    assert "prompt_retention_days" not in catalog.venues[0].attributes


def test_together_live_prices_replace_the_snapshot_and_a_free_tier_is_no_price():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=FIXTURE["response"]))
    catalog = TogetherProvider(transport=transport, api_key="k").refresh(QUERY)
    offers = {o.sku: o for o in catalog.offers}
    live = offers["meta-llama/Meta-Llama-3-8B-Instruct-Turbo"]
    assert live.tokens.usd_per_million_input == Decimal("0.16") and live.provenance.source == "live"
    mixtral = offers["mistralai/Mixtral-8x7B-Instruct-v0.1"]  # listed at 0 live: the snapshot price stays
    assert mixtral.tokens.usd_per_million_input == Decimal("0.60") and mixtral.provenance.source == "snapshot"


def test_together_needs_a_key_and_snapshot_only_apis_say_so(monkeypatch):
    monkeypatch.delenv("TOGETHER_API_KEY", raising=False)
    with pytest.raises(LiveUnavailable, match="TOGETHER_API_KEY"):
        TogetherProvider().refresh(QUERY)
    with pytest.raises(LiveUnavailable, match="no public price source"):
        GroqProvider().refresh(QUERY)
    assert TogetherProvider().refreshable and not GroqProvider().refreshable
