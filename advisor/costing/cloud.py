"""Cloud price terms: what one offer bills for a sized component, by billing model.

Elastic terms (on-demand, spot, marketplace) pay the unit-hours that follow demand; committed
terms (reserved, savings plan, committed use, subscription) pay every provisioned unit all month
whether busy or not (tco reference §3). ``Offer.usd_per_hour`` is the effective hourly price of one
unit: for committed terms it already spreads any upfront fee over the term.
"""

from __future__ import annotations

from decimal import Decimal

from advisor.costing.availability import availability
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.model.offers import Offer
from advisor.model.records import Sizing

ELASTIC = frozenset({"on_demand", "spot", "marketplace"})
COMMITTED = frozenset({"reserved", "savings_plan", "committed_use"})
INTERRUPTIBLE = frozenset({"spot", "marketplace"})
BILLING_WORDS = {
    "on_demand": "on demand",
    "spot": "spot",
    "marketplace": "marketplace",
    "reserved": "reserved",
    "savings_plan": "savings plan",
    "committed_use": "committed use",
    "subscription": "subscription",
}


def money(value: Decimal | float) -> str:
    """'$3.912', '$2,816.64': the figure as published, with thousands separators."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), ",f")
        return f"${text}"
    return f"${value:,.2f}"


def effective_hourly(offer: Offer) -> tuple[Decimal | None, str]:
    """One unit's effective hourly price and how it was reached; None when nothing is published."""
    if offer.usd_per_hour is not None:
        return offer.usd_per_hour, f"{money(offer.usd_per_hour)}/h"
    hourly = hourly_price(offer)
    if hourly is not None:
        months = offer.commitment_months
        upfront = offer.upfront_usd or Decimal(0)
        monthly = offer.monthly_usd or Decimal(0)
        parts = [f"{money(upfront)} upfront" if upfront else "", f"{money(monthly)}/month" if monthly else ""]
        how = " + ".join(p for p in parts if p) + f" over {months} months"
        return hourly, f"{money(hourly.quantize(Decimal('0.0001')))}/h effective ({how})"
    return None, ""


def hourly_price(offer: Offer) -> Decimal | None:
    """The figure of ``effective_hourly`` without its words."""
    if offer.usd_per_hour is not None:
        return offer.usd_per_hour
    months = offer.commitment_months
    upfront = offer.upfront_usd or Decimal(0)
    monthly = offer.monthly_usd or Decimal(0)
    if months and (upfront > 0 or monthly > 0):
        return (upfront + monthly * months) / (Decimal(months) * Decimal(str(HOURS_PER_MONTH)))
    return None


def interruption_overhead(offer: Offer) -> tuple[float, str]:
    """Extra work on preemptible capacity, from its eviction rate (``advisor.costing.availability``)."""
    found = availability(offer)
    return found.overhead, found.source


def subscription_monthly(offer: Offer) -> tuple[float | None, str]:
    """Per-unit monthly of a subscription: monthly fee plus upfront spread over the commitment."""
    monthly = float(offer.monthly_usd) if offer.monthly_usd is not None else None
    upfront = float(offer.upfront_usd) if offer.upfront_usd is not None else None
    months = offer.commitment_months
    if upfront and not months:
        return None, "upfront fee without a commitment length"
    if monthly is None and upfront is None:
        if offer.usd_per_hour is None:
            return None, "no monthly, upfront or hourly price published"
        return float(offer.usd_per_hour) * HOURS_PER_MONTH, f"{money(offer.usd_per_hour)}/h × 730 h"
    per_month = (monthly or 0.0) + ((upfront or 0.0) / months if upfront and months else 0.0)
    parts = []
    if offer.monthly_usd:
        parts.append(f"{money(offer.monthly_usd)}/month")
    if offer.upfront_usd and months:
        parts.append(f"{money(offer.upfront_usd)} upfront over {months} months")
    return per_month, " + ".join(parts) or "$0/month"


def obligation_factor(offer: Offer, horizon_months: int | None) -> float:
    """A commitment outlasting the horizon is owed in full: its months over the horizon's (else 1).
    ``horizon_months`` None: the workload excludes such commitments, so none is priced here."""
    months = offer.commitment_months
    if horizon_months is None or not months or months <= horizon_months:
        return 1.0
    return months / horizon_months


def cloud_basis(offer: Offer, sizing: Sizing, elastic_on_demand: bool = True, horizon_months: int | None = None) -> str:
    """How a non-owned offer bills a sized component, in words (tco reference §3 table); "unpriced: ..."
    when its terms publish no price. The dollars are ``costing.columns.bill``'s."""
    units, words = sizing.units, BILLING_WORDS.get(offer.billing, offer.billing)
    head = f"{units} × {offer.sku} {words}"
    if offer.billing == "subscription":
        per_unit, how = subscription_monthly(offer)
        if per_unit is None:
            return f"unpriced: {offer.sku} subscription has {how}"
        basis = f"{head}, {how} per unit"
    elif hourly_price(offer) is None:
        return f"unpriced: no {words} price published for {offer.sku} at {offer.venue_id}"
    elif offer.billing in ELASTIC and (elastic_on_demand or offer.billing != "on_demand"):
        basis = f"{head}, {sizing.unit_hours_per_month:,.0f} h at {effective_hourly(offer)[1]} (billed as demand follows)"
        if offer.billing in INTERRUPTIBLE:
            overhead, source = interruption_overhead(offer)
            basis += f" × (1 + {overhead:.1%} interruption overhead: {source})"
    else:
        suffix = " (utilisation does not lower it)" if offer.billing in COMMITTED else " (left running 24 × 7)"
        basis = f"{head}, always on: {units} × 730 h at {effective_hourly(offer)[1]}{suffix}"
    if obligation_factor(offer, horizon_months) == 1.0:
        return basis
    return (f"{basis}; the {offer.commitment_months}-month commitment outlasts the {horizon_months}-month "
            f"horizon and is owed in full: × {offer.commitment_months}/{horizon_months}")
