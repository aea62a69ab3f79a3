"""Owned hardware against one alternative: break-even utilisation, payback, NPV and flip price.

The owned side is ``units × C_m(u)`` (tco reference §2); the alternative is its costed bill. An
elastic alternative (on-demand following demand, spot, marketplace) scales with the work served,
so at owned utilisation u it would bill ``A · u / u_now``; a committed one bills the same at any u.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.costing.cloud import ELASTIC, effective_hourly, subscription_monthly
from advisor.model.units import HOURS_PER_MONTH
from advisor.costing.defaults import CLOUD_PRICE_DECLINE_PER_YEAR, CLOUD_PRICE_DECLINE_SOURCE, HOURS_SOURCE
from advisor.costing.owned import (
    break_even_utilisation,
    capex,
    monthly_cost,
    npv_owned,
    npv_stream,
    payback,
)
from advisor.model.offers import Offer, OwnedTerms
from advisor.model.records import Cost, Sizing


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _unit_hourly(offer: Offer) -> float | None:
    hourly, _ = effective_hourly(offer)
    if hourly is not None:
        return float(hourly)
    if offer.billing == "subscription":
        monthly, _ = subscription_monthly(offer)
        return monthly / HOURS_PER_MONTH if monthly is not None else None
    return None


def compare_owned(
    owned_offer: Offer,
    owned_cost: Cost,
    sizing: Sizing,
    alternative_offer: Offer,
    alternative_cost: Cost,
    horizon_months: int,
    *,
    alternative_elastic: bool | None = None,
    price_decline_per_year: float = CLOUD_PRICE_DECLINE_PER_YEAR,
    capital_method: str = "straight_line",
    alternative_full_usd_per_month: float | None = None,
) -> dict[str, Any]:
    """Figures for the recommendation when a component has an owned and a cloud candidate.

    ``sizing`` is the owned offer's sizing (its units and utilisation). ``alternative_elastic``
    defaults to the alternative's billing (on-demand, spot, marketplace are elastic). Payback and
    break-even are None with a status string when they never happen, never a huge number.
    ``alternative_full_usd_per_month`` is what the alternative bills for the owned capacity kept busy
    all month (g·H·p); without it, the alternative's bill is taken as proportional to utilisation.
    """
    terms = owned_offer.owned
    if terms is None:
        raise ValueError(f"{owned_offer.id} has no owned terms")
    elastic = alternative_offer.billing in ELASTIC if alternative_elastic is None else alternative_elastic
    out: dict[str, Any] = {
        "owned_offer": owned_offer.id,
        "alternative_offer": alternative_offer.id,
        "alternative_billing": alternative_offer.billing,
        "alternative_elastic": elastic,
        "horizon_months": horizon_months,
        "hours_per_month": HOURS_SOURCE,
        "utilisation": round(sizing.utilisation, 4),
        "owned_usd_per_month": owned_cost.usd_per_month,
        "alternative_usd_per_month": alternative_cost.usd_per_month,
    }
    if owned_cost.usd_per_month is None or alternative_cost.usd_per_month is None:
        out["status"] = "unpriced: " + ("owned" if owned_cost.usd_per_month is None else "alternative") + " side has no price"
        return out
    units, u_now = sizing.units, sizing.utilisation
    owned_extra = owned_cost.breakdown.get("egress", 0.0)
    alt_total = alternative_cost.usd_per_month

    def extra_at(u: float) -> float:
        return owned_extra * (u / u_now if u_now > 0 else 1.0)

    def owned_at(u: float) -> float:
        return monthly_cost(terms, u, capital_method).total * units + extra_at(u)

    def opex_at(u: float) -> float:
        return monthly_cost(terms, u, capital_method).opex * units + extra_at(u)

    opex_now = opex_at(u_now)
    k_total = capex(terms) * units
    rv_total = k_total * terms.residual_fraction
    rate = terms.discount_rate_per_year
    out["owned_cheaper_now"] = owned_cost.usd_per_month < alt_total

    if elastic and (u_now > 0 or alternative_full_usd_per_month):
        at_full = alternative_full_usd_per_month or alt_total / u_now
        u_star = break_even_utilisation(owned_at, at_full)
        out["break_even_utilisation"] = _round(u_star, 3)
        out["break_even_note"] = (
            "owned never wins at this price, even fully busy" if u_star is None
            else f"owned is cheaper above {u_star:.0%} average utilisation"
        )
    else:
        out["break_even_utilisation"] = None
        out["break_even_note"] = (
            "the alternative bills its capacity busy or idle: utilisation does not enter; owned is "
            + ("cheaper" if out["owned_cheaper_now"] else "dearer")
            + " at any utilisation"
        )

    pay = payback(k_total, alt_total, opex_now, terms.life_months)
    out["payback_months"] = _round(pay.months, 1)
    out["payback_status"] = pay.status
    out["payback"] = pay.describe()
    out["life_months"] = terms.life_months

    npv_own = npv_owned(k_total, opex_now, rv_total, horizon_months, terms.life_months, rate)
    alt_compute = alternative_cost.breakdown.get("compute", alt_total)
    alt_other = alt_total - alt_compute
    npv_alt = npv_stream(alt_total, horizon_months, rate)
    npv_alt_declining = npv_stream(alt_compute, horizon_months, rate, price_decline_per_year) + npv_stream(
        alt_other, horizon_months, rate
    )
    out.update(
        npv_owned_usd=_round(npv_own),
        npv_alternative_usd=_round(npv_alt),
        npv_alternative_declining_usd=_round(npv_alt_declining),
        discount_rate_per_year=rate,
        price_decline_per_year=price_decline_per_year,
        price_decline_source=CLOUD_PRICE_DECLINE_SOURCE,
        owned_cheaper_over_horizon=npv_own < npv_alt,
    )
    out.update(_flip(alternative_offer, npv_own, alt_compute, alt_other, horizon_months, rate))
    out["flip_utilisation"] = (
        _round(_flip_utilisation(opex_at, alt_total, u_now, k_total, rv_total, horizon_months, terms), 3)
        if elastic and u_now > 0
        else None
    )
    return out


def _flip(offer: Offer, npv_own: float, compute: float, other: float, months: int, rate: float) -> dict[str, Any]:
    """The constant alternative price per unit-hour (and per accelerator-hour) at which NPVs tie."""
    hourly = _unit_hourly(offer)
    npv_compute = npv_stream(compute, months, rate)
    if hourly is None or npv_compute <= 0:
        return {"flip_usd_per_hour": None, "flip_usd_per_accelerator_hour": None}
    multiplier = (npv_own - npv_stream(other, months, rate)) / npv_compute
    flip = hourly * multiplier if multiplier > 0 else None
    count = offer.hardware.accelerator_count
    return {
        "flip_usd_per_hour": _round(flip, 4),
        "flip_usd_per_accelerator_hour": _round(flip / count, 4) if flip is not None and count else None,
    }


def _flip_utilisation(
    opex_at: Callable[[float], float], alt_total: float, u_now: float, k: float, rv: float, months: int, terms: OwnedTerms
) -> float | None:
    """u at which owned and elastic-alternative NPVs tie at today's price; None if owned never wins."""
    rate = terms.discount_rate_per_year

    def gap(u: float) -> float:
        owned = npv_owned(k, opex_at(u), rv, months, terms.life_months, rate)
        return owned - npv_stream(alt_total * u / u_now, months, rate)

    if gap(1.0) > 0:
        return None
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2.0
        if gap(mid) > 0:
            low = mid
        else:
            high = mid
    return high
