"""Latency a component's users see at a venue: network round trip (modelled) plus model time."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.reference.geo import RTT_SOURCE, find_metro, great_circle_km, rtt_ms
from advisor.model.offers import Venue
from advisor.model.recommendation import Latency
from advisor.model.workload import UserGroup

P95 = 0.95
ON_SITE_KM = 50.0


def network_rtt(users: Sequence[UserGroup], venue: Venue) -> tuple[float | None, dict[str, float]]:
    """(share-weighted p95 RTT, RTT per metro) from each user group to the venue.

    (None, {}) without users, or when the venue's location is unknown: never a guess.
    """
    per_metro: dict[str, float] = {}
    if venue.latitude is None or venue.longitude is None:
        return None, {}
    weighted: list[tuple[float, float]] = []
    for user in users:
        metro = find_metro(user.metro)
        if metro is None:
            continue
        km = great_circle_km(metro.latitude, metro.longitude, venue.latitude, venue.longitude)
        on_site = venue.tenancy in ("customer_premises", "air_gapped") and km < ON_SITE_KM
        access = "lan" if on_site else ("broadband" if user.access == "lan" else user.access)
        value = round(rtt_ms(km, access), 2)
        per_metro[metro.name] = value
        weighted.append((value, user.share))
    if not weighted:
        return None, {}
    weighted.sort()
    cumulative = 0.0
    for value, share in weighted:
        cumulative += share
        if cumulative >= P95 - 1e-9:
            return value, per_metro
    return weighted[-1][0], per_metro


def component_latency(users: Sequence[UserGroup], venue: Venue, ttft_ms: float | None, tpot_ms: float | None) -> Latency:
    rtt, per_metro = network_rtt(users, venue)
    total = None
    if ttft_ms is not None:
        total = round(ttft_ms + (rtt or 0.0), 2)
    return Latency(
        network_rtt_ms=rtt,
        ttft_ms=None if ttft_ms is None else round(ttft_ms, 2),
        tpot_ms=None if tpot_ms is None else round(tpot_ms, 3),
        total_ms=total,
        per_metro_rtt_ms=per_metro,
        method=RTT_SOURCE + "; users reach a customer-premises venue within 50 km over the LAN (0.5 ms); "
        "LAN users reach anything else through the site's uplink (broadband, 10 ms)",
    )
