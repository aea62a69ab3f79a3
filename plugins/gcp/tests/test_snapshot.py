"""The embedded snapshot: valid offers, composed prices shown, no $0, no network, venues right."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from advisor.model.offers import OfferQuery, ProviderCatalog
from advisor.plugin.manager import Plugins
from advisor.testing import check_provider_contract

from advisor_gcp import provider as provider_module
from advisor_gcp.provider import GcpProvider


@pytest.fixture(scope="module")
def catalog() -> ProviderCatalog:
    return GcpProvider().catalog(OfferQuery())


def test_the_plugin_registers_a_provider_that_keeps_the_contract(catalog):
    assert "gcp" in [p.name for p in Plugins().providers()]
    check_provider_contract(GcpProvider())  # valid records, provenance, no $0, unique ids, deterministic
    assert all(o.provenance.source == "snapshot" for o in catalog.offers)


def test_a2_highgpu_1g_in_us_central1_is_the_newer_published_total_equal_to_its_composition(catalog):
    offers = {o.id: o for o in catalog.offers}
    offer = offers["gcp:us-central1:a2-highgpu-1g:on_demand"]
    assert offer.usd_per_hour == Decimal("3.673385") == 12 * Decimal("0.031611") + 85 * Decimal("0.004237") + Decimal("2.933908")
    assert offer.attributes["price_basis"] == "machine_total"
    assert offer.attributes["machine_total"] == {"field": "hour", "value": "3.673385", "conversion": "as published (USD per hour)"}
    assert "08440e74c5f5f7dc4ba9a10d0d02f195df568173" in offer.provenance.reference
    assert offer.provenance.as_of == datetime(2026, 7, 22, 14, 16, 48, tzinfo=UTC)


def test_n1_plus_t4_is_listed_and_priced_in_us_central1(catalog):
    offers = {o.id: o for o in catalog.offers}
    assert offers["gcp:us-central1:n1-standard-4+1xT4:on_demand"].usd_per_hour == Decimal("0.539999")
    t4 = [o for o in catalog.offers if o.venue_id == "gcp:us-central1" and o.hardware.accelerator == "T4"]
    assert {o.hardware.accelerator_count for o in t4} == {1, 2, 4}


def test_n1_with_t4_outside_us_central1_stays_unpriced_with_the_missing_rates_named(catalog):
    offers = {o.id: o for o in catalog.offers}
    offer = offers["gcp:europe-west4:n1-standard-4+1xT4:on_demand"]
    assert offer.usd_per_hour is None
    assert offer.attributes["missing"] == ["vcpu", "ram", "gpu"]
    assert "gcp:europe-west4:n1-standard-4+1xT4:spot" not in offers


def test_c3_is_the_amx_cpu_family(catalog):
    c3 = next(o for o in catalog.offers if o.sku == "c3-standard-22")
    assert (c3.hardware.cpu, c3.hardware.vcpus, c3.hardware.memory_gib) == ("Xeon-8480+", 22, 88)


def test_venues_carry_regimes_grid_and_confidential_computing(catalog):
    venues = {v.region: v for v in catalog.venues}
    assert venues["europe-west3"].has_certification("c5")
    assert not venues["europe-west4"].has_certification("c5")
    assert venues["us-central1"].grid_kgco2e_per_kwh == 0.454
    assert venues["asia-northeast1"].grid_kgco2e_per_kwh == 0.554  # Cloud Carbon Footprint, as us-central1
    assert all(v.pue == 1.1 and v.confidential_computing == ("sev-snp", "tdx") for v in venues.values())
    assert all(not v.government and v.operator_jurisdiction == "US" for v in venues.values())
    assert "FEDRAMP_HIGH" in venues["us-east4"].attributes["assured_workloads_regimes"]


def test_the_regions_added_for_price_coverage_are_venues_with_place_and_regimes(catalog):
    venues = {v.region: v for v in catalog.venues}
    belgium, singapore = venues["europe-west1"], venues["asia-southeast1"]
    assert (belgium.country, belgium.metro, belgium.latitude) == ("BE", "St. Ghislain", 50.449)
    assert (singapore.country, singapore.metro) == ("SG", "Singapore")
    assert belgium.has_certification("iso27001") and singapore.has_certification("soc2")
    assert (belgium.grid_kgco2e_per_kwh, singapore.grid_kgco2e_per_kwh) == (0.212, 0.493)


def test_catalog_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr("socket.socket.connect", refuse)
    provider_module._snapshot_catalog.cache_clear()
    assert GcpProvider().catalog(OfferQuery()).offers
