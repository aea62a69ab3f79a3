"""Places: metros with coordinates, country blocs, and network round-trip estimates without probes.

RTT model (reference: regulation.md §6): ``access + 2 · d_gc · k / v_f`` with fibre at 200 km/ms
and a route factor k of 1.4 between well-connected metros (2.1 for generic Internet paths).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache

from advisor.paths import data_file

FIBRE_KM_PER_MS = 200.0
ROUTE_FACTOR = 1.4
ACCESS_MS = {"lan": 0.5, "broadband": 10.0, "mobile-4g": 40.0, "mobile-5g": 15.0}
RTT_SOURCE = "model: access + 2·great-circle·1.4 / 200 km/ms (regulation reference §6; estimate)"

EU = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
EEA = EU | {"IS", "LI", "NO"}
#: EU adequacy decisions (European Commission list; US only for DPF-certified organisations).
GDPR_ADEQUATE = frozenset("AD AR CA FO GG IL IM JP JE NZ KR CH GB UY".split())
GDPR_ADEQUATE_CONDITIONAL = frozenset({"US"})
BLOCS: dict[str, frozenset[str]] = {"EU": EU, "EEA": EEA}
#: Areas as the cloud providers group their regions on their price and region pages.
EUROPE = EEA | {"GB", "CH"}
ASIA_PACIFIC = frozenset("AU NZ JP KR SG IN ID HK TW MY TH PH VN CN".split())


def area_of(country: str) -> str:
    """'United States', 'Europe', 'Asia-Pacific' or 'other': the areas a catalog's coverage is read by."""
    if country == "US":
        return "United States"
    if country in EUROPE:
        return "Europe"
    return "Asia-Pacific" if country in ASIA_PACIFIC else "other"


@dataclass(frozen=True)
class Metro:
    name: str
    country: str
    subdivision: str | None
    latitude: float
    longitude: float


@cache
def metros() -> dict[str, Metro]:
    """Known metros by lower-case name."""
    with data_file("metros.csv").open(encoding="utf-8") as fh:
        return {
            row["metro"].lower(): Metro(
                row["metro"], row["country"], row["subdivision"] or None, float(row["latitude"]), float(row["longitude"])
            )
            for row in csv.DictReader(fh)
        }


def find_metro(name: str) -> Metro | None:
    return metros().get(name.strip().lower())


def expand_places(places: list[str]) -> frozenset[str]:
    """ISO countries from a list of countries and bloc names (EU, EEA)."""
    out: set[str] = set()
    for p in places:
        out |= BLOCS.get(p.upper(), {p.upper()})
    return frozenset(out)


@cache
def iso_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes (advisor/data/iso3166.txt, with its source)."""
    text = data_file("iso3166.txt").read_text(encoding="utf-8")
    return frozenset(code for line in text.splitlines() if not line.startswith("#") for code in line.split())


COMMON_MISTAKES = {"UK": "GB", "EL": "GR"}
"""Codes people write that ISO assigns otherwise (the EU's own abbreviations)."""


def is_place(name: str) -> bool:
    """An ISO 3166-1 alpha-2 country code or a bloc name (EU, EEA)."""
    return name.upper() in BLOCS or name.upper() in iso_countries()


def place_hint(name: str) -> str:
    """' (did you mean 'GB'?)' for a known mistake, else ''."""
    fix = COMMON_MISTAKES.get(name.upper())
    return f" (did you mean '{fix}'?)" if fix else ""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def rtt_ms(distance_km: float, access: str = "broadband", route_factor: float = ROUTE_FACTOR) -> float:
    """Estimated round trip from a user on ``access`` to a venue ``distance_km`` away."""
    return ACCESS_MS[access] + 2.0 * distance_km * route_factor / FIBRE_KM_PER_MS
