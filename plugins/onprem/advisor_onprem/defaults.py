"""The plugin's documented defaults (defaults.toml), with the source of each value."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from advisor.plugin import electricity_price, find_metro


@cache
def defaults() -> dict[str, Any]:
    return tomllib.loads(resources.files("advisor_onprem").joinpath("defaults.toml").read_text(encoding="utf-8"))


def electricity(country: str, metro: str) -> tuple[float, str]:
    """$/kWh for a site without its own figure: the core table's (``advisor.plugin.electricity_price``)
    for the metro's state, else its country, the EU, else the US default."""
    found = find_metro(metro)
    subdivision = found.subdivision if found and found.country == country else None
    price = electricity_price(country, subdivision)
    return price.usd_per_kwh, price.source


def device_watts(device: str) -> tuple[float, float, str]:
    """(idle W, max W, source) of one device from the fallback table, or the unknown estimate."""
    table = defaults()["device_watts"]
    for name, pair in table.items():
        if isinstance(pair, list) and name.lower() == device.lower():
            return float(pair[0]), float(pair[1]), table["device_source"]
    peak = float(table["unknown_watts"])
    return peak / 10.0, peak, table["unknown_source"]
