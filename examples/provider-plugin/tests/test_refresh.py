"""Live refresh over httpx: key in a header and never in a message, 429 + Retry-After, timeouts, paging."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.provider import LiveUnavailable

from advisor_neocloud import live
from advisor_neocloud.provider import NeoCloudProvider

KEY = "nc-live-secret-4242"


@pytest.fixture
def api_key(monkeypatch):
    monkeypatch.setenv("NEOCLOUD_API_KEY", KEY)
    return KEY


def provider_with(handler, slept=None) -> NeoCloudProvider:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return NeoCloudProvider(http_client=client, sleep=(slept.append if slept is not None else lambda s: None))


def test_refresh_follows_pages_with_the_key_in_a_header(api_key, api_pages):
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json=api_pages[1] if request.url.params.get("page_token") == "tok-2" else api_pages[0])

    catalog = provider_with(handler).refresh(OfferQuery())
    assert [c.url.params.get("page_token") for c in calls] == [None, "tok-2"]
    assert all(c.headers["Authorization"] == f"Bearer {KEY}" for c in calls)
    assert all(KEY not in str(c.url) for c in calls)
    offers = {o.id: o for o in catalog.offers}
    assert offers["neocloud:us-ash-1:gpu-8x-h100-sxm:on_demand"].usd_per_hour == Decimal("18.995")
    assert {o.provenance.source for o in catalog.offers} == {"live"}


def test_429_is_retried_after_retry_after_then_succeeds(api_key, api_pages):
    page = dict(api_pages[0], next_page_token=None)
    responses = [httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json=page)]
    slept: list[float] = []
    catalog = provider_with(lambda request: responses.pop(0), slept).refresh(OfferQuery())
    assert slept == [3.0]
    assert len(catalog.offers) == 4


def test_endless_throttling_gives_up_after_bounded_capped_retries(api_key):
    slept: list[float] = []
    provider = provider_with(lambda r: httpx.Response(429, headers={"Retry-After": "600"}), slept)
    with pytest.raises(LiveUnavailable, match="throttled"):
        provider.refresh(OfferQuery())
    assert slept == [live.MAX_RETRY_AFTER_S] * (live.MAX_ATTEMPTS - 1)


def test_repeated_timeouts_raise_live_unavailable(api_key):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    slept: list[float] = []
    with pytest.raises(LiveUnavailable, match="timed out 4 times"):
        provider_with(handler, slept).refresh(OfferQuery())
    assert len(slept) == 3 and all(0.0 <= wait <= ceiling for wait, ceiling in zip(slept, (1.0, 2.0, 4.0)))


def test_missing_key_raises_live_unavailable_without_calling_the_api(monkeypatch):
    monkeypatch.delenv("NEOCLOUD_API_KEY", raising=False)
    calls: list[httpx.Request] = []
    with pytest.raises(LiveUnavailable, match="NEOCLOUD_API_KEY"):
        provider_with(lambda r: calls.append(r) or httpx.Response(200, json={})).refresh(OfferQuery())
    assert calls == []


def test_rejected_key_is_reported_without_revealing_it(api_key):
    with pytest.raises(LiveUnavailable, match="HTTP 401") as info:
        provider_with(lambda r: httpx.Response(401, json={"error": "bad key"})).refresh(OfferQuery())
    assert KEY not in str(info.value)


def test_network_failure_raises_live_unavailable(api_key, network_down):
    with pytest.raises(LiveUnavailable, match="unreachable"):
        NeoCloudProvider().refresh(OfferQuery())
    assert network_down.attempts


def test_an_answer_with_no_usable_offers_keeps_the_snapshot(api_key):
    with pytest.raises(LiveUnavailable, match="no usable offers"):
        provider_with(lambda r: httpx.Response(200, json={"data": [], "next_page_token": None})).refresh(OfferQuery())
