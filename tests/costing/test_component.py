"""cost_component: each billing model, unpriced offers, egress, $/M tokens, basis."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advisor.costing import HEADS, cost_component


def run(build, offer, sizing, component=None, venue=None, **options):
    component = component or build.chat()
    return cost_component(build.workload(component), component, sizing, offer, venue or build.venue(), **options)


def test_on_demand_bills_the_demand_following_hours(build):
    cost = run(build, build.offer(), build.sizing(units=2, hours=1_034))
    assert cost.usd_per_month == pytest.approx(1_034 * 3.912, abs=0.005)
    assert cost.basis == "2 × g4dn.12xlarge on demand, 1,034 h at $3.912/h (billed as demand follows)."
    assert cost.breakdown["compute"] == cost.usd_per_month
    assert set(cost.breakdown) == set(HEADS)


def test_seed_instance_left_running_for_720_hours_costs_2816_64(build):
    cost = run(build, build.offer(), build.sizing(units=1, hours=720))
    assert cost.usd_per_month == 2_816.64
    assert cost.usd_per_million_output_tokens == pytest.approx(17.93, abs=0.005)


def test_on_demand_left_running_bills_730_hours_per_unit(build):
    cost = run(build, build.offer(), build.sizing(units=2, hours=100), elastic_on_demand=False)
    assert cost.usd_per_month == pytest.approx(2 * 730 * 3.912, abs=0.005)
    assert "left running 24 × 7" in cost.basis


def test_spot_adds_the_checkpoint_overhead_of_the_providers_worst_published_band(build):
    # AWS with no band on the offer: >20 % a month read as 30 %, M = 730 / 0.3 h; Young/Daly with a
    # 5-minute checkpoint and a 15-minute restart: sqrt(2 x 0.0833 / M) + 0.25 / M = 0.838 %
    cost = run(build, build.offer("spot", "1.20"), build.sizing(units=1, hours=500))
    m = 730 / 0.30
    assert cost.usd_per_month == pytest.approx(round(500 * 1.20 * (1 + (2 * 0.0833 / m) ** 0.5 + 0.25 / m), 2))
    assert "0.8% interruption overhead" in cost.basis and "Spot Instance Advisor" in cost.basis


def test_marketplace_uses_the_offers_own_interruption_overhead(build):
    cost = run(build, build.offer("marketplace", "1.00", interruption_overhead=0.25), build.sizing(hours=400))
    assert cost.usd_per_month == pytest.approx(500.0)


@pytest.mark.parametrize("billing", ["reserved", "savings_plan", "committed_use"])
def test_committed_terms_bill_every_unit_all_month_whatever_the_utilisation(build, billing):
    busy = run(build, build.offer(billing, "2.00", commitment_months=36), build.sizing(units=3, hours=2_000, utilisation=0.9))
    idle = run(build, build.offer(billing, "2.00", commitment_months=36), build.sizing(units=3, hours=200, utilisation=0.1))
    assert busy.usd_per_month == idle.usd_per_month == pytest.approx(3 * 730 * 2.00)
    assert "utilisation does not lower it" in busy.basis


def test_all_upfront_reservation_spreads_the_fee_over_the_term(build):
    offer = build.offer("reserved", None, upfront_usd=Decimal(26_280), commitment_months=36)
    cost = run(build, offer, build.sizing(units=1))
    assert cost.usd_per_month == pytest.approx(730.0)


def test_subscription_is_monthly_plus_upfront_over_the_commitment(build):
    offer = build.offer("subscription", None, monthly_usd=Decimal(5_000), upfront_usd=Decimal(36_000), commitment_months=36)
    cost = run(build, offer, build.sizing(units=2))
    assert cost.usd_per_month == pytest.approx(2 * (5_000 + 1_000))


def test_a_subscription_on_the_customers_site_also_pays_the_sites_electricity(build):
    """A provider-managed device at the customer's site: the fee covers the device, the site pays its power,
    the sizing's energy (the figure carbon uses) x PUE x the site's price: 300 kWh x 1.5 x $0.25 = $112.50."""
    offer = build.offer("subscription", None, monthly_usd=Decimal(1_500))
    site = build.venue("azure-stack-edge", "edge").model_copy(update={"pue": 1.5, "electricity_usd_per_kwh": 0.25})
    sizing = build.sizing().model_copy(update={"energy_kwh_per_month": 300.0})
    cost = run(build, offer, sizing, venue=site)
    assert cost.usd_per_month == 1_612.50
    assert (cost.breakdown["compute"], cost.breakdown["power"]) == (1_500.0, 112.50)
    assert "site power 300.0 kWh × PUE 1.5 × $0.25/kWh = $112.50" in cost.basis
    # a cloud region's price includes its power; a device of unknown watts says its power is left out
    assert run(build, offer, sizing).usd_per_month == 1_500.0
    unknown = run(build, offer, build.sizing(), venue=site)
    assert unknown.usd_per_month == 1_500.0 and "power for g4dn.12xlarge NOT included" in unknown.basis


def test_subscription_without_any_price_is_unpriced(build):
    cost = run(build, build.offer("subscription", None), build.sizing())
    assert cost.usd_per_month is None
    assert cost.basis.startswith("unpriced:")


def test_unpriced_offer_is_none_never_zero(build):
    cost = run(build, build.offer(price=None), build.sizing())
    assert cost.usd_per_month is None
    assert cost.usd_per_million_output_tokens is None
    assert cost.basis == "unpriced: no on demand price published for g4dn.12xlarge at aws:here"


def test_infeasible_sizing_is_not_costed(build):
    cost = run(build, build.offer(), build.sizing(feasible=False))
    assert cost.usd_per_month is None and "infeasible" in cost.basis


def test_owned_seed_box_costs_its_tco_and_per_token_price(build):
    cost = run(build, build.owned_offer(build.seed_terms()), build.sizing(units=1, utilisation=0.3))
    assert cost.usd_per_month == pytest.approx(233.33)
    assert cost.breakdown["capital"] == pytest.approx(133.33)
    assert cost.breakdown["power"] == 100.0
    assert cost.breakdown["compute"] == 0.0
    assert cost.usd_per_million_output_tokens == pytest.approx(1.49, abs=0.005)
    assert cost.owned["capex_usd"] == 4_800
    assert cost.owned["usd_per_provisioned_accelerator_hour"] == pytest.approx(233.33 / (4 * 730), abs=1e-4)
    assert "$4,800 over 36 months straight-line" in cost.basis


def test_owned_cost_scales_with_units(build):
    one = run(build, build.owned_offer(build.h100_terms(), 8), build.sizing(units=1, utilisation=0.3))
    two = run(build, build.owned_offer(build.h100_terms(), 8), build.sizing(units=2, utilisation=0.3))
    assert one.usd_per_month == pytest.approx(11_661.33, abs=0.01)
    assert two.usd_per_month == pytest.approx(2 * 11_661.33, abs=0.02)
    assert one.owned["usd_per_used_accelerator_hour"] == pytest.approx(6.66, abs=0.005)


def test_owned_annuity_method_is_available(build):
    cost = run(build, build.owned_offer(build.h100_terms(), 8), build.sizing(utilisation=0.3), capital_method="annuity")
    assert cost.usd_per_month == pytest.approx(12_415, abs=1)


def test_owned_without_a_purchase_price_is_unpriced(build):
    cost = run(build, build.owned_offer(build.seed_terms(capex_usd=None)), build.sizing())
    assert cost.usd_per_month is None
    assert cost.basis.startswith("unpriced: purchase price of 4xT4 unknown")


def test_already_owned_without_a_price_is_costed_by_running_costs(build):
    cost = run(build, build.owned_offer(build.seed_terms(capex_usd=None, already_owned=True)), build.sizing())
    assert cost.usd_per_month == 100.0
    assert "already owned" in cost.basis


def test_aws_egress_is_added_at_the_first_tier_rate(build):
    cost = run(build, build.offer(), build.sizing(hours=720), build.chat(egress_gb_per_month=1_000))
    assert cost.breakdown["egress"] == pytest.approx(90.0)
    assert cost.usd_per_month == pytest.approx(2_816.64 + 90.0)
    assert "egress 1,000 GB/month = $90.00" in cost.basis


def test_owned_egress_is_free_unless_the_venue_says_otherwise(build):
    offer = build.owned_offer(build.seed_terms())
    free = run(build, offer, build.sizing(), build.chat(egress_gb_per_month=1_000), build.venue("onprem", "onprem"))
    metered = run(
        build, offer, build.sizing(), build.chat(egress_gb_per_month=1_000), build.venue("onprem", "onprem", egress_usd_per_gb=0.01)
    )
    assert free.breakdown["egress"] == 0.0
    assert metered.breakdown["egress"] == pytest.approx(10.0)


def test_unknown_egress_rate_is_said_not_added_as_zero(build):
    offer = build.offer("marketplace", "1.00", provider="vastai")
    cost = run(build, offer, build.sizing(hours=100), build.chat(egress_gb_per_month=500), build.venue("vastai", "depin"))
    from advisor.costing.availability import checkpoint_overhead

    assert cost.usd_per_month == pytest.approx(round(100 * (1 + checkpoint_overhead(1.0)), 2))
    assert "egress of 500 GB/month NOT included" in cost.basis


def test_reasoning_multiplier_spreads_cost_over_all_generated_tokens(build):
    plain = run(build, build.offer(), build.sizing(hours=720), build.chat())
    thinking = run(build, build.offer(), build.sizing(hours=720), build.chat(reasoning_multiplier=4.0))
    assert thinking.usd_per_million_output_tokens == pytest.approx(plain.usd_per_million_output_tokens / 4, abs=0.01)


def test_training_components_have_no_per_token_price(build):
    cost = run(build, build.offer(), build.sizing(hours=72), build.tuning())
    assert cost.usd_per_month == pytest.approx(72 * 3.912, abs=0.005)
    assert cost.usd_per_million_output_tokens is None


def test_a_commitment_beyond_the_horizon_is_costed_at_its_full_obligation_when_kept(build):
    three_year = build.offer("reserved", "2.00", commitment_months=36)
    kept = run(build, three_year, build.sizing(units=1, hours=730), horizon_months=6)
    assert kept.usd_per_month == pytest.approx(730 * 2.00 * 36 / 6)
    assert "owed in full: × 36/6" in kept.basis
    within = run(build, build.offer("reserved", "2.00", commitment_months=12), build.sizing(units=1), horizon_months=24)
    assert within.usd_per_month == pytest.approx(730 * 2.00)
