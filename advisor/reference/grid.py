"""Grid carbon intensity by country or US state, for venues that state none (``advisor/data/grid.toml``).

One table for every plugin: a DePIN host's country, a customer site's metro, an AWS Local Zone's
location. A location the table does not know has no factor: carbon is then unknown, shown with the
table's range, never charged the dirtiest factor in silence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.paths import data_table

__all__ = ["GridFactor", "grid_factor", "grid_range"]


@dataclass(frozen=True)
class GridFactor:
    kg_per_kwh: float
    note: str
    """Where the figure comes from, for the venue's ``grid_note``."""


def _table() -> dict[str, Any]:
    return data_table("grid.toml")


def grid_factor(country: str | None, subdivision: str | None = None) -> GridFactor | None:
    """The factor of a US state (``US-VA``) or of a country outside the US; None when not known."""
    data = _table()
    if subdivision and subdivision in data["subdivisions"]:
        row, place = data["subdivisions"][subdivision], subdivision
    elif country and country != "US" and country in data["countries"]:
        row, place = data["countries"][country], country
    else:
        return None
    return GridFactor(float(row["grid"]), f"grid factor of {place}: {row['region']} ({data['source']})")


def grid_range() -> tuple[float, float]:
    """The lowest and highest factors in the table: the range an unknown location's carbon is shown with."""
    data = _table()
    values = [float(r["grid"]) for part in ("countries", "subdivisions") for r in data[part].values()]
    return min(values), max(values)
