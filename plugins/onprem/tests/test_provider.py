"""The on-prem provider builds venues and owned offers from the sites file, with sourced defaults."""

from __future__ import annotations

import types
from datetime import date
from decimal import Decimal

import pytest
from advisor_onprem.provider import OnPremProvider

from advisor.model.offers import OfferQuery
from advisor.plugin.manager import Plugins
from advisor.inputs.sites import SitesFile

TODAY = date(2026, 11, 22)


def sites(*entries: dict) -> tuple:
    return tuple(SitesFile.model_validate({"sites": list(entries)}).sites)


def catalog(*entries: dict):
    return OnPremProvider().catalog(OfferQuery(sites=sites(*entries), as_of=TODAY))


SEED_SITE = {
    "name": "dc1",
    "metro": "Ashburn",
    "certifications": ["iso27001"],
    "servers": [{"name": "4xT4", "accelerator": "T4", "accelerators_per_server": 4, "capex_usd": 4800, "quantity": 3}],
}


@pytest.fixture
def no_hardware_catalog(monkeypatch):
    """A core hardware catalog that lists no device (what an unknown device meets)."""
    monkeypatch.setattr("advisor.plugin.hardware_catalog", lambda: {})


def test_no_sites_gives_an_empty_catalog():
    result = OnPremProvider().catalog(OfferQuery())
    assert (result.venues, result.offers, result.provider) == ((), (), "onprem")


def test_one_venue_per_site_with_customer_trust_and_site_country():
    venue = catalog(SEED_SITE).venues[0]
    assert venue.id == "onprem:dc1"
    assert (venue.kind, venue.host_trust, venue.tenancy) == ("onprem", "customer", "customer_premises")
    assert (venue.country, venue.subdivision, venue.operator_jurisdiction) == ("US", "US-VA", "US")
    assert venue.certifications[0].name == "iso27001"
    assert venue.certifications[0].source == "sites file"
    assert venue.certifications[0].retrieved == TODAY


def test_air_gapped_site_has_air_gapped_tenancy():
    venue = catalog({**SEED_SITE, "air_gapped": True}).venues[0]
    assert venue.tenancy == "air_gapped"


def test_server_becomes_a_capex_offer_limited_to_its_quantity():
    offer = catalog(SEED_SITE).offers[0]
    assert offer.id == "onprem:dc1:4xT4:capex"
    assert (offer.billing, offer.max_units, offer.usd_per_hour) == ("capex", 3, None)
    assert offer.hardware.accelerator == "T4" and offer.hardware.accelerator_count == 4
    assert offer.owned.capex_usd == Decimal("4800.0")
    assert offer.provenance.source == "user"
    assert "sites file" in offer.provenance.reference
    assert offer.priced


def test_already_owned_server_is_billed_as_owned():
    site = {**SEED_SITE, "servers": [{**SEED_SITE["servers"][0], "already_owned": True}]}
    offer = catalog(site).offers[0]
    assert offer.billing == "owned" and offer.id.endswith(":owned")


def test_defaults_are_documented_with_their_sources(no_hardware_catalog):
    terms = catalog(SEED_SITE).offers[0].owned
    assert (terms.life_months, terms.residual_fraction, terms.maintenance_fraction_per_year) == (48, 0.10, 0.10)
    assert terms.pue == 1.58
    assert terms.staff_fte_per_unit == pytest.approx(1 / 20)
    assert terms.staff_usd_per_fte_year == Decimal(200000)
    assert terms.electricity_usd_per_kwh == Decimal("0.0895")  # Ashburn is in Virginia
    for key in ("life_months", "residual_fraction", "pue", "servers_per_admin", "electricity_usd_per_kwh", "host_watts"):
        assert terms.assumptions[key], key
    assert "Uptime" in terms.assumptions["pue"]
    assert "EIA" in terms.assumptions["electricity_usd_per_kwh"]
    # 4 × T4 at 71 W max / 8 W idle (CCF) + 200 W host (half at idle)
    assert (terms.it_watts_max, terms.it_watts_idle) == (484.0, 132.0)


def test_site_figures_win_over_defaults():
    site = {
        **SEED_SITE,
        "pue": 1.2,
        "electricity_usd_per_kwh": 0.05,
        "staff_usd_per_fte_year": 150_000,
        "servers_per_admin": 50,
        "servers": [{**SEED_SITE["servers"][0], "life_months": 36, "host_watts": 300, "power_usd_per_month": 100}],
    }
    terms = catalog(site).offers[0].owned
    assert (terms.pue, terms.electricity_usd_per_kwh, terms.life_months) == (1.2, Decimal("0.05"), 36)
    assert terms.staff_fte_per_unit == pytest.approx(0.02)
    assert terms.power_usd_per_month == Decimal("100.0")
    assert "pue" not in terms.assumptions and "life_months" not in terms.assumptions


def test_colocation_site_gets_the_cbre_rate_by_default():
    terms = catalog({**SEED_SITE, "kind": "colocation"}).offers[0].owned
    assert terms.colocation_usd_per_kw_month == Decimal("184.06")
    assert "CBRE" in terms.assumptions["colocation_usd_per_kw_month"]


def test_eu_site_uses_the_eurostat_price():
    site = {**SEED_SITE, "metro": "Amsterdam"}
    terms = catalog(site).offers[0].owned
    assert terms.electricity_usd_per_kwh == Decimal("0.22")
    assert "Eurostat" in terms.assumptions["electricity_usd_per_kwh"]


def test_without_capex_or_catalog_the_offer_is_unpriced(no_hardware_catalog):
    site = {**SEED_SITE, "servers": [{"name": "8xH100", "accelerator": "H100-SXM", "accelerators_per_server": 8}]}
    offer = catalog(site).offers[0]
    assert offer.owned.capex_usd is None
    assert not offer.priced
    assert "unpriced" in offer.owned.assumptions["capex"]


def test_capex_comes_from_the_hardware_catalog_when_available(monkeypatch):
    spec = types.SimpleNamespace(price_usd=950.0, price_source="vendor list", price_date=date(2024, 1, 1), tdp_w=70.0, idle_w=10.0, memory_gb=16.0)
    monkeypatch.setattr("advisor.plugin.hardware_catalog", lambda: {"T4": spec})
    site = {**SEED_SITE, "servers": [{"name": "4xT4", "accelerator": "T4", "accelerators_per_server": 4}]}
    offer = catalog(site).offers[0]
    assert offer.owned.capex_usd == Decimal("4800.0")  # 4 × $950 + $1,000 default host
    assert offer.owned.it_watts_max == 4 * 70 + 200
    assert offer.hardware.accelerator_memory_gib == pytest.approx(14.9, abs=0.01)
    assert "vendor list" in offer.owned.assumptions["price_T4"]


def test_edge_sites_without_servers_are_left_to_the_edge_plugin():
    edge = {"name": "store7", "kind": "edge", "metro": "Dallas", "edge_products": ["aws-outposts"]}
    result = catalog(edge, SEED_SITE)
    assert [v.id for v in result.venues] == ["onprem:dc1"]


def test_edge_site_with_its_own_servers_is_offered():
    edge = {"name": "store7", "kind": "edge", "metro": "Dallas", "servers": SEED_SITE["servers"]}
    assert [o.venue_id for o in catalog(edge).offers] == ["onprem:store7"]


def test_plugin_registers_the_onprem_provider_through_the_entry_point():
    plugins = Plugins()
    names = {p.name: p for p in plugins.providers()}
    assert names["onprem"].kind == "onprem"
    assert not [p for p in plugins.problems if p.plugin == "onprem"]
