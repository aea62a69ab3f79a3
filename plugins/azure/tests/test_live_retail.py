"""The live Retail Prices fetch follows NextPageLink, honours Retry-After and gives up cleanly."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.provider import LiveUnavailable

from advisor_azure import live_retail
from advisor_azure.provider import AzureProvider


def _paged(retail_pages, calls):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json=retail_pages[1] if request.url.params.get("$skip") else retail_pages[0])

    return handler


def test_pages_are_followed_until_next_page_link_is_null(retail_pages):
    calls: list[httpx.Request] = []
    client = httpx.Client(transport=httpx.MockTransport(_paged(retail_pages, calls)))
    pages = list(live_retail.fetch_pages(client, "eastus", ["Standard_NC4as_T4_v3"], sleep=lambda s: None))
    assert len(pages) == 2
    first = calls[0].url.params
    assert first["api-version"] == "2023-01-01-preview"
    assert "armRegionName eq 'eastus'" in first["$filter"]
    assert "serviceName eq 'Virtual Machines'" in first["$filter"]
    assert calls[1].url.params["$skip"] == "100"


def test_429_is_retried_after_the_retry_after_delay(retail_pages):
    responses = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=retail_pages[1])]
    slept: list[float] = []
    client = httpx.Client(transport=httpx.MockTransport(lambda request: responses.pop(0)))
    pages = list(live_retail.fetch_pages(client, "eastus", ["Standard_NC4as_T4_v3"], sleep=slept.append))
    assert slept == [7.0]
    assert pages[0]["Items"][0]["type"] == "Reservation"


def test_a_huge_retry_after_is_capped():
    slept: list[float] = []
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(429, headers={"Retry-After": "3600"})))
    with pytest.raises(LiveUnavailable, match="throttled"):
        list(live_retail.fetch_pages(client, "eastus", ["x"], sleep=slept.append))
    assert slept == [live_retail.MAX_RETRY_AFTER_S] * (live_retail.MAX_ATTEMPTS - 1)


def test_repeated_timeouts_raise_live_unavailable():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("connect timed out", request=request)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(LiveUnavailable, match="timed out"):
        list(live_retail.fetch_pages(client, "eastus", ["x"], sleep=lambda s: None))


def test_refresh_builds_live_offers_and_notes_skipped_capabilities(retail_pages, monkeypatch):
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    client = httpx.Client(transport=httpx.MockTransport(_paged(retail_pages, [])))
    catalog = AzureProvider(http_client=client).refresh(OfferQuery())
    offers = {o.id: o for o in catalog.offers}
    on_demand = offers["azure:eastus:Standard_NC4as_T4_v3:on_demand"]
    assert on_demand.usd_per_hour == Decimal("0.526")
    assert on_demand.provenance.source == "live"
    assert offers["azure:eastus:Standard_NC4as_T4_v3:reserved:3y"].commitment_months == 36
    assert offers["azure:eastus:Standard_NC4as_T4_v3:savings_plan:1y"].usd_per_hour == Decimal("0.4")
    assert "AZURE_SUBSCRIPTION_ID" in catalog.provenance.reference
