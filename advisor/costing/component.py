"""cost_component: one feasible sizing of one component on one offer, priced per month.

Cloud terms come from ``cloud``, owned hardware from ``owned``, internet egress from ``egress``.
The result carries a breakdown by head and one sentence saying how it was reached; an offer
without a price is reported unpriced (``usd_per_month=None``), never as $0.
"""

from __future__ import annotations

from typing import Any

from advisor.costing.cloud import cloud_compute, money
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate
from advisor.costing.owned import capital_per_month, monthly_cost
from advisor.costing.tokens import per_token, token_bill
from advisor.model.offers import Offer, Venue
from advisor.model.records import Cost, Sizing

HEADS = ("compute", "egress", "capital", "maintenance", "power", "colocation", "staff", "other")
OWNED_BILLING = frozenset({"capex", "owned"})


def _cents(value: float) -> float:
    return round(value + 0.0, 2)


def output_tokens_served(component: Any) -> float | None:
    """Output tokens generated per month (visible answers × reasoning multiplier); None for training."""
    if getattr(component, "kind", None) not in ("inference", "batch-inference"):
        return None
    return float(component.output_tokens_per_month) * float(component.reasoning_multiplier)


def _owned(offer: Offer, sizing: Sizing, method: str) -> tuple[float | None, dict[str, float], str, dict[str, Any] | None]:
    terms = offer.owned
    assert terms is not None
    if not terms.already_owned and terms.capex_usd is None:
        return None, {}, f"unpriced: purchase price of {offer.sku} unknown (capex missing, no catalog price)", None
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
        else f"{money(terms.capex_usd)} over {terms.life_months} months"  # type: ignore[arg-type]
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
        "unit_usd_per_month": _cents(unit.total),
        "unit_opex_usd_per_month": _cents(unit.opex),
        "capex_usd": None if terms.already_owned else float(terms.capex_usd) * units,  # type: ignore[arg-type]
        "life_months": terms.life_months,
        "capital_straight_line_usd_per_month": _cents(capital_per_month(terms, "straight_line") * units),
        "capital_annuity_usd_per_month": _cents(capital_per_month(terms, "annuity") * units),
        "usd_per_provisioned_accelerator_hour": round(total.total / provisioned_hours, 4) if provisioned_hours else None,
        "usd_per_used_accelerator_hour": round(total.total / (provisioned_hours * u), 4)
        if provisioned_hours and u > 0
        else None,
    }
    return total.total, heads, basis, details


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
    """Monthly cost of ``component`` on ``offer`` as sized, with breakdown, basis and $/M tokens.

    ``elastic_on_demand=False`` prices on-demand as left running 24 × 7 (units × 730 h) instead
    of following demand. ``workload`` is accepted for the pipeline's uniform call; nothing in it
    changes the price today.
    """
    del workload
    if not sizing.feasible:
        reason = sizing.reason or "no reason given"
        return Cost(component=component.name, offer_id=offer.id, usd_per_month=None, basis=f"unpriced: infeasible ({reason})")
    breakdown = dict.fromkeys(HEADS, 0.0)
    owned_details = None
    if per_token(offer):
        bill = token_bill(offer.tokens, component)  # type: ignore[arg-type]
        usd, basis = bill.usd_per_month, bill.basis
        breakdown["compute"] = usd or 0.0
    elif offer.billing in OWNED_BILLING and offer.owned is not None:
        usd, heads, basis, owned_details = _owned(offer, sizing, capital_method)
        breakdown.update(heads)
    else:
        compute = cloud_compute(offer, sizing, elastic_on_demand, horizon_months)
        usd, basis = compute.usd_per_month, compute.basis
        breakdown["compute"] = usd or 0.0
    if usd is None:
        return Cost(component=component.name, offer_id=offer.id, usd_per_month=None, basis=basis)
    egress_usd, egress_basis = _egress(component, offer, venue)
    if egress_usd is not None:
        breakdown["egress"] = egress_usd
        usd += egress_usd
    if egress_basis:
        basis += f"; {egress_basis}"
    tokens = output_tokens_served(component)
    per_million = _cents(usd / (tokens / 1e6)) if tokens else None
    visible = float(component.output_tokens_per_month) if tokens else None
    return Cost(
        component=component.name,
        offer_id=offer.id,
        usd_per_month=_cents(usd),
        usd_per_million_output_tokens=per_million,
        usd_per_million_visible_tokens=_cents(usd / (visible / 1e6)) if visible else None,
        breakdown={k: _cents(v) for k, v in breakdown.items()},
        basis=basis + ".",
        owned=owned_details,
    )


def _egress(component: Any, offer: Offer, venue: Venue) -> tuple[float | None, str]:
    """Internet egress dollars and a clause for the basis; None dollars when the rate is unknown."""
    gb = getattr(component, "egress_gb_per_month", None)
    if not gb:
        return None, ""
    rate = egress_rate(offer, venue)
    usd = rate.usd_for(gb)
    if usd is None:
        return None, f"egress of {gb:,.0f} GB/month NOT included: {rate.source}"
    dated = f", {rate.as_of}" if rate.as_of else ""
    return usd, f"egress {gb:,.0f} GB/month = {money(usd)} ({rate.source}{dated})"
