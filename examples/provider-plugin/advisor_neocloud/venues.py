"""NeoCloud regions as venues, from the table shipped in the package.

Price APIs rarely say anything about compliance or carbon, so these facts live in a dated table with
a source for each; the rules read them (never the provider's name).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from advisor.plugin import Certification, Venue, read_json

from advisor_neocloud.api import PROVIDER


@cache
def build_venues() -> dict[str, Venue]:
    """Venues by region id (``eu-ams-1``), one per region NeoCloud prices in."""
    table = read_json("advisor_neocloud", "data/venues.json")
    retrieved = date.fromisoformat(table["certifications_retrieved"])
    venues: dict[str, Venue] = {}
    for region, row in sorted(table["regions"].items()):
        venues[region] = Venue(
            id=f"{PROVIDER}:{region}",
            provider=PROVIDER,
            kind="cloud",
            region=region,
            name=row["name"],
            country=row["country"],
            subdivision=row.get("subdivision"),
            metro=row["metro"],
            latitude=row["lat"],
            longitude=row["lon"],
            certifications=tuple(
                Certification(name=name, source=table["certification_source"], retrieved=retrieved)
                for name in row["certs"]
            ),
            tenancy="shared",
            host_trust="vetted_dc",
            operator_jurisdiction=table["operator_jurisdiction"],
            supports_log_export=True,
            pue=table["pue"],
            grid_kgco2e_per_kwh=row["grid"],
            attributes={
                "example": True,
                "eu_data_boundary": bool(row["eu"]),
                "key_custody": "provider_managed",
                "pue_source": table["pue_source"],
                "grid_source": f"{table['grid_source']}: {row['grid_basis']}",
            },
        )
    return venues
