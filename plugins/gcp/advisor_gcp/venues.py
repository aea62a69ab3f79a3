"""Google Cloud regions as venues, from the bundled region table (no billing API gives certifications)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from advisor.plugin import Certification, Venue, read_json

PROVIDER = "gcp"
#: Google LLC participates in the EU-US Data Privacy Framework (https://www.dataprivacyframework.gov/list).
DPF_SOURCE = "https://www.dataprivacyframework.gov/list"
#: Confidential VM: AMD SEV-SNP and Intel TDX (regulation reference §5).
CONFIDENTIAL_SOURCE = "https://cloud.google.com/confidential-computing/confidential-vm/docs/supported-configurations"


@cache
def region_table() -> dict[str, Any]:
    return read_json("advisor_gcp", "data/regions.json")


def _certifications(table: dict[str, Any], set_name: str) -> tuple[Certification, ...]:
    retrieved = date.fromisoformat(table["certifications_retrieved"])
    return tuple(
        Certification(name=n, source=table["certification_sources"][n], retrieved=retrieved)
        for n in table["certification_sets"][set_name]
    )


def _attributes(table: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "dpf_certified": True,
        "dpf_source": DPF_SOURCE,
        "eu_data_boundary": False,
        "key_custody": "cmk",
        "pue_source": table["pue_source"],
        "confidential_source": CONFIDENTIAL_SOURCE,
    }
    if row.get("aw"):
        attrs["assured_workloads_regimes"] = table["assured_workloads"][row["aw"]]
        attrs["assured_workloads_source"] = table["assured_workloads_source"]
        if row["aw"] == "eu":
            attrs["eu_data_boundary_option"] = "Assured Workloads EU_DATA_BOUNDARY_AND_SUPPORT (opt-in folder)"
    return attrs


def build_venues() -> dict[str, Venue]:
    """One commercial venue per bundled region; Assured Workloads boundaries are an attribute, not a venue."""
    table = region_table()
    return {
        region: Venue(
            id=f"{PROVIDER}:{region}",
            provider=PROVIDER,
            kind="cloud",
            region=region,
            name=f"Google Cloud {region} ({row['name']})",
            country=row["country"],
            subdivision=row.get("subdivision"),
            metro=row["metro"],
            latitude=row["lat"],
            longitude=row["lon"],
            certifications=_certifications(table, row["certs"]),
            tenancy="shared",
            host_trust="hyperscaler_dc",
            operator_jurisdiction="US",
            government=False,
            confidential_computing=("sev-snp", "tdx"),
            supports_log_export=True,
            pue=table["pue"],
            grid_kgco2e_per_kwh=row["grid"],
            attributes=_attributes(table, row),
        )
        for region, row in table["regions"].items()
    }
