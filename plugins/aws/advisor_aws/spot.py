"""Parser for ``ec2.describe_spot_price_history`` rows: the lowest current price per instance type.

Prices differ per availability zone; the offer keeps the cheapest zone and records it
(pricing-apis reference 1.3). Rows at or below $0 are not prices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

LINUX = "Linux/UNIX"


@dataclass(frozen=True)
class SpotPrice:
    """The lowest Linux spot price of an instance type in a region, with its zone and time."""

    region: str
    instance_type: str
    usd_per_hour: Decimal
    zone: str
    timestamp: datetime
    zones_seen: int


def _timestamp(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def lowest_spot(region: str, rows: Iterable[Mapping[str, Any]]) -> dict[str, SpotPrice]:
    """Per instance type, the newest row of each zone, then the cheapest zone."""
    latest: dict[tuple[str, str], tuple[datetime, Decimal]] = {}
    for row in rows:
        if row.get("ProductDescription", LINUX) != LINUX:
            continue
        try:
            price = Decimal(str(row["SpotPrice"]))
        except (InvalidOperation, KeyError):
            continue
        if not price.is_finite() or price <= 0:
            continue
        key = (row["InstanceType"], row["AvailabilityZone"])
        when = _timestamp(row.get("Timestamp", datetime.now(UTC)))
        if key not in latest or when > latest[key][0]:
            latest[key] = (when, price)
    best: dict[str, SpotPrice] = {}
    zones: dict[str, int] = {}
    for (itype, zone), (when, price) in sorted(latest.items()):
        zones[itype] = zones.get(itype, 0) + 1
        current = best.get(itype)
        if current is None or price < current.usd_per_hour:
            best[itype] = SpotPrice(region, itype, price, zone, when, 0)
    return {
        t: SpotPrice(s.region, t, s.usd_per_hour, s.zone, s.timestamp, zones[t]) for t, s in best.items()
    }
