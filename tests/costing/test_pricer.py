"""The per-record billing definition (``tests/oracles.figures``) states the figures ``cost_component``
states, for every billing model; ``test_columns`` holds the production column pricing to it."""

from __future__ import annotations

import pytest

from advisor.costing import cost_component
from tests.costing.conftest import PRICE_SHAPES
from tests.oracles import figures


@pytest.mark.parametrize("billing, extra", [(billing, dict(extra)) for billing, extra in PRICE_SHAPES])
def test_oracle_figures_equal_the_costed_record(build, billing, extra):
    price = extra.pop("usd_per_hour", "3.912")
    offer = build.offer(billing, price=price, **extra)
    for component in (build.chat(egress_gb_per_month=5000), build.chat(), build.tuning()):
        sizing = build.sizing(units=3, hours=1234.5, utilisation=0.4)
        cost = cost_component(None, component, sizing, offer, build.venue())
        assert figures(component, sizing, offer, build.venue()) == (
            cost.usd_per_month,
            cost.usd_per_million_output_tokens,
        )


def test_oracle_prices_owned_hardware_like_cost_component(build):
    offer = build.owned_offer(build.seed_terms())
    sizing = build.sizing(units=1, utilisation=0.5)
    cost = cost_component(None, build.chat(), sizing, offer, build.venue("onprem", "onprem"))
    usd, per_million = figures(build.chat(), sizing, offer, build.venue("onprem", "onprem"))
    assert (usd, per_million) == (cost.usd_per_month, cost.usd_per_million_output_tokens)
    assert usd == 233.33


def test_oracle_gives_no_figure_for_an_infeasible_sizing(build):
    assert figures(build.chat(), build.sizing(feasible=False), build.offer(), build.venue()) == (None, None)
