"""The electricity table (advisor/data/electricity.toml): a state's price, else its country's, the EU
average, else the US default, each with its source; the onprem and edge plugins read the same table."""

from __future__ import annotations

from advisor.plugin import electricity_price


def test_a_us_state_takes_its_own_price_over_the_countrys():
    assert electricity_price("US", "US-CA").usd_per_kwh == 0.2391
    assert "California" in electricity_price("US", "US-CA").source
    assert electricity_price("US", "US-WY").usd_per_kwh == 0.10  # a state not listed: the US figure


def test_a_country_takes_its_row_else_the_eu_average_else_the_us_default_and_says_so():
    assert electricity_price("FI").usd_per_kwh == 0.098
    germany = electricity_price("DE")
    assert germany.usd_per_kwh == 0.22 and germany.source.startswith("EU non-household average")
    japan = electricity_price("JP")
    assert japan.usd_per_kwh == 0.10 and japan.source.startswith("no figure for JP in the reference; US default")


def test_the_onprem_plugin_prices_a_sites_power_from_the_same_table():
    from advisor_onprem.defaults import electricity

    assert electricity("US", "San Jose") == (0.2391, electricity_price("US", "US-CA").source)
    assert electricity("DE", "Munich") == (0.22, electricity_price("DE").source)
