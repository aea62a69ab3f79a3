"""Elastic billing a real fleet can deliver: whole units, a warm minimum, a scale-up lead, headroom."""

from __future__ import annotations

import pytest

from advisor.sizing.fleet import Fleet, fleet_unit_hours


def test_a_flat_small_load_bills_one_warm_unit_all_month():
    hours, words = fleet_unit_hours(60.6, 1.0, 1.0, 0.2, 178.0, busy_hours=248.5)
    assert hours == 730.0
    assert "at least 1 warm" in words


def test_a_peaky_load_runs_whole_units_at_peak_with_a_scale_up_lead():
    # 771 tok/s average (2 B tokens a month), peak 3x, units of 1,500 tok/s, 20 % headroom:
    # peak 2,313 tok/s -> 2 units for 25 % of the day + 15 minutes; trough 257 tok/s -> 1 unit
    hours, words = fleet_unit_hours(771.0, 3.0, 1.0, 0.2, 1500.0, busy_hours=375.2)
    share = (1 - 1 / 3) / (3 - 1 / 3)
    assert share == pytest.approx(0.25)
    lead = 0.25 / 24
    assert hours == pytest.approx(730 * ((share + lead) * 2 + (1 - share - lead) * 1))
    assert hours == pytest.approx(920.10, abs=0.01)
    assert hours > 375.2 * 1.2 * 1.9  # far above demand-following at zero lag (450 h)
    assert "2 at peak for 25% of the day" in words


def test_a_service_running_part_of_the_month_bills_its_duty_hours_only():
    hours, _ = fleet_unit_hours(30.0, 1.0, 0.5, 0.2, 500.0, busy_hours=21.9)
    assert hours == pytest.approx(365.0)


def test_more_warm_units_and_a_longer_lag_cost_more():
    base, _ = fleet_unit_hours(771.0, 3.0, 1.0, 0.2, 1500.0, busy_hours=375.2)
    warm2, _ = fleet_unit_hours(771.0, 3.0, 1.0, 0.2, 1500.0, busy_hours=375.2, fleet=Fleet(min_warm=2))
    slow, _ = fleet_unit_hours(771.0, 3.0, 1.0, 0.2, 1500.0, busy_hours=375.2, fleet=Fleet(scale_up_lag_hours=1.0))
    assert warm2 == pytest.approx(1460.0) and slow > base
