"""Cloud price terms: what one offer bills for a sized component, by billing model.

Elastic terms (on-demand, spot, marketplace) pay the unit-hours that follow demand; committed
terms (reserved, savings plan, committed use, subscription) pay every provisioned unit all month
whether busy or not (tco reference §3). ``Offer.usd_per_hour`` is the effective hourly price of one
unit: for committed terms it already spreads any upfront fee over the term.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Compute:
    """The compute part of a cloud bill: dollars per month (None = unpriced) and how."""

    usd_per_month: float | None
    basis: str


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
    if monthly:
        parts.append(f"{money(offer.monthly_usd)}/month")  # type: ignore[arg-type]
    if upfront and months:
        parts.append(f"{money(offer.upfront_usd)} upfront over {months} months")  # type: ignore[arg-type]
    return per_month, " + ".join(parts) or "$0/month"


def obligation_factor(offer: Offer, horizon_months: int | None) -> float:
    """A commitment outlasting the horizon is owed in full: its months over the horizon's (else 1).
    ``horizon_months`` None: the workload excludes such commitments, so none is priced here."""
    months = offer.commitment_months
    if horizon_months is None or not months or months <= horizon_months:
        return 1.0
    return months / horizon_months


def compute_usd(offer: Offer, sizing: Sizing, elastic_on_demand: bool = True,
                horizon_months: int | None = None) -> float | None:
    """The dollars of ``cloud_compute`` alone: pricing 10^5 offers needs no sentence per offer."""
    usd = _compute_usd(offer, sizing, elastic_on_demand)
    factor = obligation_factor(offer, horizon_months)
    return usd if usd is None or factor == 1.0 else usd * factor


def _compute_usd(offer: Offer, sizing: Sizing, elastic_on_demand: bool) -> float | None:
    units = sizing.units
    if offer.billing == "subscription":
        per_unit = subscription_monthly(offer)[0]
        return None if per_unit is None else units * per_unit
    hourly = hourly_price(offer)
    if hourly is None:
        return None
    price = float(hourly)
    if offer.billing in ELASTIC and (elastic_on_demand or offer.billing != "on_demand"):
        usd = sizing.unit_hours_per_month * price
        if offer.billing in INTERRUPTIBLE:
            usd *= 1.0 + interruption_overhead(offer)[0]
        return usd
    hours = units * HOURS_PER_MONTH
    return hours * price


def cloud_compute(offer: Offer, sizing: Sizing, elastic_on_demand: bool = True,
                  horizon_months: int | None = None) -> Compute:
    """Compute cost of a non-owned offer for a sized component (tco reference §3 table)."""
    found = _cloud_compute(offer, sizing, elastic_on_demand)
    factor = obligation_factor(offer, horizon_months)
    if found.usd_per_month is None or factor == 1.0:
        return found
    return Compute(found.usd_per_month * factor,
                   f"{found.basis}; the {offer.commitment_months}-month commitment outlasts the {horizon_months}-month "
                   f"horizon and is owed in full: × {offer.commitment_months}/{horizon_months}")


def _cloud_compute(offer: Offer, sizing: Sizing, elastic_on_demand: bool) -> Compute:
    units, words = sizing.units, BILLING_WORDS.get(offer.billing, offer.billing)
    head = f"{units} × {offer.sku} {words}"
    usd = _compute_usd(offer, sizing, elastic_on_demand)
    if offer.billing == "subscription":
        how = subscription_monthly(offer)[1]
        if usd is None:
            return Compute(None, f"unpriced: {offer.sku} subscription has {how}")
        return Compute(usd, f"{head}, {how} per unit")
    if usd is None:
        return Compute(None, f"unpriced: no {words} price published for {offer.sku} at {offer.venue_id}")
    how = effective_hourly(offer)[1]
    if offer.billing in ELASTIC and (elastic_on_demand or offer.billing != "on_demand"):
        basis = f"{head}, {sizing.unit_hours_per_month:,.0f} h at {how} (billed as demand follows)"
        if offer.billing in INTERRUPTIBLE:
            overhead, source = interruption_overhead(offer)
            basis += f" × (1 + {overhead:.1%} interruption overhead: {source})"
        return Compute(usd, basis)
    suffix = " (utilisation does not lower it)" if offer.billing in COMMITTED else " (left running 24 × 7)"
    return Compute(usd, f"{head}, always on: {units} × 730 h at {how}{suffix}")
