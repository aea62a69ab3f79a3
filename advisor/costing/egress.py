"""Internet egress: GB a component sends out per month × the provider's tiered $/GB.

Rates come from ``advisor/data/egress.toml`` (each with source and date). An override on the
offer or the venue (attribute ``egress_usd_per_gb``) wins, so a site or a DePIN host with a
metered link can say what it charges. Unknown is reported as unknown, never as $0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.model.offers import Offer, Venue
from advisor.paths import data_table

OVERRIDE_KEY = "egress_usd_per_gb"


@dataclass(frozen=True)
class Tier:
    up_to_gb: float | None
    usd_per_gb: float


@dataclass(frozen=True)
class EgressRate:
    """A provider's tiered internet egress price, or an unknown one (``tiers`` empty)."""

    tiers: tuple[Tier, ...]
    source: str
    as_of: str

    @property
    def known(self) -> bool:
        return bool(self.tiers)

    def usd_for(self, gb: float) -> float | None:
        """Cost of ``gb`` in one month, walking the cumulative tiers."""
        if not self.known:
            return None
        total, floor = 0.0, 0.0
        for tier in self.tiers:
            ceiling = tier.up_to_gb if tier.up_to_gb is not None else float("inf")
            if gb > floor:
                total += (min(gb, ceiling) - floor) * tier.usd_per_gb
            floor = ceiling
        return total


def _table() -> dict[str, Any]:
    return data_table("egress.toml")


def _from_entry(entry: dict[str, Any]) -> EgressRate:
    if entry.get("unknown"):
        return EgressRate((), entry["source"], entry["as_of"])
    tiers = tuple(Tier(t.get("up_to_gb"), float(t["usd_per_gb"])) for t in entry["tiers"])
    return EgressRate(tiers, entry["source"], entry["as_of"])


def egress_rate(offer: Offer, venue: Venue) -> EgressRate:
    """The rate that applies to traffic leaving ``venue``: override, provider, kind, else unknown."""
    for holder, label in ((offer.attributes, "offer"), (venue.attributes, "venue")):
        if holder.get(OVERRIDE_KEY) is not None:
            rate = float(holder[OVERRIDE_KEY])
            return EgressRate((Tier(None, rate),), f"{label} attribute {OVERRIDE_KEY}", "")
    table = _table()
    entry = table.get("providers", {}).get(offer.provider) or table.get("kinds", {}).get(venue.kind)
    if entry is None:
        return EgressRate((), f"no internet egress rate known for provider '{offer.provider}'", "")
    return _from_entry(entry)
