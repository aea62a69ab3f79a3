"""compare_owned: break-even, payback, NPV and flip price for an owned and a cloud candidate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.costing import compare_owned, cost_component
from advisor.costing.owned import npv_stream
from advisor.model.offers import Hardware


def costed(build, offer, sizing, component=None):
    component = component or build.chat()
    return cost_component(build.workload(component), component, sizing, offer, build.venue(offer.provider))


def seed_pair(build, cloud_hours=720.0, utilisation=1.0):
    own_offer = build.owned_offer(build.seed_terms())
    own_sizing = build.sizing(units=1, utilisation=utilisation)
    cloud = build.offer()
    return own_offer, costed(build, own_offer, own_sizing), own_sizing, cloud, costed(build, cloud, build.sizing(hours=cloud_hours))


def test_seed_payback_against_the_instance_is_1_8_months(build):
    result = compare_owned(*seed_pair(build), horizon_months=36)
    assert result["payback_months"] == 1.8
    assert result["payback"] == "1.8 months"
    assert result["owned_usd_per_month"] == 233.33
    assert result["alternative_usd_per_month"] == 2_816.64
    assert result["owned_cheaper_now"] is True


def test_seed_break_even_utilisation_against_elastic_on_demand(build):
    result = compare_owned(*seed_pair(build), horizon_months=36)
    assert result["break_even_utilisation"] == pytest.approx(233.33 / 2_816.64, abs=0.001)


def test_seed_against_a_cheap_per_use_bill_never_pays_back_within_life(build):
    # 44 h a month of the instance (~$173): the seed's 5.5-year payback, beyond a 36-month life.
    result = compare_owned(*seed_pair(build, cloud_hours=44.2, utilisation=44.2 / 720), horizon_months=36)
    assert result["payback_months"] is None
    assert result["payback_status"] == "never_within_life"
    assert result["payback"].startswith("never within life (≈ 6")


def h100_pair(build, utilisation, price_per_gpu_hour=3.90, residual=0.10):
    terms = build.h100_terms(residual_fraction=residual)
    own_offer = build.owned_offer(terms, accelerators=8, sku="8xH100")
    own_sizing = build.sizing(units=1, utilisation=utilisation)
    cloud = build.offer(price=str(price_per_gpu_hour * 8)).model_copy(
        update={"hardware": Hardware(accelerator="H100-SXM", accelerator_count=8)}
    )
    cloud_cost = costed(build, cloud, build.sizing(hours=730 * utilisation))
    # the reference's monthly table uses no residual; NPV uses 10 %: cost the owned side without it
    own_cost = costed(build, build.owned_offer(build.h100_terms(), 8, "8xH100"), own_sizing)
    return own_offer, own_cost, own_sizing, cloud, cloud_cost


def test_h100_at_half_utilisation_matches_the_reference(build):
    result = compare_owned(*h100_pair(build, 0.5), horizon_months=48, price_decline_per_year=0.0)
    assert result["npv_alternative_usd"] == pytest.approx(477_552, abs=1)
    assert result["npv_alternative_declining_usd"] == pytest.approx(477_552, abs=1)
    assert result["flip_usd_per_accelerator_hour"] == pytest.approx(4.14, abs=0.005)
    assert result["payback_status"] == "never_within_life"
    assert result["owned_cheaper_over_horizon"] is False


@pytest.mark.parametrize(("price", "expected"), [(12.29, 0.16), (4.916, 0.41), (3.90, 0.52), (3.00, 0.68)])
def test_h100_break_even_utilisation_matches_the_reference(build, price, expected):
    result = compare_owned(*h100_pair(build, 0.5, price, residual=0.0), horizon_months=48)
    assert result["break_even_utilisation"] == pytest.approx(expected, abs=0.006)


def test_h100_npv_owned_uses_residual_and_straight_line_opex(build):
    result = compare_owned(*h100_pair(build, 0.9), horizon_months=48)
    assert result["npv_owned_usd"] == pytest.approx(516_593, abs=1)
    assert result["payback_months"] == pytest.approx(18.3, abs=0.05)
    assert result["owned_cheaper_over_horizon"] is True


def test_cloud_price_decline_lowers_the_alternative_npv(build):
    result = compare_owned(*h100_pair(build, 0.7), horizon_months=48, price_decline_per_year=0.10)
    assert result["npv_alternative_declining_usd"] < result["npv_alternative_usd"]
    assert result["price_decline_source"]


def test_flip_utilisation_is_where_npvs_tie(build):
    result = compare_owned(*h100_pair(build, 0.5), horizon_months=48)
    u = result["flip_utilisation"]
    assert 0.5 < u < 0.7  # NPV owned > cloud at 0.5, < at 0.7 in the reference table


def test_owned_never_wins_against_marketplace_prices(build):
    result = compare_owned(*h100_pair(build, 0.5, price_per_gpu_hour=1.87), horizon_months=48)
    assert result["break_even_utilisation"] is None
    assert result["flip_utilisation"] is None
    assert "never wins" in result["break_even_note"]


def test_against_a_reservation_utilisation_does_not_enter(build):
    own_offer, own_cost, own_sizing, _, _ = seed_pair(build)
    reserved = build.offer("reserved", "1.60", commitment_months=36)
    alt = costed(build, reserved, build.sizing(units=1))
    result = compare_owned(own_offer, own_cost, own_sizing, reserved, alt, 36)
    assert result["break_even_utilisation"] is None
    assert "utilisation does not enter" in result["break_even_note"]
    assert result["payback_months"] == pytest.approx(4_800 / (1.60 * 730 - 100), abs=0.05)
    assert result["flip_usd_per_hour"] is not None


def test_unpriced_side_gives_a_status_not_figures(build):
    own_offer = build.owned_offer(build.seed_terms(capex_usd=None))
    own_sizing = build.sizing()
    cloud = build.offer()
    result = compare_owned(
        own_offer, costed(build, own_offer, own_sizing), own_sizing, cloud, costed(build, cloud, build.sizing()), 36
    )
    assert result["status"] == "unpriced: owned side has no price"
    assert "payback_months" not in result


def test_already_owned_hardware_pays_back_immediately(build):
    own_offer = build.owned_offer(build.seed_terms(already_owned=True, capex_usd=Decimal(4_800)))
    own_sizing = build.sizing()
    cloud = build.offer()
    result = compare_owned(
        own_offer, costed(build, own_offer, own_sizing), own_sizing, cloud, costed(build, cloud, build.sizing()), 36
    )
    assert result["payback_status"] == "immediate"
    assert result["npv_owned_usd"] == pytest.approx(npv_stream(100, 36, 0.07), abs=0.01)
