"""Property tests on the owned-hardware cost functions: monotone in what should raise a cost, exact inverses."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.costing.owned import break_even_utilisation, monthly_cost, payback
from advisor.model.offers import OwnedTerms

terms_strategy = st.builds(
    OwnedTerms,
    capex_usd=st.decimals(min_value=Decimal(1), max_value=Decimal(500_000), places=2),
    life_months=st.integers(12, 96),
    residual_fraction=st.floats(0, 0.5),
    maintenance_fraction_per_year=st.floats(0, 0.3),
    it_watts_max=st.floats(50, 12_000),
    it_watts_idle=st.floats(0, 50),
    pue=st.floats(1.0, 2.5),
    electricity_usd_per_kwh=st.decimals(min_value=Decimal(0), max_value=Decimal("0.6"), places=3),
    staff_fte_per_unit=st.floats(0, 0.5),
    staff_usd_per_fte_year=st.decimals(min_value=Decimal(0), max_value=Decimal(300_000), places=0),
)
fraction = st.floats(0, 1)


@settings(max_examples=200, deadline=None)
@given(terms_strategy, fraction, fraction)
def test_owned_cost_never_falls_as_utilisation_rises(terms, u1, u2):
    low, high = sorted((u1, u2))
    assert monthly_cost(terms, low).total <= monthly_cost(terms, high).total + 1e-9
    assert monthly_cost(terms, low).total > 0


@settings(max_examples=200, deadline=None)
@given(terms_strategy, fraction, st.floats(1.0, 2.5), st.decimals(min_value=Decimal(0), max_value=Decimal("0.6"), places=3))
def test_owned_cost_rises_with_pue_and_power_price(terms, u, pue, price):
    dearer = terms.model_copy(update={"pue": max(pue, terms.pue), "electricity_usd_per_kwh": max(price, terms.electricity_usd_per_kwh)})
    assert monthly_cost(dearer, u).total >= monthly_cost(terms, u).total - 1e-9


@settings(max_examples=200, deadline=None)
@given(terms_strategy, fraction, st.integers(12, 96))
def test_a_longer_life_never_raises_the_monthly_capital(terms, u, months):
    longer = terms.model_copy(update={"life_months": max(months, terms.life_months)})
    assert monthly_cost(longer, u).capital <= monthly_cost(terms, u).capital + 1e-9


@settings(max_examples=200, deadline=None)
@given(terms_strategy, st.floats(10, 2_000_000))
def test_break_even_utilisation_solves_owned_equals_cloud(terms, at_full):
    u = break_even_utilisation(lambda x: monthly_cost(terms, x).total, at_full)
    if u is None:
        assert monthly_cost(terms, 1.0).total > at_full * 1.0 - 1e-6 or at_full <= 0
    else:
        assert abs(monthly_cost(terms, u).total - at_full * u) <= 1e-6 * max(1.0, at_full)


@settings(max_examples=300, deadline=None)
@given(st.floats(1, 1e6), st.floats(0, 1e5), st.floats(0, 1e5), st.integers(1, 120))
def test_payback_recovers_the_purchase_exactly_or_says_never(capex_total, alternative, opex, life):
    result = payback(capex_total, alternative, opex, life)
    if result.status == "within_life":
        assert abs(result.months * (alternative - opex) - capex_total) <= 1e-6 * capex_total
        assert result.months <= life
    elif result.status == "never":
        assert alternative <= opex
    else:
        assert result.status == "never_within_life" and result.uncapped_months > life
