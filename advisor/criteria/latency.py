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

    A venue serving from several sites of its own choosing (a managed API's serving sites) counts the
    farthest site from each user: the provider, not the user, picks it. (None, {}) without users, or
    when the venue's location is unknown: never a guess.
    """
    per_metro: dict[str, float] = {}
    places = venue.places()
    if not places:
        return None, {}
    weighted: list[tuple[float, float]] = []
    for user in users:
        metro = find_metro(user.metro)
        if metro is None:
            continue
        km = max(great_circle_km(metro.latitude, metro.longitude, lat, lon) for lat, lon in places)
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
    sites = f"; {venue.id} may serve from {', '.join(s.metro for s in venue.serving_sites)}" if venue.serving_sites else ""
    total = None
    if ttft_ms is not None:
        total = round(ttft_ms + (rtt or 0.0), 2)
    return Latency(
        network_rtt_ms=rtt,
        ttft_ms=None if ttft_ms is None else round(ttft_ms, 2),
        tpot_ms=None if tpot_ms is None else round(tpot_ms, 3),
        total_ms=total,
        per_metro_rtt_ms=per_metro,
        method=METHOD + sites,
    )


METHOD = (RTT_SOURCE + "; users reach a customer-premises venue within 50 km over the LAN (0.5 ms); "
          "LAN users reach anything else through the site's uplink (broadband, 10 ms); an API serving from "
          "sites it picks counts the farthest from each user")
"""How the round trip is modelled: one string shared by every latency record (a portfolio holds 10^5)."""
