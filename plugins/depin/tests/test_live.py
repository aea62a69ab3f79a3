"""Live refresh through httpx.MockTransport: parsing of documented shapes, 429 retries, failures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.provider import LiveUnavailable
from advisor_depin.akash import GPU_PRICES_URL, PROVIDERS_URL, AkashProvider
from advisor_depin.ionet import IoNetProvider
from advisor_depin.live import fetch_json
from advisor_depin.vastai import VastAiProvider

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _routes(table: dict[str, object]):
    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url).split("?")[0]
        return httpx.Response(200, json=table[url])

    return httpx.MockTransport(handler)


def test_akash_venues_are_provider_regions_with_median_price_and_availability():
    transport = _routes(
        {GPU_PRICES_URL: load_fixture("akash_gpu_prices.json"), PROVIDERS_URL: load_fixture("akash_providers.json")}
    )
    catalog = AkashProvider(transport=transport).refresh(OfferQuery())
    h100 = {o.venue_id: o for o in catalog.offers if o.hardware.accelerator == "H100-SXM"}
    assert set(h100) == {"akash:na-us-west", "akash:eu-central"}
    west = h100["akash:na-us-west"]
    assert west.usd_per_hour == Decimal("2.5")
    assert (west.attributes["min"], west.attributes["max"], west.attributes["weightedAverage"]) == (2.0, 3.2, 2.7)
    assert west.max_units == 8
    assert h100["akash:eu-central"].max_units == 12  # capped at the network-wide 12 available
    assert west.reliability == pytest.approx(0.99)
    assert west.provenance.source == "live"
    venues = {v.id: v for v in catalog.venues}
    assert (venues["akash:na-us-west"].metro, venues["akash:na-us-west"].country) == ("Los Angeles", "US")
    nuremberg = venues["akash:eu-central"]
    assert (nuremberg.country, nuremberg.attributes["location_precision"]) == ("DE", "country-capital")
    assert not nuremberg.certifications


def test_akash_null_price_is_unpriced_with_zero_availability():
    transport = _routes({GPU_PRICES_URL: load_fixture("akash_gpu_prices.json"), PROVIDERS_URL: []})
    provider = AkashProvider(transport=transport)
    a40 = next(o for o in provider.refresh(OfferQuery()).offers if o.hardware.accelerator == "A40")
    assert a40.usd_per_hour is None and a40.max_units == 0 and a40.venue_id == "akash:network"
    assert any("rtx3060ti" in n for n in provider.notes)


def test_ionet_drops_sold_out_cpu_only_and_zero_price_rows_and_marks_tdx():
    provider = IoNetProvider(transport=_routes({"https://api.io.solutions/v1/io-cloud/vmaas/hardware": load_fixture("ionet_hardware.json")}))
    catalog = provider.refresh(OfferQuery())
    assert sorted(o.sku for o in catalog.offers) == ["1RTX4090.24.16V__US", "8H100.80S.176V__FI"]
    assert len(provider.notes) == 3
    venues = {v.id: v for v in catalog.venues}
    assert venues["ionet:fi-tdx"].confidential_computing == ("tdx",)
    assert venues["ionet:fi-tdx"].attributes["attestation"] == "customer_verifiable"
    assert venues["ionet:us"].confidential_computing == ()
    rtx = next(o for o in catalog.offers if o.hardware.accelerator == "RTX-4090")
    assert rtx.usd_per_hour == Decimal("0.45") and rtx.hardware.accelerator_count == 1


def _vast_catalog():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.headers["Authorization"] == "Bearer k"
        assert json.loads(request.content)["rentable"] == {"eq": True}
        return httpx.Response(200, json=load_fixture("vastai_bundles.json"))

    provider = VastAiProvider(transport=httpx.MockTransport(handler), api_key="k")
    return provider, provider.refresh(OfferQuery())


def test_vastai_prices_per_offer_and_per_gpu_with_fractional_and_multi_gpu_rows():
    _, catalog = _vast_catalog()
    by_sku = {o.sku: o for o in catalog.offers}
    assert set(by_sku) == {"1001", "1002", "1003"}
    two = by_sku["1001"]
    assert (two.usd_per_hour, two.hardware.accelerator_count, two.attributes["usd_per_gpu_hour"]) == (Decimal("1.2"), 2, 0.6)
    assert two.hardware.memory_gib == pytest.approx(128000 * 16 / 32 / 1024)
    half = by_sku["1002"]
    assert half.hardware.accelerator_count == 0.5
    assert half.attributes["usd_per_gpu_hour"] == pytest.approx(0.4)
    assert by_sku["1003"].hardware.accelerator == "H100-SXM" and by_sku["1003"].hardware.accelerator_count == 8


def test_vastai_reliability_becomes_overhead_and_trust_follows_hosting():
    _, catalog = _vast_catalog()
    venues = {v.id: v for v in catalog.venues}
    oslo = venues["vastai:no-oslo-secure"]
    assert oslo.host_trust == "vetted_dc" and oslo.has_certification("iso27001")
    assert "unverified" in oslo.attributes["secure_cloud_basis"]
    bratislava = venues["vastai:sk-bratislava-unverified"]
    assert bratislava.host_trust == "anonymous_host" and bratislava.attributes["verified"] is False
    assert not bratislava.certifications
    offers = {o.sku: o for o in catalog.offers}
    assert offers["1001"].reliability == 0.99
    assert offers["1001"].interruption_overhead == pytest.approx(0.01 / 0.99 * 1.75, rel=1e-4)
    assert offers["1002"].interruption_overhead > offers["1001"].interruption_overhead


def test_vastai_drops_unsizable_and_zero_price_rows_with_notes():
    provider, _ = _vast_catalog()
    assert any("1004" in n and "cpu_cores" in n for n in provider.notes)
    assert any("1005" in n and "zero price" in n for n in provider.notes)


def test_vastai_without_key_is_live_unavailable(monkeypatch):
    monkeypatch.delenv("VAST_API_KEY", raising=False)
    with pytest.raises(LiveUnavailable, match="VAST_API_KEY"):
        VastAiProvider().refresh(OfferQuery())


def test_429_with_retry_after_then_success():
    calls, waits = [], []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "7"})
        return httpx.Response(200, json={"ok": True})

    assert fetch_json("GET", "https://example.test/x", transport=httpx.MockTransport(handler), sleep=waits.append) == {"ok": True}
    assert waits == [7.0] and len(calls) == 2


def test_persistent_429_gives_up_after_bounded_attempts():
    waits = []
    transport = httpx.MockTransport(lambda r: httpx.Response(429))
    with pytest.raises(LiveUnavailable, match="429"):
        fetch_json("GET", "https://example.test/x", transport=transport, sleep=waits.append)
    assert len(waits) == 2


def test_timeout_is_live_unavailable():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(LiveUnavailable, match="ConnectTimeout"):
        IoNetProvider(transport=httpx.MockTransport(handler)).refresh(OfferQuery())


def test_truncated_json_is_live_unavailable():
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=b'{"data": {"hardw'))
    with pytest.raises(LiveUnavailable, match="not valid JSON"):
        IoNetProvider(transport=transport).refresh(OfferQuery())
