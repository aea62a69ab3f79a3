"""Azure regions as venues, from the bundled region table (no Azure API gives certifications)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from advisor.plugin import Certification, Venue, read_json

from advisor_azure.sizes import VmSize

PROVIDER = "azure"
#: Microsoft adheres to the EU-US Data Privacy Framework (https://www.dataprivacyframework.gov/list).
DPF_SOURCE = "https://www.dataprivacyframework.gov/list"


@cache
def region_table() -> dict[str, Any]:
    return read_json("advisor_azure", "data/regions.json")


def venue_id(region: str) -> str:
    return f"{PROVIDER}:{region}"


def _certifications(table: dict[str, Any], set_name: str) -> tuple[Certification, ...]:
    retrieved = date.fromisoformat(table["certifications_retrieved"])
    sources = table["certification_sources"]
    return tuple(
        Certification(name=name, source=sources[name], retrieved=retrieved)
        for name in table["certification_sets"][set_name]
    )


def build_venues(sizes: Iterable[VmSize]) -> dict[str, Venue]:
    """One venue per bundled region; TEEs from the region plus the confidential families offered there."""
    table = region_table()
    tees: dict[str, set[str]] = {}
    for size in sizes:
        for region in size.regions:
            tees.setdefault(region, set()).update(size.confidential)
    venues = {}
    for region, row in table["regions"].items():
        government = bool(row.get("government", False))
        venues[region] = Venue(
            id=venue_id(region),
            provider=PROVIDER,
            kind="cloud",
            region=region,
            name=f"Azure {row['name']}",
            country=row["country"],
            subdivision=row.get("subdivision"),
            metro=row["metro"],
            latitude=row["lat"],
            longitude=row["lon"],
            certifications=_certifications(table, row["certs"]),
            tenancy="shared",
            host_trust="hyperscaler_dc",
            operator_jurisdiction="US",
            government=government,
            us_persons_only=government,
            confidential_computing=tuple(sorted(set(row["confidential"]) | tees.get(region, set()))),
            supports_log_export=True,
            pue=table["pue"],
            grid_kgco2e_per_kwh=row["grid"],
            attributes={
                "dpf_certified": True,
                "dpf_source": DPF_SOURCE,
                "eu_data_boundary": bool(row.get("eu", False)),
                "key_custody": "cmk",
                "cloud": "Azure Government" if government else "Azure (global)",
                "pue_source": table["pue_source"],
            },
        )
    return venues
