"""AWS regions as advisor venues, from the bundled regions table (coordinates, PUE, grid, attestations)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from advisor.plugin import Certification, Venue, read_json

PROVIDER = "aws"


@cache
def region_table() -> dict[str, Any]:
    return read_json("advisor_aws", "data/regions.json")


def venue_id(region: str) -> str:
    return f"{PROVIDER}:{region}"


def _certifications(programs: list[str], table: dict[str, Any]) -> tuple[Certification, ...]:
    retrieved = date.fromisoformat(table["retrieved"])
    names: list[str] = []
    for program in programs:
        names += [n for n in table["programs"][program] if n not in names]
    return tuple(
        Certification(name=n, source=table["certification_sources"][n], retrieved=retrieved) for n in names
    )


def build_venue(region: str) -> Venue:
    table = region_table()
    row = table["regions"][region]
    facts = table["venue_facts"]
    attributes = dict(facts["attributes"])
    if row.get("grid_note"):
        attributes["grid_note"] = row["grid_note"]
    return Venue(
        id=venue_id(region),
        provider=PROVIDER,
        kind="cloud",
        region=region,
        name=row["name"],
        country=row["country"],
        subdivision=row.get("subdivision"),
        metro=row["metro"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        certifications=_certifications(row["programs"], table),
        tenancy=facts["tenancy"],
        host_trust=facts["host_trust"],
        operator_jurisdiction=facts["operator_jurisdiction"],
        government=row.get("government", False),
        us_persons_only=row.get("us_persons_only", False),
        confidential_computing=tuple(facts["confidential_computing"]),
        supports_log_export=facts["supports_log_export"],
        pue=table["pue"],
        grid_kgco2e_per_kwh=row["grid"],
        attributes=attributes,
    )


def regions() -> tuple[str, ...]:
    return tuple(region_table()["regions"])


def all_venues() -> tuple[Venue, ...]:
    return tuple(build_venue(r) for r in regions())
