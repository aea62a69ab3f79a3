"""Retail Prices rows are classified into Linux on-demand, spot, reserved and savings-plan terms."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from advisor.model.offers import Provenance

from advisor_azure.retail import parse_items

PROV = Provenance(source="live", as_of=datetime(2026, 11, 22, tzinfo=UTC), reference="test")


def _terms(retail_pages):
    items = [i for page in retail_pages for i in page["Items"]]
    return {(t.sku, t.billing, t.commitment_months): t for t in parse_items(items, PROV)}


def test_consumption_linux_row_is_on_demand_at_its_retail_price(retail_pages):
    terms = _terms(retail_pages)
    assert terms[("Standard_NC4as_T4_v3", "on_demand", None)].usd_per_hour == Decimal("0.526")


def test_spot_meter_is_spot_and_low_priority_is_dropped(retail_pages):
    terms = _terms(retail_pages)
    assert terms[("Standard_NC4as_T4_v3", "spot", None)].usd_per_hour == Decimal("0.1578")
    assert not any(t.usd_per_hour == Decimal("0.1052") for t in terms.values())


def test_windows_and_devtest_rows_never_become_prices(retail_pages):
    prices = {t.usd_per_hour for t in _terms(retail_pages).values()}
    assert Decimal("0.71") not in prices
    assert Decimal("0.45") not in prices


def test_reservation_retail_price_is_a_term_total_spread_over_its_hours(retail_pages):
    terms = _terms(retail_pages)
    one = terms[("Standard_NC4as_T4_v3", "reserved", 12)]
    three = terms[("Standard_NC4as_T4_v3", "reserved", 36)]
    assert one.usd_per_hour == Decimal("2628.0") / 8760
    assert one.usd_per_hour == Decimal("0.3")
    assert three.usd_per_hour == Decimal("4730.4") / (8760 * 3)
    assert dict(one.detail)["term_total_usd"] == "2628.0"


def test_savings_plan_entries_become_hourly_terms(retail_pages):
    terms = _terms(retail_pages)
    assert terms[("Standard_NC4as_T4_v3", "savings_plan", 12)].usd_per_hour == Decimal("0.4")
    assert terms[("Standard_NC4as_T4_v3", "savings_plan", 36)].usd_per_hour == Decimal("0.3")


def test_zero_price_and_empty_sku_rows_are_skipped(retail_pages):
    terms = _terms(retail_pages)
    assert not any(t.sku == "Standard_NC64as_T4_v3" for t in terms.values())
    assert not any(t.sku == "" for t in terms.values())


def test_primary_meter_region_wins_over_a_newer_secondary_row(retail_pages):
    terms = _terms(retail_pages)
    assert terms[("Standard_NC8as_T4_v3", "on_demand", None)].usd_per_hour == Decimal("0.752")
