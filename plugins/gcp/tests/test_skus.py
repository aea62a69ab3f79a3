"""Billing catalog SKUs become per-unit component rates with the documented traps handled."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from advisor.model.offers import Provenance

from advisor_gcp.skus import parse_skus

PROV = Provenance(source="live", as_of=datetime(2026, 11, 22, tzinfo=UTC), reference="test")


def test_core_and_ram_rates_are_per_family_region_and_usage(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    assert rates[("cpu", "N1 Predefined", "us-central1", "OnDemand")].usd == Decimal("0.031611")
    assert rates[("ram", "N1 Predefined", "us-east1", "OnDemand")].usd == Decimal("0.004237")
    assert rates[("cpu", "N1 Predefined", "us-central1", "Preemptible")].usd == Decimal("0.006655")
    assert rates[("cpu", "G2", "us-central1", "OnDemand")].usd == Decimal("0.024988")


def test_gpu_descriptions_map_to_hardware_ids(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    assert rates[("gpu", "T4", "us-central1", "OnDemand")].usd == Decimal("0.35")
    assert rates[("gpu", "L4", "us-central1", "OnDemand")].usd == Decimal("0.56")
    assert rates[("gpu", "A100-40GB", "us-central1", "OnDemand")].usd == Decimal("2.933908")
    assert rates[("gpu", "H100-SXM", "us-central1", "OnDemand")].usd == Decimal("9.796536")


def test_city_style_spot_description_takes_its_region_from_service_regions(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    warsaw = rates[("gpu", "T4", "europe-central2", "Preemptible")]
    assert warsaw.usd == Decimal("0.088")
    assert not any(key[2] == "Warsaw" for key in rates)


def test_non_usd_rows_are_rejected_not_converted(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    assert not any(key[2] == "asia-southeast2" for key in rates)


def test_sole_tenancy_and_reserved_rows_are_skipped(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    ids = {r.sku_id for r in rates.values()}
    assert "0001-SOLE-0009" not in ids and "0002-RSVD-0008" not in ids
    assert rates[("cpu", "A2", "us-central1", "OnDemand")].usd == Decimal("0.031611")


def test_commit1yr_rows_are_kept_as_their_own_usage_type(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    assert rates[("cpu", "A2", "us-central1", "Commit1Yr")].usd == Decimal("0.019915")


def test_wrong_usage_unit_is_not_a_rate(sku_dicts):
    ram_as_hours = dict(sku_dicts[1])
    ram_as_hours["pricingInfo"] = [dict(sku_dicts[1]["pricingInfo"][0])]
    ram_as_hours["pricingInfo"][0]["pricingExpression"] = dict(
        sku_dicts[1]["pricingInfo"][0]["pricingExpression"], usageUnit="h"
    )
    assert parse_skus([ram_as_hours], PROV) == {}


def test_local_ssd_is_a_gib_month_rate_turned_hourly_over_730_hours(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    ssd = rates[("local_ssd", "Local SSD", "us-central1", "OnDemand")]
    assert (ssd.usd, ssd.unit, ssd.sku_id) == (Decimal("0.08"), "GiBy.mo", "0002-LSSD-0011")
    assert ssd.usd_per_hour == Decimal("0.08") / 730
    assert ssd.usd_per_hour_for(Decimal(6000)) == Decimal(480) / 730


def test_local_ssd_of_other_machine_series_is_not_the_bundled_ssd_rate(sku_dicts):
    rates = parse_skus(sku_dicts, PROV)
    assert [r.sku_id for r in rates.values() if r.component == "local_ssd"] == ["0002-LSSD-0011"]


def test_committed_and_spot_local_ssd_rows_keep_their_usage_type(sku_dicts):
    ssd = next(s for s in sku_dicts if s["skuId"] == "0002-LSSD-0011")
    spot = dict(ssd, description="SSD backed Local Storage attached to Spot Preemptible VMs", category=dict(ssd["category"], usageType="Preemptible"))
    commit = dict(ssd, description="Commitment v1: Local SSD for 3 Years", category=dict(ssd["category"], usageType="Commit3Yr"))
    rates = parse_skus([spot, commit], PROV)
    assert set(rates) == {("local_ssd", "Local SSD", "us-central1", u) for u in ("Preemptible", "Commit3Yr")}


def test_local_ssd_priced_per_hour_is_not_read_as_a_month_rate(sku_dicts):
    ssd = next(s for s in sku_dicts if s["skuId"] == "0002-LSSD-0011")
    info = dict(ssd["pricingInfo"][0], pricingExpression=dict(ssd["pricingInfo"][0]["pricingExpression"], usageUnit="GiBy.h"))
    assert parse_skus([dict(ssd, pricingInfo=[info])], PROV) == {}
