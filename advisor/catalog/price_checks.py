"""Plausibility checks on a provider's prices that warn without dropping anything.

A spot rate at or above the on-demand rate of the same size in the same place is published now and
then (Azure lists some ND H200 v5 spot meters at the on-demand price); it is kept, since it is what
the provider charges, but never silently: a "spot discount" the user cannot get must be said.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from advisor.model.offers import Offer

SAMPLES = 2


def spot_not_discounted(offers: Iterable[Offer]) -> list[str]:
    """One warning naming the spot offers priced at or above on-demand (same venue and SKU), if any."""
    on_demand: dict[tuple[str, str], Decimal] = {}
    spot: list[tuple[Offer, Decimal]] = []
    for offer in offers:
        if offer.usd_per_hour is None:
            continue
        if offer.billing == "on_demand":
            on_demand.setdefault((offer.venue_id, offer.sku), offer.usd_per_hour)
        elif offer.billing == "spot":
            spot.append((offer, offer.usd_per_hour))
    found = []
    for offer, price in spot:
        base = on_demand.get((offer.venue_id, offer.sku))
        if base is not None and price >= base:
            relation = "equals" if price == base else "exceeds"
            found.append(f"{offer.id} ${price}/h {relation} on-demand ${base}/h")
    if not found:
        return []
    shown = "; ".join(found[:SAMPLES]) + ("; ..." if len(found) > SAMPLES else "")
    noun = "spot offer is" if len(found) == 1 else "spot offers are"
    return [f"{len(found)} {noun} not cheaper than on-demand ({shown}): no spot discount is published there"]
