"""The one billing arithmetic: what offers bill a month for a sized component, on arrays.

The pipeline prices 10^5 offers at once on the catalog's columns (``price_offers``); a record entry
point (``cost_component``, ``offer_bill``) prices one offer through the same code, on a one-row view of
it (``OfferPrices``), and only adds the words. Each IEEE operation gives the same bits in numpy as in
Python, and the rounding to cents is Python's own ``round`` (``cents``), so ``tests/oracles.figures``,
the per-record definition, states every figure exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from advisor.costing.cloud import ELASTIC, INTERRUPTIBLE, hourly_price, interruption_overhead, obligation_factor
from advisor.costing.cloud import subscription_monthly
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import OVERRIDE_KEY, egress_rate
from advisor.costing.owned import monthly_cost
from advisor.costing.site_power import site_power
from advisor.costing.tokens import token_bill
from advisor.model.offers import Offer, Venue
from advisor.model.records import Sizing

__all__ = ["OWNED_BILLING", "Bill", "OfferPrices", "PriceColumns", "bill", "cents", "offer_bill",
           "output_tokens_served", "price_fields", "price_offers"]

OWNED_BILLING = frozenset({"capex", "owned"})
NAN = float("nan")


def cents(value: float) -> float:
    """A dollar figure as stated: rounded to cents (``_cents`` does the same on arrays)."""
    return round(value + 0.0, 2)


def output_tokens_served(component: Any) -> float | None:
    """Output tokens generated per month (visible answers × reasoning multiplier); None for training."""
    if getattr(component, "kind", None) not in ("inference", "batch-inference"):
        return None
    return float(component.output_tokens_per_month) * float(component.reasoning_multiplier)


class PriceColumns(Protocol):
    """The offer columns billing reads, one entry per offer (``advisor.catalog.columns.OfferColumns``
    provides them, ``OfferPrices`` for one record): declared here so costing never imports the catalog."""

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


def price_fields(offer: Offer) -> tuple[float, float, float, bool, bool]:
    """What billing reads of an offer beyond its billing and place: effective hourly price, interruption
    overhead, per-unit subscription month (NaN: none published), owned terms, an egress override."""
    h = hourly_price(offer)
    per_unit = subscription_monthly(offer)[0] if offer.billing == "subscription" else None
    return (NAN if h is None else float(h),
            interruption_overhead(offer)[0] if offer.billing in INTERRUPTIBLE else 0.0,
            NAN if per_unit is None else per_unit,
            offer.billing in OWNED_BILLING and offer.owned is not None,
            offer.attributes.get(OVERRIDE_KEY) is not None)


class OfferPrices:
    """``PriceColumns`` of one offer record: how a record entry point reaches the column arithmetic."""

    def __init__(self, offer: Offer) -> None:
        hourly, overhead, subscription, owned, override = price_fields(offer)
        self.offers: Sequence[Offer] = (offer,)
        self.venue_ids = [offer.venue_id]
        self.venue = self.provider = self.billing = np.zeros(1, dtype=np.int64)
        self.hourly, self.overhead, self.subscription = np.array([hourly]), np.array([overhead]), np.array([subscription])
        self.owned, self.egress_override = np.array([owned]), np.array([override])
        self._billing = offer.billing

    def billed(self, names: frozenset[str] | set[str]) -> np.ndarray:
        return np.array([self._billing in names])


@dataclass(frozen=True)
class Bill:
    """Offers' monthly bills before rounding: ``compute`` (the hours, subscription with its site power,
    tokens or owned TCO, after any obligation beyond the horizon; NaN: unpriced) and ``egress`` (NaN: none or rate
    unknown, left out of the figure)."""

    compute: np.ndarray
    egress: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """Compute plus the egress that has a rate, unrounded."""
        out: np.ndarray = np.where(np.isnan(self.egress), self.compute, self.compute + self.egress)
        return out

    def figures(self, component: Any) -> tuple[np.ndarray, np.ndarray]:
        """(usd_per_month, usd_per_million_output_tokens) in cents; NaN where there is no figure."""
        total, tokens = self.total, output_tokens_served(component)
        per_m = total / (tokens / 1e6) if tokens else np.full(len(total), NAN)
        return _cents(total), _cents(per_m)


def bill(component: Any, cols: PriceColumns, venues: Mapping[str, Venue], idx: np.ndarray, units: np.ndarray,
         unit_hours: np.ndarray, template: Callable[[int], Sizing], horizon_months: int | None = None, *,
         elastic_on_demand: bool = True, capital_method: str = "straight_line") -> Bill:
    """The bills of offers ``idx`` sized at ``units`` / ``unit_hours`` each (feasible sizings only).

    Elastic terms pay the unit-hours that follow demand (on demand only while ``elastic_on_demand``),
    the interruptible ones their overhead on top; committed terms every unit all month; a subscription
    its monthly per unit, and on the customer's premises the site's electricity; a commitment outlasting ``horizon_months`` is owed in full (tco reference §3).
    Owned hardware pays its TCO at the sizing's utilisation (§2) and a managed API its tokens: those, and
    the site power, read ``template(k)``, the ``Sizing`` of position ``k``."""
    billing = cols.billing[idx]
    elastic = cols.billed(ELASTIC if elastic_on_demand else ELASTIC - {"on_demand"})[billing]
    usd = np.where(elastic, unit_hours * cols.hourly[idx], (units * HOURS_PER_MONTH) * cols.hourly[idx])
    interruptible = cols.billed(INTERRUPTIBLE)[billing]
    if interruptible.any():
        usd = np.where(interruptible, usd * (1.0 + cols.overhead[idx]), usd)
    subscription = cols.billed({"subscription"})[billing]
    if subscription.any():
        usd = np.where(subscription, units * cols.subscription[idx], usd)
    owned = cols.owned[idx]
    tokens = cols.billed({"per_token"})[billing] & ~owned
    if horizon_months is not None:
        factor = np.array([obligation_factor(cols.offers[int(i)], horizon_months) for i in idx.tolist()])
        usd = np.where((factor == 1.0) | owned | tokens, usd, usd * factor)
    if subscription.any():
        _add_site_power(usd, subscription, cols, venues, idx, template)
    for k in np.flatnonzero(owned | tokens).tolist():
        offer = cols.offers[int(idx[k])]
        if owned[k]:
            usd[k] = _owned_usd(offer, template(k), capital_method)
        elif offer.tokens is not None:
            found = token_bill(offer.tokens, component).usd_per_month
            usd[k] = NAN if found is None else found
    gb = getattr(component, "egress_gb_per_month", None)
    return Bill(usd, _egress(gb, cols, venues, idx) if gb else np.full(len(idx), NAN))


def _add_site_power(usd: np.ndarray, subscription: np.ndarray, cols: PriceColumns, venues: Mapping[str, Venue],
                    idx: np.ndarray, template: Callable[[int], Sizing]) -> None:
    """A priced subscription on the customer's premises pays the site's electricity on top of its fee
    (``costing.site_power``), never spread by a commitment's obligation: it is metered, not committed."""
    for k in np.flatnonzero(subscription & ~np.isnan(usd)).tolist():
        offer = cols.offers[int(idx[k])]
        venue = venues.get(offer.venue_id)
        if venue is None or venue.electricity_usd_per_kwh is None:
            continue
        found = site_power(offer, template(k), venue)
        if found is not None and found.usd_per_month is not None:
            usd[k] += found.usd_per_month


