"""Machine pricing rules: SKU composition with bundled local SSD, published totals used only as
published and only for the shape they priced, and the newer of the two chosen."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from advisor.model.offers import Provenance

from advisor_gcp.catalog import price
from advisor_gcp.compose import compose
from advisor_gcp.machines import Machine
from advisor_gcp.skus import LOCAL_SSD, Rate

OLD = Provenance(source="snapshot", as_of=datetime(2025, 3, 6, tzinfo=UTC), reference="old source")
NEW = Provenance(source="snapshot", as_of=datetime(2026, 7, 22, tzinfo=UTC), reference="new source")
A3 = Machine("a3-highgpu-8g", "a3-highgpu-8g", "A3", 208, 1872.0, "H100-SXM", 8, 6000.0, frozenset({"r1"}))
N1 = Machine("n1-standard-4", "n1-standard-4", "N1 Predefined", 4, 15.0, None, 0, 0.0, frozenset({"r1"}))


def _rate(component: str, name: str, usd: str, prov: Provenance = OLD, unit: str = "h", usage: str = "OnDemand") -> Rate:
    return Rate(component, name, "r1", usage, Decimal(usd), f"SKU-{component}", "", None, prov, unit)


def _rates(*rates: Rate) -> dict:
    return {r.key: r for r in rates}


A3_HOST = (_rate("cpu", "A3", "0.03"), _rate("ram", "A3", "0.002"), _rate("gpu", "H100-SXM", "10"))
SSD = _rate("local_ssd", LOCAL_SSD, "0.08", unit="GiBy.mo")


def _totals(machine: str, shape: dict, figures: dict, prov: Provenance = NEW) -> dict:
    from advisor_gcp.totals import parse_totals

    page = {"_source": {"as_of": prov.as_of.isoformat(), "reference": prov.reference}, "hours_per_month": 730,
            "machines": {machine: {"shape": shape, "cost": {"r1": figures}}}}
    return parse_totals({"pages": [page]})


def test_a3_composition_includes_6000_gib_of_local_ssd_over_730_hours():
    priced = compose(A3, "r1", "OnDemand", _rates(*A3_HOST, SSD))
    assert priced.price == 208 * Decimal("0.03") + 1872 * Decimal("0.002") + 80 + Decimal(480) / 730
    assert priced.components["local_ssd"]["hours_per_month"] == 730


def test_a3_without_its_local_ssd_rate_is_unpriced_not_cheaper():
    priced = compose(A3, "r1", "OnDemand", _rates(*A3_HOST))
    assert priced.price is None
    assert priced.missing == ("local_ssd",)


def test_monthly_committed_totals_become_hourly_over_730_hours_and_zero_is_no_price():
    totals = _totals("n1-standard-4", {"cpu": 4, "ram": 15}, {"hour": "0.2", "month_1y": "96.1921", "hour_spot": "0"})
    one_year = totals[("n1-standard-4", "r1", "Commit1Yr")]
    assert one_year.usd == Decimal("96.1921") / 730 and one_year.hours_per_month == 730
    assert totals[("n1-standard-4", "r1", "OnDemand")].usd == Decimal("0.2")
    assert ("n1-standard-4", "r1", "Preemptible") not in totals and ("n1-standard-4", "r1", "Commit3Yr") not in totals


def test_a_total_for_another_shape_is_not_used():
    totals = _totals("n1-standard-4", {"cpu": 4, "ram": 16}, {"hour": "0.2"})
    priced = price(N1, "r1", "OnDemand", {}, totals)
    assert priced.price is None and priced.basis == "sku_composition"


def test_a_total_with_the_bundled_ssd_is_used_as_published():
    totals = _totals("a3-highgpu-8g", {"cpu": 208, "ram": 1872, "h100-80gb": 8, "local-ssd": 6000}, {"hour": "88.49"})
    priced = price(A3, "r1", "OnDemand", _rates(SSD), totals)
    assert priced.price == Decimal("88.49") and priced.basis == "machine_total"
    assert priced.components["local_ssd"]["included_in_total"] is True


def test_a_total_without_the_bundled_ssd_gets_the_ssd_sku_added_or_stays_unpriced():
    totals = _totals("a3-highgpu-8g", {"cpu": 208, "ram": 1872, "h100-80gb": 8}, {"hour": "87.83"})
    with_ssd = price(A3, "r1", "OnDemand", _rates(SSD), totals)
    assert with_ssd.price == Decimal("87.83") + Decimal(480) / 730
    assert {p.reference for p in with_ssd.provenances} == {"new source", "old source"}
    without = price(A3, "r1", "OnDemand", {}, totals)
    assert without.price is None and without.missing == ("local_ssd",)


def test_the_newer_figure_wins_and_a_tie_goes_to_the_composition_that_shows_its_rates():
    n1_rates = (_rate("cpu", "N1 Predefined", "0.031611"), _rate("ram", "N1 Predefined", "0.004237"))
    newer_total = _totals("n1-standard-4", {"cpu": 4, "ram": 15}, {"hour": "0.209"}, NEW)
    assert price(N1, "r1", "OnDemand", _rates(*n1_rates), newer_total).price == Decimal("0.209")
    same_day = _totals("n1-standard-4", {"cpu": 4, "ram": 15}, {"hour": "0.19"}, OLD)
    tie = price(N1, "r1", "OnDemand", _rates(*n1_rates), same_day)
    assert tie.basis == "sku_composition" and tie.price == Decimal("0.189999")


def test_machines_with_attached_gpus_are_never_priced_from_a_bare_host_total():
    attached = Machine("n1-standard-4+1xT4", "n1-standard-4", "N1 Predefined", 4, 15.0, "T4", 1, 0.0, frozenset({"r1"}))
    totals = _totals("n1-standard-4", {"cpu": 4, "ram": 15}, {"hour": "0.209"})
    priced = price(attached, "r1", "OnDemand", {}, totals)
    assert priced.price is None and priced.missing == ("vcpu", "ram", "gpu")
