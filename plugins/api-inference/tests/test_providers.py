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


def test_together_rate_limited_waits_the_servers_retry_after_then_refreshes():
    answers = [httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json=FIXTURE["response"])]
    seen, waits = [], []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return answers.pop(0)

    catalog = TogetherProvider(transport=httpx.MockTransport(handler), api_key="k", sleep=waits.append).refresh(QUERY)
    assert waits == [3.0] and seen == ["Bearer k", "Bearer k"] and catalog.provenance.source == "live"


def test_together_failing_three_times_leaves_the_snapshot_and_a_refused_key_is_not_retried():
    waits: list[float] = []
    down = httpx.MockTransport(lambda request: httpx.Response(502))
    with pytest.raises(LiveUnavailable, match="together: HTTP 502 from https://api.together.xyz/v1/models, still after 3 attempts"):
        TogetherProvider(transport=down, api_key="k", sleep=waits.append).refresh(QUERY)
    assert len(waits) == 2
    refused = httpx.MockTransport(lambda request: httpx.Response(401))
    with pytest.raises(LiveUnavailable, match="together: HTTP 401"):
        TogetherProvider(transport=refused, api_key="k", sleep=waits.append).refresh(QUERY)
    assert len(waits) == 2


def test_without_the_live_extra_together_names_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(LiveUnavailable, match=r"advisor install 'advisor-api-inference\[live\]'"):
        TogetherProvider(api_key="k").refresh(QUERY)
