"""Operational carbon of a sized unit at a venue: energy × PUE × grid factor (Cloud Carbon Footprint's
method), with the defaults used where a venue gives no PUE or grid factor, each with its source."""

from __future__ import annotations

from advisor.model.offers import Venue
from advisor.model.records import Sizing

__all__ = ["CONSERVATIVE_GRID_KG_PER_KWH", "CONSERVATIVE_GRID_SOURCE", "DEFAULT_PUE", "DEFAULT_PUE_SOURCE", "carbon_kg"]

DEFAULT_PUE = 1.58
DEFAULT_PUE_SOURCE = "Uptime Institute industry average PUE 1.58 (2023), used where a venue gives none"
CONSERVATIVE_GRID_KG_PER_KWH = 0.76
CONSERVATIVE_GRID_SOURCE = (
    "the highest grid factor in Cloud Carbon Footprint's region table (ap-southeast-2), so an unknown "
    "location is never scored cleaner than a known one"
)


def carbon_kg(sizing: Sizing, venue: Venue) -> tuple[float | None, list[str]]:
    """Operational emissions: energy × PUE × grid factor (CCF method), and the assumptions made.

    A venue without a grid factor (an unknown DePIN location, a site that gives none) is charged the
    highest factor in the reference, so missing data never makes a venue look cleaner.
    """
    if sizing.energy_kwh_per_month is None:
        return None, ["carbon unknown: no power figure for this hardware"]
    notes = []
    pue = venue.pue
    if pue is None:
        pue = DEFAULT_PUE
        notes.append(f"PUE {DEFAULT_PUE} assumed ({DEFAULT_PUE_SOURCE})")
    grid = venue.grid_kgco2e_per_kwh
    if grid is None:
        grid = CONSERVATIVE_GRID_KG_PER_KWH
        notes.append(f"carbon is an estimate: grid factor unknown, {grid} kgCO2e/kWh assumed ({CONSERVATIVE_GRID_SOURCE})")
    return round(sizing.energy_kwh_per_month * pue * grid, 2), notes
