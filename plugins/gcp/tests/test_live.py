"""Live refresh through CloudCatalogClient with a patched transport: paging, composition, provenance."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import billing_v1

from advisor.model.offers import OfferQuery

from advisor_gcp.provider import COMPUTE_SERVICE, GcpProvider, make_client


@pytest.fixture
def live_catalog(sku_page_texts):
    pages = [billing_v1.ListSkusResponse.from_json(t, ignore_unknown_fields=True) for t in sku_page_texts]
    client = billing_v1.CloudCatalogClient(credentials=AnonymousCredentials())
    with mock.patch.object(type(client.transport.list_skus), "__call__") as call:
        call.side_effect = pages
        catalog = GcpProvider(client=client).refresh(OfferQuery())
    assert call.call_count == 2
    request = call.call_args_list[0].args[0]
    assert (request.parent, request.currency_code) == (COMPUTE_SERVICE, "USD")
    return {o.id: o for o in catalog.offers}, catalog


def test_a2_highgpu_1g_is_the_sum_of_its_components(live_catalog):
    offers, _ = live_catalog
    offer = offers["gcp:us-central1:a2-highgpu-1g:on_demand"]
    assert offer.usd_per_hour == 12 * Decimal("0.031611") + 85 * Decimal("0.004237") + Decimal("2.933908")
    assert offer.usd_per_hour == Decimal("3.673385")
    components = offer.attributes["components"]
    assert components["gpu"]["usd_per_unit_hour"] == "2.933908"
    assert components["vcpu"]["quantity"] == 12 and components["ram"]["quantity"] == 85
    assert offer.provenance.source == "live"


def test_n1_with_t4_is_host_plus_gpu_and_spot_is_a_separate_offer(live_catalog):
    offers, _ = live_catalog
    on_demand = offers["gcp:us-central1:n1-standard-4+1xT4:on_demand"]
    spot = offers["gcp:us-central1:n1-standard-4+1xT4:spot"]
    assert on_demand.usd_per_hour == Decimal("0.539999")
    assert spot.usd_per_hour == 4 * Decimal("0.006655") + 15 * Decimal("0.000892") + Decimal("0.07")
    assert (on_demand.hardware.accelerator, on_demand.hardware.accelerator_count) == ("T4", 1)


def test_n1_hosts_too_big_for_one_t4_only_take_four(live_catalog):
    offers, _ = live_catalog
    assert "gcp:us-central1:n1-standard-64+4xT4:on_demand" in offers
    assert "gcp:us-central1:n1-standard-64+1xT4:on_demand" not in offers


def test_a3_highgpu_8g_adds_its_bundled_local_ssd_at_730_hours_a_month(live_catalog):
    offers, _ = live_catalog
    a3 = offers["gcp:us-central1:a3-highgpu-8g:on_demand"]
    ssd = 6000 * Decimal("0.08") / 730
    assert a3.usd_per_hour == 208 * Decimal("0.0295") + 1872 * Decimal("0.0018") + 8 * Decimal("9.796536") + ssd
    local_ssd = a3.attributes["components"]["local_ssd"]
    assert (local_ssd["sku_id"], local_ssd["usd_per_gib_month"], local_ssd["hours_per_month"]) == ("0002-LSSD-0011", "0.08", 730)
    assert Decimal(local_ssd["usd_per_hour"]) == ssd
    assert a3.attributes["price_basis"] == "sku_composition"


def test_a3_without_a_local_ssd_rate_in_its_region_stays_unpriced(live_catalog):
    offers, _ = live_catalog
    a3 = offers["gcp:us-east4:a3-highgpu-8g:on_demand"]
    assert a3.usd_per_hour is None
    assert a3.attributes["missing"] == ["local_ssd"]
    assert "local_ssd" in a3.attributes["unpriced_reason"]


def test_missing_component_leaves_the_machine_unpriced_not_cheap(live_catalog):
    offers, _ = live_catalog
    ultra = offers["gcp:us-central1:a2-ultragpu-1g:on_demand"]
    assert ultra.usd_per_hour is None
    assert ultra.attributes["missing"] == ["gpu"]
    assert ultra.attributes["components"]["local_ssd"]["usd_per_gib_month"] == "0.08"
    assert "gcp:us-central1:a2-highgpu-1g:committed_use:1y" not in offers


def test_a_live_refresh_uses_no_embedded_machine_total(live_catalog):
    offers, _ = live_catalog
    assert offers["gcp:europe-west4:g2-standard-4:on_demand"].usd_per_hour is None
    assert all(o.attributes["price_basis"] == "sku_composition" for o in offers.values())


def test_api_key_selects_the_rest_transport(monkeypatch):
    monkeypatch.setenv("ADVISOR_GCP_API_KEY", "test-key")
    client = make_client()
    assert client.transport.kind == "rest"
