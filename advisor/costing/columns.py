"""The pipeline's billing arithmetic: every offer's monthly price and price per million output tokens,
on arrays.

Each IEEE operation (a product, a sum) gives the same bits in numpy as in Python, and the rounding
to cents is Python's own ``round``, so every figure equals the one ``cost_component`` states for the
offers a recommendation shows (``tests/oracles.figures`` is the per-record definition the tests hold
it to). Owned hardware is priced by ``cost_component`` itself: it is a handful of offers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from advisor.costing.cloud import ELASTIC, INTERRUPTIBLE, obligation_factor
from advisor.costing.component import cost_component, output_tokens_served
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate
from advisor.model.offers import Offer, Venue

__all__ = ["PriceColumns", "price_offers"]


class PriceColumns(Protocol):
    """The offer columns billing reads, one entry per offer (``advisor.catalog.columns.OfferColumns``
    provides them): declared here so costing never imports the catalog above it."""

    offers: Sequence[Offer]
    venue_ids: list[str]
    venue: np.ndarray
    provider: np.ndarray
    billing: np.ndarray
    hourly: np.ndarray
    overhead: np.ndarray
    subscription: np.ndarray
    owned: np.ndarray
    egress_override: np.ndarray

    def billed(self, names: frozenset[str] | set[str]) -> np.ndarray: ...


def price_offers(component: Any, cols: PriceColumns, venues: Mapping[str, Venue], idx: np.ndarray,
                 units: np.ndarray, unit_hours: np.ndarray, template: Any,
                 horizon_months: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(usd_per_month, usd_per_million_output_tokens) of offers ``idx`` sized at ``units`` /
    ``unit_hours`` each (feasible sizings only); NaN where ``cost_component`` states no price.

    ``template(k)`` is a ``Sizing`` for position ``k``, read only for owned hardware and per-token APIs."""
    egress_gb = getattr(component, "egress_gb_per_month", None)
    tokens = output_tokens_served(component)
    billing = cols.billing[idx]
    elastic = cols.billed(ELASTIC)[billing]
    usd = np.where(elastic, unit_hours * cols.hourly[idx], (units * HOURS_PER_MONTH) * cols.hourly[idx])
    interruptible = cols.billed(INTERRUPTIBLE)[billing]
    if interruptible.any():
        usd = np.where(interruptible, usd * (1.0 + cols.overhead[idx]), usd)
    subscription = cols.billed({"subscription"})[billing]
    if subscription.any():
        usd = np.where(subscription, units * cols.subscription[idx], usd)
    if horizon_months is not None:
        factor = np.array([obligation_factor(cols.offers[int(i)], horizon_months) for i in idx.tolist()])
        usd = np.where(factor == 1.0, usd, usd * factor)
    if egress_gb:
        egress = _egress(egress_gb, cols, venues, idx)
        usd = np.where(np.isnan(egress), usd, usd + egress)
    per_m = usd / (tokens / 1e6) if tokens else np.full(len(usd), np.nan)
    out_usd, out_per_m = _cents(usd), _cents(per_m)
    slow = cols.owned[idx] | cols.billed({"per_token"})[billing]  # owned terms and per-token APIs: record path
    for k in np.flatnonzero(slow).tolist():
        offer = cols.offers[int(idx[k])]
        cost = cost_component(None, component, template(k), offer, venues[offer.venue_id])
        figures = (cost.usd_per_month, cost.usd_per_million_output_tokens)
        out_usd[k], out_per_m[k] = (np.nan if f is None else f for f in figures)
    return out_usd, out_per_m


def _cents(values: np.ndarray) -> np.ndarray:
    """``costing.component._cents`` of each value, exactly: Python's ``round(x + 0.0, 2)`` (NaN stays).

    ``round`` rounds the exact binary value half to even and returns the double nearest the result,
    which is ``n / 100`` for the integer ``n`` it rounds ``100 x`` to. ``rint(100 x)`` finds that ``n``
    unless ``100 x`` (itself rounded) lies within a hair of a half, or is too large to hold a
    fraction: those few go through ``round`` itself."""
    x = values + 0.0
    hundred = x * 100.0  # within half an ulp of the exact 100 x
    n = np.rint(hundred)
    with np.errstate(invalid="ignore"):
        unsure = ~(np.abs(hundred) < 2.0**50) | (np.abs(np.abs(hundred - n) - 0.5) <= np.abs(hundred) * 2.0**-40)
    out = n / 100.0
    unsure &= ~np.isnan(x)
    if unsure.any():
        out[unsure] = [round(v, 2) for v in x[unsure].tolist()]
    return out


def _egress(gb: float, cols: PriceColumns, venues: Mapping[str, Venue], idx: np.ndarray) -> np.ndarray:
    """Egress dollars per offer, NaN where the rate is unknown (left out of the figure, as
    ``cost_component`` does); one rate per (provider, venue) unless the offer sets its own."""
    key = cols.provider[idx] * len(cols.venue_ids) + cols.venue[idx]
    key = np.where(cols.egress_override[idx], -1 - np.arange(len(idx)), key)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    per_key = np.array([_usd(gb, cols, venues, int(idx[k])) for k in first.tolist()], dtype=float)
    return per_key[inverse]


def _usd(gb: float, cols: PriceColumns, venues: Mapping[str, Venue], i: int) -> float:
    offer = cols.offers[i]
    usd = egress_rate(offer, venues[offer.venue_id]).usd_for(gb)
    return float("nan") if usd is None else usd
