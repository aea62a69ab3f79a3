"""``Pricer.figures`` for many offers at once: the same arithmetic, operation for operation, on arrays.

Each IEEE operation (a product, a sum) gives the same bits in numpy as in Python, and the rounding
to cents is Python's own ``round``, so every figure equals the one ``Pricer.figures`` (and so
``cost_component``) states. Owned hardware keeps the record path: it is a handful of offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from advisor.costing.cloud import ELASTIC, INTERRUPTIBLE
from advisor.costing.component import Pricer
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate
from advisor.offer_columns import OfferColumns
from advisor.offers import Venue

__all__ = ["price_offers"]


def price_offers(component: Any, cols: OfferColumns, venues: Mapping[str, Venue], idx: np.ndarray,
                 units: np.ndarray, unit_hours: np.ndarray, template: Any) -> tuple[list[float | None], list[float | None]]:
    """(usd_per_month, usd_per_million_output_tokens) of offers ``idx`` sized at ``units`` /
    ``unit_hours`` each (feasible sizings only); None where the offer is unpriced.

    ``template(k)`` is a ``Sizing`` for position ``k``, read only for owned hardware."""
    pricer = Pricer(component)
    billing = cols.billing[idx]
    elastic = cols.billed(ELASTIC)[billing]
    usd = np.where(elastic, unit_hours * cols.hourly[idx], (units * HOURS_PER_MONTH) * cols.hourly[idx])
    interruptible = cols.billed(INTERRUPTIBLE)[billing]
    if interruptible.any():
        usd = np.where(interruptible, usd * (1.0 + cols.overhead[idx]), usd)
    subscription = cols.billed({"subscription"})[billing]
    if subscription.any():
        usd = np.where(subscription, units * cols.subscription[idx], usd)
    if pricer.egress_gb:
        egress = _egress(pricer.egress_gb, cols, venues, idx)
        usd = np.where(np.isnan(egress), usd, usd + egress)
    out_usd: list[float | None] = []
    out_per_m: list[float | None] = []
    scale = pricer.tokens / 1e6 if pricer.tokens else None
    for value in usd.tolist():
        if value != value:  # NaN: no price
            out_usd.append(None)
            out_per_m.append(None)
        else:
            out_usd.append(round(value + 0.0, 2))
            out_per_m.append(round(value / scale + 0.0, 2) if scale is not None else None)
    for k in np.flatnonzero(cols.owned[idx]).tolist():
        i = int(idx[k])
        offer = cols.offers[i]
        out_usd[k], out_per_m[k] = pricer.figures(template(k), offer, venues[offer.venue_id])
    return out_usd, out_per_m


def _egress(gb: float, cols: OfferColumns, venues: Mapping[str, Venue], idx: np.ndarray) -> np.ndarray:
    """Egress dollars per offer, NaN where the rate is unknown (left out of the figure, as ``Pricer``
    does); one rate per (provider, venue) unless the offer sets its own."""
    key = cols.provider[idx] * len(cols.venue_ids) + cols.venue[idx]
    key = np.where(cols.egress_override[idx], -1 - np.arange(len(idx)), key)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    per_key = np.array([_usd(gb, cols, venues, int(idx[k])) for k in first.tolist()], dtype=float)
    return per_key[inverse]


def _usd(gb: float, cols: OfferColumns, venues: Mapping[str, Venue], i: int) -> float:
    offer = cols.offers[i]
    usd = egress_rate(offer, venues[offer.venue_id]).usd_for(gb)
    return float("nan") if usd is None else usd
