"""The public Spot Instance Advisor data: interruption-frequency band and savings per type and region.

The JSON behind https://aws.amazon.com/ec2/spot/instance-advisor/
(``https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json``, no credentials) has
``ranges`` (index → label such as "<5%", "5-10%", ">20%") and ``spot_advisor.<region>.Linux.<type>``
= ``{"s": savings percent over on-demand, "r": range index}``. It is the eviction-rate fact of an AWS
spot offer: ``attributes["spot_interruption_band"]`` (the published label) and
``attributes["spot_savings_pct"]``, with ``spot_advisor_source`` and ``spot_advisor_as_of``. A type
or region the data does not list gets nothing: an unknown rate is never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ADVISOR_URL = "https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json"
PAGE = "https://aws.amazon.com/ec2/spot/instance-advisor/"


@dataclass(frozen=True)
class Band:
    """One type's published interruption band and savings in one region."""

    label: str
    savings_pct: int | None


def parse_advisor(data: Mapping[str, Any]) -> dict[tuple[str, str], Band]:
    """Bands by (region, instance type), Linux only; rows whose range index is unknown are skipped."""
    labels = {r["index"]: r["label"] for r in data.get("ranges", ()) if isinstance(r, Mapping) and "index" in r and "label" in r}
    out: dict[tuple[str, str], Band] = {}
    for region, systems in (data.get("spot_advisor") or {}).items():
        for itype, row in ((systems or {}).get("Linux") or {}).items():
            label = labels.get(row.get("r")) if isinstance(row, Mapping) else None
            if label is None:
                continue
            savings = row.get("s")
            out[(region, itype)] = Band(label, int(savings) if isinstance(savings, int | float) else None)
    return out


def band_attributes(band: Band | None, source: str, as_of: datetime) -> dict[str, object]:
    """The attributes a spot offer carries for its band (none when the data has no row for it)."""
    if band is None:
        return {}
    attrs: dict[str, object] = {"spot_interruption_band": band.label, "spot_advisor_source": source,
                                "spot_advisor_as_of": as_of.date().isoformat()}
    if band.savings_pct is not None:
        attrs["spot_savings_pct"] = band.savings_pct
    return attrs
