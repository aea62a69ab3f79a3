"""Where a DePIN host is: a city and country from the marketplace turned into venue coordinates.

Coordinates come from the core metro table when the city is known there, else from the country's
capital (bundled ``data/countries.csv``, an approximation that is marked on the venue), else the
location is unknown and the venue says so instead of pretending to know.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from advisor.plugin import HostTrust, Venue, find_metro, grid_factor

UNKNOWN_COUNTRY = "ZZ"
"""ISO 3166 user-assigned code, used for 'unknown'; residency rules can never be satisfied by it."""


@dataclass(frozen=True)
class Location:
    country: str
    metro: str
    latitude: float | None
    longitude: float | None
    precision: str  # "metro" | "country-capital" | "unknown"
    subdivision: str | None = None


@cache
def _capitals() -> dict[str, tuple[str, float, float]]:
    text = resources.files("advisor_depin").joinpath("data/countries.csv").read_text(encoding="utf-8")
    return {r["country"]: (r["capital"], float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(text.splitlines())}


def locate(city: str | None, country: str | None) -> Location:
    """The best coordinates for a host in ``city``, ``country`` (either may be missing)."""
    cc = (country or "").strip().upper()
    metro = find_metro(city) if city else None
    if metro is not None and (not cc or metro.country == cc):
        return Location(metro.country, metro.name, metro.latitude, metro.longitude, "metro", metro.subdivision)
    if len(cc) == 2 and cc in _capitals():
        capital, lat, lon = _capitals()[cc]
        return Location(cc, (city or capital).strip(), lat, lon, "country-capital")
    return Location(UNKNOWN_COUNTRY, "unknown", None, None, "unknown")


def slug(text: str) -> str:
    """A lower-case id fragment: 'São Paulo' → 'são-paulo'."""
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-") or "unknown"


def depin_venue(
    provider: str,
    region: str,
    location: Location,
    *,
    host_trust: HostTrust,
    name: str | None = None,
    certifications: tuple[Any, ...] = (),
    confidential_computing: tuple[str, ...] = (),
    attributes: dict[str, Any] | None = None,
) -> Venue:
    """A DePIN venue: no operator jurisdiction (unknown), location precision recorded in attributes."""
    attrs: dict[str, Any] = {"location_precision": location.precision, "location_known": location.precision != "unknown"}
    if location.precision == "country-capital":
        attrs["location_note"] = "coordinates of the country's capital: the host's city is not in the metro table"
    elif location.precision == "unknown":
        attrs["location_note"] = (
            "host location unknown: country 'ZZ' is a placeholder and there are no coordinates; "
            "residency rules cannot pass and latency is unknown"
        )
    attrs.update(attributes or {})
    grid = grid_factor(location.country, location.subdivision) if location.precision != "unknown" else None
    if grid is not None:
        attrs["grid_note"] = f"the host's {grid.note}"
    return Venue(
        id=f"{provider}:{region}",
        provider=provider,
        kind="depin",
        region=region,
        name=name,
        country=location.country,
        subdivision=location.subdivision,
        metro=location.metro,
        latitude=location.latitude,
        longitude=location.longitude,
        certifications=certifications,
        tenancy="shared",
        host_trust=host_trust,
        operator_jurisdiction=None,
        confidential_computing=confidential_computing,
        grid_kgco2e_per_kwh=None if grid is None else grid.kg_per_kwh,
        attributes=attrs,
    )
