"""cost_component: one feasible sizing of one component on one offer, priced per month.

Cloud terms come from ``cloud``, owned hardware from ``owned``, internet egress from ``egress``.
The result carries a breakdown by head and one sentence saying how it was reached; an offer
without a price is reported unpriced (``usd_per_month=None``), never as $0.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.costing.cloud import cloud_basis, money
from advisor.costing.columns import OWNED_BILLING, cents, offer_bill, output_tokens_served
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate
from advisor.costing.owned import capital_per_month, monthly_cost
from advisor.costing.site_power import site_power
from advisor.costing.tokens import per_token, token_bill
from advisor.model.offers import Offer, Venue
from advisor.model.records import Cost, Sizing

__all__ = ["HEADS", "OWNED_BILLING", "cost_component", "output_tokens_served", "stated_cost"]

HEADS = ("compute", "egress", "capital", "maintenance", "power", "colocation", "staff", "other")


def _owned(offer: Offer, sizing: Sizing, method: str) -> tuple[dict[str, float], str, dict[str, Any]]:
    """Owned hardware's heads, words and details; its dollars are ``bill``'s (the same heads summed)."""
    terms = offer.owned
    assert terms is not None
    u, units = sizing.utilisation, sizing.units
    unit = monthly_cost(terms, u, method)
    total = unit.scaled(units)
    heads = {
        "capital": total.capital,
        "maintenance": total.maintenance,
        "power": total.power,
        "colocation": total.colocation,
        "staff": total.staff,
        "other": total.other,
    }
    capital = (
        "already owned (capital sunk)"
        if terms.already_owned
        else "purchase price unknown"
        if terms.capex_usd is None
        else f"{money(terms.capex_usd)} over {terms.life_months} months"
        f" {'straight-line' if method == 'straight_line' else 'as an annuity'}"
        f" (residual {terms.residual_fraction:.0%})"
    )
    power = (
        f"power {money(terms.power_usd_per_month)}/month flat"
        if terms.power_usd_per_month is not None
        else f"power at PUE {terms.pue:g} and {money(terms.electricity_usd_per_kwh)}/kWh"
    )
    basis = f"{units} × {offer.sku} owned at {u:.0%} average utilisation: {capital}, {power}"
    if terms.staff_fte_per_unit:
        basis += f", staff {terms.staff_fte_per_unit:g} FTE per server at {money(terms.staff_usd_per_fte_year)}/yr"
    if terms.maintenance_fraction_per_year:
        basis += f", maintenance {terms.maintenance_fraction_per_year:.0%}/yr"
    accelerators = (offer.hardware.accelerator_count or 0) * units
    provisioned_hours = accelerators * HOURS_PER_MONTH
    details: dict[str, Any] = {
        "capital_method": method,
        "utilisation": round(u, 4),
        "unit_usd_per_month": cents(unit.total),
        "unit_opex_usd_per_month": cents(unit.opex),
        "capex_usd": None if terms.already_owned or terms.capex_usd is None else float(terms.capex_usd) * units,
        "life_months": terms.life_months,
        "capital_straight_line_usd_per_month": cents(capital_per_month(terms, "straight_line") * units),
        "capital_annuity_usd_per_month": cents(capital_per_month(terms, "annuity") * units),
        "usd_per_provisioned_accelerator_hour": round(total.total / provisioned_hours, 4) if provisioned_hours else None,
        "usd_per_used_accelerator_hour": round(total.total / (provisioned_hours * u), 4)
        if provisioned_hours and u > 0
        else None,
    }
    return heads, basis, details


def cost_component(
    workload: Any,
    component: Any,
    sizing: Sizing,
    offer: Offer,
    venue: Venue,
    *,
    elastic_on_demand: bool = True,
    capital_method: str = "straight_line",
    horizon_months: int | None = None,
) -> Cost:
    """Monthly cost of ``component`` on ``offer`` as sized, with breakdown, basis and $/M tokens: the
    one-row ``bill`` (``costing.columns``) in words.

    ``elastic_on_demand=False`` prices on-demand as left running 24 × 7 (units × 730 h) instead
    of following demand. ``workload`` is accepted for the pipeline's uniform call; nothing in it
    changes the price today.
    """
    del workload
    if not sizing.feasible:
        reason = sizing.reason or "no reason given"
        return Cost(component=component.name, offer_id=offer.id, usd_per_month=None, basis=f"unpriced: infeasible ({reason})")
    found = offer_bill(component, sizing, offer, venue, horizon_months=horizon_months,
                       elastic_on_demand=elastic_on_demand, capital_method=capital_method)
    return stated_cost(component, sizing, offer, venue, float(found.compute[0]), float(found.egress[0]),
                       elastic_on_demand=elastic_on_demand, capital_method=capital_method,
                       horizon_months=horizon_months)


def stated_cost(component: Any, sizing: Sizing, offer: Offer, venue: Venue, compute: float, egress: float, *,
                elastic_on_demand: bool = True, capital_method: str = "straight_line",
                horizon_months: int | None = None) -> Cost:
    """The ``Cost`` record of a feasible sizing whose ``bill`` came to ``compute`` and ``egress`` dollars
    (NaN: unpriced, or no egress figure): the figures in cents, by head, and the words. A table row
    states its cost from the bill the pipeline already took (``evaluation.evaluated.Row.cost``)."""
    breakdown = dict.fromkeys(HEADS, 0.0)
    owned_details = None
    if per_token(offer) and offer.tokens is not None:
        basis = token_bill(offer.tokens, component).basis
        breakdown["compute"] = compute
    elif offer.billing in OWNED_BILLING and offer.owned is not None:
        if math.isnan(compute):
            basis = f"unpriced: purchase price of {offer.sku} unknown (capex missing, no catalog price)"
        else:
            heads, basis, owned_details = _owned(offer, sizing, capital_method)
            breakdown.update(heads)
    else:
        basis = cloud_basis(offer, sizing, elastic_on_demand, horizon_months)
        breakdown["compute"] = compute
        power = site_power(offer, sizing, venue)
        if power is not None and not math.isnan(compute):
            if power.usd_per_month is not None:
                breakdown["compute"], breakdown["power"] = compute - power.usd_per_month, power.usd_per_month
            basis += f"; {power.words}"
    if math.isnan(compute):
        return Cost(component=component.name, offer_id=offer.id, usd_per_month=None, basis=basis)
    usd = compute
    egress_basis = _egress_words(component, offer, venue, egress)
    if not math.isnan(egress):
        breakdown["egress"] = egress
        usd += egress
    if egress_basis:
        basis += f"; {egress_basis}"
    tokens = output_tokens_served(component)
    per_million = cents(usd / (tokens / 1e6)) if tokens else None
    visible = float(component.output_tokens_per_month) if tokens else None
    return Cost(
        component=component.name,
        offer_id=offer.id,
        usd_per_month=cents(usd),
        usd_per_million_output_tokens=per_million,
        usd_per_million_visible_tokens=cents(usd / (visible / 1e6)) if visible else None,
        breakdown={k: cents(v) for k, v in breakdown.items()},
        basis=basis + ".",
        owned=owned_details,
    )


def _egress_words(component: Any, offer: Offer, venue: Venue, usd: float) -> str:
    """The egress clause of the basis for ``usd`` dollars of egress (NaN: the rate is unknown)."""
    gb = getattr(component, "egress_gb_per_month", None)
    if not gb:
        return ""
    rate = egress_rate(offer, venue)
    if math.isnan(usd):
        return f"egress of {gb:,.0f} GB/month NOT included: {rate.source}"
    dated = f", {rate.as_of}" if rate.as_of else ""
    return f"egress {gb:,.0f} GB/month = {money(usd)} ({rate.source}{dated})"