def _owned_usd(offer: Offer, sizing: Sizing, method: str) -> float:
    """Owned hardware's month at the sizing's utilisation, every unit; NaN when a purchase has no price."""
    terms = offer.owned
    assert terms is not None
    if not terms.already_owned and terms.capex_usd is None:
        return NAN
    return monthly_cost(terms, sizing.utilisation, method).scaled(sizing.units).total


def price_offers(component: Any, cols: PriceColumns, venues: Mapping[str, Venue], idx: np.ndarray,
                 units: np.ndarray, unit_hours: np.ndarray, template: Callable[[int], Sizing],
                 horizon_months: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(usd_per_month, usd_per_million_output_tokens) of offers ``idx``, as ``bill`` prices them; NaN
    where no price is stated."""
    return bill(component, cols, venues, idx, units, unit_hours, template, horizon_months).figures(component)


_ONE = np.zeros(1, dtype=np.int64)


def offer_bill(component: Any, sizing: Sizing, offer: Offer, venue: Venue | None, *,
               horizon_months: int | None = None, elastic_on_demand: bool = True,
               capital_method: str = "straight_line") -> Bill:
    """``bill`` of one offer record for a feasible ``sizing`` (``venue`` read for egress and site power)."""
    venues = {} if venue is None else {offer.venue_id: venue}
    return bill(component, OfferPrices(offer), venues, _ONE, np.array([sizing.units]),
                np.array([sizing.unit_hours_per_month], dtype=float), lambda k: sizing, horizon_months,
                elastic_on_demand=elastic_on_demand, capital_method=capital_method)


def _cents(values: np.ndarray) -> np.ndarray:
    """``cents`` of each value, exactly: Python's ``round(x + 0.0, 2)`` (NaN stays).

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
        out[unsure] = [cents(v) for v in x[unsure].tolist()]
    return out


def _egress(gb: float, cols: PriceColumns, venues: Mapping[str, Venue], idx: np.ndarray) -> np.ndarray:
    """Egress dollars per offer, NaN where the rate is unknown; one rate per (provider, venue) unless
    the offer sets its own."""
    key = cols.provider[idx] * len(cols.venue_ids) + cols.venue[idx]
    key = np.where(cols.egress_override[idx], -1 - np.arange(len(idx)), key)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    per_key = np.array([_usd(gb, cols, venues, int(idx[k])) for k in first.tolist()], dtype=float)
    out: np.ndarray = per_key[inverse]
    return out


def _usd(gb: float, cols: PriceColumns, venues: Mapping[str, Venue], i: int) -> float:
    offer = cols.offers[i]
    usd = egress_rate(offer, venues[offer.venue_id]).usd_for(gb)
    return float("nan") if usd is None else usd
