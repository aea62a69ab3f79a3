"""Electricity price by US state or country, for a customer site that states none (``advisor/data/electricity.toml``).

One table for every plugin whose hardware the customer's site powers: owned servers and provider-managed
edge devices. Unlike the grid factor, a price is always given: a state's, a country's, the EU average,
else the US default, each with its source, so the assumption is visible where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.paths import data_table
from advisor.reference.geo import EU

__all__ = ["ElectricityPrice", "electricity_price"]


@dataclass(frozen=True)
class ElectricityPrice:
    usd_per_kwh: float
    source: str


def electricity_price(country: str | None, subdivision: str | None = None) -> ElectricityPrice:
    """$/kWh of a US state (``US-VA``), else of the country, else the EU average, else the US default."""
    table = data_table("electricity.toml")
    for key, part in ((subdivision, "subdivisions"), (country, "countries")):
        row = table[part].get(key) if key else None
        if row is not None:
            return ElectricityPrice(float(row["usd_per_kwh"]), row["source"])
    if country in EU:
        return ElectricityPrice(float(table["eu_usd_per_kwh"]), table["eu_source"])
    return ElectricityPrice(float(table["default_usd_per_kwh"]),
                            f"no figure for {country or 'an unknown country'} in the reference; {table['default_source']}")
