"""Owned TCO formulas against the tco reference §2-§5, §10 and §11."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.costing import owned

U_TABLE = [  # u, metered energy, total straight-line, total annuity, per used GPU-h (tco §11)
    (0.3, 325.58, 11_661, 12_415, 6.66),
    (0.5, 445.30, 11_781, 12_534, 4.03),
    (0.7, 565.02, 11_901, 12_654, 2.91),
    (0.9, 684.74, 12_020, 12_774, 2.29),
]


@pytest.mark.parametrize(("u", "energy", "straight", "annuity", "per_used"), U_TABLE)
def test_h100_colocation_monthly_cost_matches_the_reference_table(build, u, energy, straight, annuity, per_used):
    terms = build.h100_terms()
    month = owned.monthly_cost(terms, u)
    assert month.power == pytest.approx(energy, abs=0.01)
    assert round(month.total) == straight
    assert round(owned.monthly_cost(terms, u, "annuity").total) == annuity
    assert month.total / (8 * 730 * u) == pytest.approx(per_used, abs=0.005)


def test_h100_heads_match_the_reference(build):
    month = owned.monthly_cost(build.h100_terms(), 0.3)
    assert month.capital == pytest.approx(5_208.33, abs=0.01)
    assert month.maintenance == pytest.approx(2_083.33, abs=0.01)
    assert month.colocation == pytest.approx(1_877.41, abs=0.01)
    assert month.staff == pytest.approx(1_666.67, abs=0.01)
    assert owned.capital_per_month(build.h100_terms(), "annuity") == pytest.approx(5_961.65, abs=0.01)


@pytest.mark.parametrize(
    ("price", "expected"), [(12.29, 0.16), (6.98, 0.29), (4.916, 0.41), (3.90, 0.52), (3.00, 0.68), (1.87, None)]
)
def test_break_even_utilisation_against_elastic_cloud(build, price, expected):
    terms = build.h100_terms()
    u_star = owned.break_even_utilisation(lambda u: owned.monthly_cost(terms, u).total, 8 * 730 * price)
    if expected is None:
        assert u_star is None
    else:
        assert u_star == pytest.approx(expected, abs=0.006)


NPV_TABLE = [  # u, NPV owned, NPV cloud at 3.90, flip price, payback vs 3.90, payback vs 4.916 (tco §11)
    (0.3, 501_532, 286_531, 6.83, None, None),
    (0.5, 506_552, 477_552, 4.14, None, 32.1),
    (0.7, 511_573, 668_573, 2.98, 27.0, 18.7),
    (0.9, 516_593, 859_594, 2.34, 18.3, 13.1),
]


@pytest.mark.parametrize(("u", "npv_own", "npv_cloud", "flip", "pay_390", "pay_4916"), NPV_TABLE)
def test_h100_npv_flip_price_and_payback(build, u, npv_own, npv_cloud, flip, pay_390, pay_4916):
    terms = build.h100_terms()
    opex = owned.monthly_cost(terms, u).opex
    npv = owned.npv_owned(250_000, opex, 25_000, 48, 48, 0.07)
    assert npv == pytest.approx(npv_own, abs=1)
    assert owned.npv_stream(8 * 730 * u * 3.90, 48, 0.07) == pytest.approx(npv_cloud, abs=1)
    assert npv / owned.npv_stream(8 * 730 * u, 48, 0.07) == pytest.approx(flip, abs=0.005)
    for price, expected in ((3.90, pay_390), (4.916, pay_4916)):
        result = owned.payback(250_000, 8 * 730 * u * price, opex, 48)
        if expected is None:
            assert result.months is None and result.status == "never_within_life"
            assert result.uncapped_months > 48
        else:
            assert result.months == pytest.approx(expected, abs=0.05)


def test_payback_never_within_life_is_reported_as_such_not_as_a_long_number(build):
    result = owned.payback(250_000, 8 * 730 * 0.3 * 3.90, owned.monthly_cost(build.h100_terms(), 0.3).opex, 48)
    assert result.months is None
    assert result.describe() == "never within life (≈ 658 months)"


def test_payback_never_when_the_alternative_is_cheaper_than_running_costs():
    result = owned.payback(4_800, 90.0, 100.0, 36)
    assert result.months is None and result.status == "never"


def test_seed_owned_cost_as_stated_is_233_33_a_month(build):
    month = owned.monthly_cost(build.seed_terms(), 1.0)
    assert month.total == pytest.approx(233.33, abs=0.005)
    assert month.total / 157.0752 == pytest.approx(1.49, abs=0.005)


def test_seed_payback_against_the_instance_running_24x7_is_1_8_months(build):
    opex = owned.monthly_cost(build.seed_terms(), 1.0).opex
    result = owned.payback(4_800, 3.912 * 720, opex, 36)
    assert result.months == pytest.approx(1.77, abs=0.005)
    assert result.describe() == "1.8 months"


def test_seed_with_the_critics_tco_costs_about_1107_a_month(build):
    terms = build.seed_terms(maintenance_fraction_per_year=0.10, staff_fte_per_unit=1 / 20, staff_usd_per_fte_year=Decimal(200_000))
    assert owned.monthly_cost(terms, 1.0).total == pytest.approx(1_106.67, abs=0.01)


def test_higher_pue_raises_only_the_power_head(build):
    flat_free = {"power_usd_per_month": None}
    low = owned.monthly_cost(build.seed_terms(pue=1.2, **flat_free), 0.5)
    high = owned.monthly_cost(build.seed_terms(pue=1.8, **flat_free), 0.5)
    kwh = (232 + 0.5 * (480 - 232)) / 1000 * 730
    assert high.power - low.power == pytest.approx(kwh * 0.6 * 0.10)
    assert (high.capital, high.staff, high.maintenance) == (low.capital, low.staff, low.maintenance)


def test_power_price_scales_power_linearly(build):
    base = owned.monthly_cost(build.seed_terms(power_usd_per_month=None), 0.5).power
    double = owned.monthly_cost(build.seed_terms(power_usd_per_month=None, electricity_usd_per_kwh=Decimal("0.20")), 0.5).power
    assert double == pytest.approx(2 * base)
    assert base == pytest.approx(0.356 * 730 * 1.58 * 0.10)


def test_flat_power_bill_overrides_watts(build):
    assert owned.monthly_cost(build.seed_terms(), 0.1).power == 100.0
    assert owned.monthly_cost(build.seed_terms(), 0.9).power == 100.0


def test_staff_cost_follows_fte_and_salary(build):
    terms = build.seed_terms(staff_fte_per_unit=0.05, staff_usd_per_fte_year=Decimal(240_000))
    assert owned.monthly_cost(terms, 1.0).staff == pytest.approx(1_000.0)


def test_longer_life_lowers_capital_shorter_raises_it(build):
    assert owned.monthly_cost(build.seed_terms(life_months=48), 1.0).capital == pytest.approx(100.0)
    assert owned.monthly_cost(build.seed_terms(life_months=24), 1.0).capital == pytest.approx(200.0)


def test_residual_value_lowers_straight_line_capital(build):
    assert owned.capital_per_month(build.seed_terms(residual_fraction=0.1)) == pytest.approx(4_320 / 36)


def test_already_owned_hardware_carries_no_capital_but_keeps_maintenance(build):
    terms = build.seed_terms(already_owned=True, maintenance_fraction_per_year=0.1)
    month = owned.monthly_cost(terms, 1.0)
    assert month.capital == 0.0
    assert month.maintenance == pytest.approx(40.0)
    assert owned.payback(owned.capex(terms), 2_000, month.opex, 36).status == "immediate"


def test_colocation_mode_does_not_apply_pue_to_metered_energy(build):
    with_colo = owned.monthly_cost(build.h100_terms(pue=2.5), 0.5)
    assert with_colo.power == pytest.approx(445.30, abs=0.01)


def test_annuity_at_zero_rate_equals_straight_line(build):
    terms = build.seed_terms(discount_rate_per_year=0.0)
    assert owned.capital_per_month(terms, "annuity") == pytest.approx(owned.capital_per_month(terms))


def test_npv_over_two_lives_buys_the_unit_twice():
    one = owned.npv_owned(1_000, 0.0, 0.0, 12, 12, 0.0)
    two = owned.npv_owned(1_000, 0.0, 0.0, 24, 12, 0.0)
    assert (one, two) == (1_000, 2_000)


def test_npv_at_a_horizon_short_of_life_recovers_book_value():
    assert owned.npv_owned(1_200, 0.0, 0.0, 6, 12, 0.0) == pytest.approx(600)


def test_declining_cloud_price_lowers_cloud_npv():
    assert owned.npv_stream(1_000, 48, 0.07, 0.10) < owned.npv_stream(1_000, 48, 0.07)
    assert owned.npv_stream(1_000, 12, 0.0, 0.0) == pytest.approx(12_000)


def test_api_break_even_tokens_at_1_10_per_million():
    assert owned.break_even_tokens_millions(1_107, 1.10) == pytest.approx(1_006.4, abs=0.1)
    assert owned.break_even_tokens_millions(1_107, 0.0) is None


def test_unknown_capital_method_is_refused(build):
    with pytest.raises(ValueError, match="capital method"):
        owned.capital_per_month(build.seed_terms(), "double_declining")
