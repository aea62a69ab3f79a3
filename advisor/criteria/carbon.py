"""Operational carbon of a sized unit at a venue: energy × PUE × grid factor (Cloud Carbon Footprint's
method), with the default PUE where a venue gives none. A venue without a grid factor has unknown carbon,
shown with the range the known factors span (``advisor.reference.grid``)."""

from __future__ import annotations

from advisor.model.offers import Venue
from advisor.model.records import Sizing
from advisor.reference.grid import grid_range

__all__ = ["DEFAULT_PUE", "DEFAULT_PUE_SOURCE", "carbon_kg"]

DEFAULT_PUE = 1.58
DEFAULT_PUE_SOURCE = "Uptime Institute industry average PUE 1.58 (2023), used where a venue gives none"


def carbon_kg(sizing: Sizing, venue: Venue) -> tuple[float | None, list[str]]:
    """Operational emissions: energy × PUE × grid factor (CCF method), and the assumptions made.

    A venue without a grid factor (a DePIN host whose location is unknown, a site in a place the grid
    table does not know) gets no figure: the criterion scores it as unknown (0, and says so), and the
    note gives the range between the lowest and the highest known factors, never the dirtiest silently.
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
        lo, hi = grid_range()
        kwh = sizing.energy_kwh_per_month * pue
        notes.append(f"carbon unknown: no grid factor for this location; at the known factors, {lo:g} to {hi:g} "
                     f"kgCO2e/kWh (advisor/data/grid.toml), it would be {kwh * lo:,.0f} to {kwh * hi:,.0f} kg a month")
        return None, notes
    note = (venue.attributes or {}).get("grid_note")
    if isinstance(note, str) and note:
        notes.append(note)
    return round(sizing.energy_kwh_per_month * pue * grid, 2), notes
