"""Live refresh from the public price sources, against fixtures shaped like their responses; no network."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.stub import ANY, Stubber

from advisor.plugin import LiveUnavailable, OfferQuery
from advisor_api_hyperscalers.prices import azure_prices, bedrock_prices, vertex_prices
from advisor_api_hyperscalers.providers import AzureFoundryProvider, BedrockProvider, VertexAiProvider

FIXTURES = Path(__file__).parent / "fixtures"
QUERY = OfferQuery(as_of=date(2026, 11, 22))


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def pricing_client():
    client = boto3.client("pricing", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(client)
    pages = fixture("bedrock_price_list.json")["pages"]
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": pages[0], "NextToken": "p2"},
                      {"ServiceCode": "AmazonBedrock"})
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": pages[1]},
                      {"ServiceCode": "AmazonBedrock", "NextToken": "p2"})
    stub.activate()
    return client, stub


def test_bedrock_price_list_items_become_prices_per_million_tokens():
    items = [i for page in fixture("bedrock_price_list.json")["pages"] for i in page]
    prices = bedrock_prices(items, {"Llama 3 8B Instruct": "meta.llama3-8b-instruct-v1:0",
                                    "Llama 3 70B Instruct": "meta.llama3-70b-instruct-v1:0"})
    us = prices[("meta.llama3-8b-instruct-v1:0", "us-east-1")]
    assert (us["input"], us["output"], us["as_of"]) == ("0.28", "0.56", "2026-11-01")
    assert "sku AAA1" in us["reference"] or "sku AAA2" in us["reference"]
    assert ("meta.llama3-70b-instruct-v1:0", "us-east-1") not in prices  # a $0 row is never a price


def test_bedrock_refresh_pages_the_price_list_and_keeps_the_snapshot_terms():
    client, stub = pricing_client()
    provider = BedrockProvider(client_factory=lambda: client)
    catalog = provider.refresh(QUERY)
    stub.assert_no_pending_responses()
    offers = {o.id: o for o in catalog.offers}
    us = offers["bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token"]
    assert us.tokens.usd_per_million_input == Decimal("0.28") and us.provenance.as_of.date() == date(2026, 11, 1)
    assert us.tokens.tokens_per_minute == 300_000  # limits are not in the price list: kept from the snapshot
    assert catalog.provenance.source == "live"
    # regions not in the live answer keep their snapshot price and date; a priced region without a venue is noted
    kept = offers["bedrock:eu-west-2:meta.llama3-8b-instruct-v1:0:per_token"].provenance
    assert (kept.source, kept.as_of.date()) == ("snapshot", date(2026, 7, 24))
    unit = offers["bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:provisioned-1-month"].provenance
    assert unit.source == "snapshot"
    assert provider.notes == ["live price for meta.llama3-8b-instruct-v1:0 in ap-northeast-1 has no venue in the snapshot; "
                              "left out"]


def test_bedrock_throttled_three_times_leaves_the_snapshot_in_use_after_jittered_waits():
    client = boto3.client("pricing", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(client)
    for _ in range(3):
        stub.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
    stub.activate()
    waits: list[float] = []
    with pytest.raises(LiveUnavailable, match=r"AWS Price List unavailable \(ThrottlingException, still after 3 attempts\)"):
        BedrockProvider(client_factory=lambda: client, sleep=waits.append).refresh(QUERY)
    stub.assert_no_pending_responses()
    assert len(waits) == 2 and 0 <= waits[0] <= 1.0 and 0 <= waits[1] <= 2.0  # full jitter under 1 s, then 2 s


def test_bedrock_throttled_once_then_answering_is_refreshed():
    client, stub = pricing_client()
    stub.deactivate()
    fresh = Stubber(client)
    fresh.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
    pages = fixture("bedrock_price_list.json")["pages"]
    fresh.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": pages[0], "NextToken": "p2"},
                       {"ServiceCode": "AmazonBedrock"})
    fresh.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": pages[1]},
                       {"ServiceCode": "AmazonBedrock", "NextToken": "p2"})
    fresh.activate()
    waits: list[float] = []
    catalog = BedrockProvider(client_factory=lambda: client, sleep=waits.append).refresh(QUERY)
    assert catalog.provenance.source == "live" and len(waits) == 1


def test_a_refused_price_list_call_is_not_retried():
    client = boto3.client("pricing", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(client)
    stub.add_client_error("get_products", service_error_code="AccessDeniedException", http_status_code=403)
    stub.activate()
    waits: list[float] = []
    with pytest.raises(LiveUnavailable, match=r"AWS Price List unavailable \(AccessDeniedException\)"):
        BedrockProvider(client_factory=lambda: client, sleep=waits.append).refresh(QUERY)
    assert waits == []


def test_azure_retail_prices_follow_next_page_links_and_skip_cached_and_dev_test_meters():
    pages = fixture("azure_retail.json")["pages"]
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=pages[len(seen) - 1])

    catalog = AzureFoundryProvider(transport=httpx.MockTransport(handler)).refresh(QUERY)
    assert len(seen) == 2 and "startswith" in seen[0] and seen[1].endswith("$skip=100")
    offers = {o.id: o for o in catalog.offers}
    east = offers["azure_foundry:eastus2:Meta-Llama-3-8B-Instruct:per_token"]
    assert (east.tokens.usd_per_million_input, east.tokens.usd_per_million_output) == (Decimal("0.28"), Decimal("0.57"))
    sweden = offers["azure_foundry:swedencentral:Meta-Llama-3-8B-Instruct:per_token"]
    assert (sweden.tokens.usd_per_million_input, sweden.tokens.usd_per_million_output) == (Decimal("0.3"), Decimal("0.61"))
    assert sweden.provenance.as_of.date() == date(2026, 10, 1)


def test_azure_meters_map_only_complete_input_and_output_pairs():
    items = fixture("azure_retail.json")["pages"][0]["Items"]
    prices = azure_prices(items, {"Meta-Llama-3-8B-Instruct": "Meta-Llama-3-8B-Instruct"})
    assert list(prices) == [("Meta-Llama-3-8B-Instruct", "eastus2")]  # Sweden has only its input meter on page 1


def test_vertex_skus_give_units_plus_nanos_per_thousand_tokens_and_zero_is_no_price():
    skus = [s for page in fixture("vertex_skus.json")["pages"] for s in page["skus"]]
    prices = vertex_prices(skus, {"Llama 3.3 70B": "meta/llama-3.3-70b-instruct-maas", "Llama 3 8B": "meta/llama3-8b-instruct-maas"})
    assert prices == {("meta/llama-3.3-70b-instruct-maas", "us-central1"): {
        "input": "0.72", "output": "0.72", "as_of": "2026-10-15",
        "reference": "Cloud Billing Catalog services/C7E2-9256-1C43/skus 11AA"}}


def test_vertex_refresh_pages_with_the_token_and_needs_an_api_key(monkeypatch):
    pages = fixture("vertex_skus.json")["pages"]
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params.get("pageToken"))
        return httpx.Response(200, json=pages[len(seen) - 1])

    catalog = VertexAiProvider(transport=httpx.MockTransport(handler), api_key="k").refresh(QUERY)
    assert seen == [None, "p2"]
    assert {o.sku for o in catalog.offers if o.priced} == {"meta/llama-3.3-70b-instruct-maas"}
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    with pytest.raises(LiveUnavailable, match="GOOGLE_API_KEY"):
        VertexAiProvider(transport=httpx.MockTransport(handler)).refresh(QUERY)


def test_a_failing_server_is_retried_then_live_unavailable():
    calls = []
    failing = httpx.MockTransport(lambda request: calls.append(request) or httpx.Response(503))
    waits: list[float] = []
    with pytest.raises(LiveUnavailable, match="HTTP 503 from https://prices.azure.com/api/retail/prices, still after 3 attempts"):
        AzureFoundryProvider(transport=failing, sleep=waits.append).refresh(QUERY)
    assert len(calls) == 3 and len(waits) == 2


def test_a_throttled_page_waits_the_servers_retry_after_then_goes_on():
    pages = fixture("vertex_skus.json")["pages"]
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=pages[0]),
               httpx.Response(200, json=pages[1])]
    waits: list[float] = []
    provider = VertexAiProvider(transport=httpx.MockTransport(lambda request: answers.pop(0)), api_key="k", sleep=waits.append)
    catalog = provider.refresh(QUERY)
    assert waits == [7.0] and {o.sku for o in catalog.offers if o.priced} == {"meta/llama-3.3-70b-instruct-maas"}


def test_a_client_error_is_not_retried_and_the_key_in_the_query_is_not_in_the_message():
    waits: list[float] = []
    refused = httpx.MockTransport(lambda request: httpx.Response(403))
    with pytest.raises(LiveUnavailable) as err:
        VertexAiProvider(transport=refused, api_key="s3cr3t-key", sleep=waits.append).refresh(QUERY)
    assert "HTTP 403" in str(err.value) and "s3cr3t-key" not in str(err.value) and waits == []


def test_without_the_live_extra_the_refresh_names_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "httpx", None)  # as if not installed: importing it raises ImportError
    with pytest.raises(LiveUnavailable, match=r"advisor install 'advisor-api-hyperscalers\[live\]'"):
        AzureFoundryProvider().refresh(QUERY)


def test_azure_openai_data_zone_meters_price_the_data_zone_venue_and_global_meters_price_nothing():
    items = [i for page in fixture("azure_retail.json")["pages"] for i in page["Items"]]
    prices = azure_prices(items, {"gpt 4.1": "gpt-4.1", "gpt 4.1 mini": "gpt-4.1-mini"},
                          {("eastus2", "Data Zone"): "us-datazone"})
    # 'gpt 4.1 mini ...' is the mini's meter, not gpt-4.1's; the glbl meters name no venue of the snapshot
    assert {k: (v["input"], v["output"]) for k, v in prices.items()} == {
        ("gpt-4.1", "us-datazone"): ("2.2", "8.8"), ("gpt-4.1-mini", "us-datazone"): ("0.44", "1.76")}


def test_an_azure_refresh_reprices_the_data_zone_per_token_rows_and_keeps_the_ptu_snapshot():
    pages = fixture("azure_retail.json")["pages"]
    served = iter(pages)
    catalog = AzureFoundryProvider(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=next(served)))).refresh(QUERY)
    offers = {o.id: o for o in catalog.offers}
    gpt = offers["azure_foundry:us-datazone:gpt-4.1:per_token"]
    assert gpt.provenance.source == "live" and gpt.tokens.usd_per_million_output == Decimal("8.8")
    year = offers["azure_foundry:us-datazone:gpt-4.1:provisioned-1-year"]
    assert year.provenance.source == "snapshot" and year.provenance.as_of.date() == date(2026, 9, 23)
