"""Per-token costing of a managed model API: the component's monthly tokens times the published prices.

A managed API bills what goes in and what comes out, not machines: input tokens (optionally a
share at the cached-input price), and output tokens including hidden reasoning tokens, which every
API bills as output. Batch components get the batch discount where one is published.
Formulas: docs/tco.md ("Managed model APIs").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from advisor.model.offers import Offer, TokenTerms
from advisor.model.units import SECONDS_PER_MONTH


@dataclass(frozen=True)
class TokenDemand:
    """A component's monthly tokens as an API bills them, and its peak rates as quotas count them."""

    requests: float
    input_tokens: float
    output_tokens: float
    """Billed output: visible answers × reasoning multiplier."""
    peak_tokens_per_minute: float
    peak_requests_per_minute: float
    context_tokens_per_request: float
    output_tokens_per_request: float

    @property
    def total_tokens(self) -> float:
        return self.input_tokens + self.output_tokens


def token_demand(component: Any) -> TokenDemand:
    """What ``component`` sends and receives in a month, and at its peak minute (duty and peak-to-average)."""
    out_per_request = float(component.output_tokens_per_request) * float(component.reasoning_multiplier)
    requests = float(component.output_tokens_per_month) / float(component.output_tokens_per_request)
    input_tokens = requests * float(component.input_tokens_per_request)
    output_tokens = float(component.output_tokens_per_month) * float(component.reasoning_multiplier)
    busy_minutes = SECONDS_PER_MONTH / 60 * float(component.duty)  # the month demand is given in, as sizing
    peak = float(component.peak_to_average)
    return TokenDemand(
        requests=requests,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        peak_tokens_per_minute=(input_tokens + output_tokens) / busy_minutes * peak,
        peak_requests_per_minute=requests / busy_minutes * peak,
        context_tokens_per_request=float(component.input_tokens_per_request) + out_per_request,
        output_tokens_per_request=out_per_request,
    )


@dataclass(frozen=True)
class TokenBill:
    """One month of an API: dollars (None = a price is not published), how, and the figures behind it."""

    usd_per_month: float | None
    basis: str
    details: dict[str, Any]


def _per_m(value: Decimal | None) -> str:
    return "unpublished" if value is None else f"${value.normalize():f}/M"


def blended_usd_per_million_output(terms: TokenTerms, component: Any) -> float | None:
    """Dollars per million billed output tokens with the input that comes with them: the API's slope."""
    bill = token_bill(terms, component)
    demand = token_demand(component)
    return None if bill.usd_per_month is None else bill.usd_per_month / (demand.output_tokens / 1e6)


def token_bill(terms: TokenTerms, component: Any) -> TokenBill:
    """The month's bill of ``component`` on an API selling ``terms`` per token."""
    if terms.usd_per_million_input is None or terms.usd_per_million_output is None:
        missing = "input" if terms.usd_per_million_input is None else "output"
        return TokenBill(None, f"unpriced: no {missing} token price published for {terms.model}", {})
    d = token_demand(component)
    cached_share = float(getattr(component, "cached_input_share", 0.0) or 0.0)
    cached_price = terms.usd_per_million_cached_input
    if cached_share and cached_price is None:
        cached_share, cached_note = 0.0, "; no cached-input price published, all input billed in full"
    else:
        cached_note = ""
    p_in, p_out = float(terms.usd_per_million_input), float(terms.usd_per_million_output)
    fresh_in = d.input_tokens * (1.0 - cached_share)
    cached_in = d.input_tokens * cached_share
    usd_in = fresh_in / 1e6 * p_in + (cached_in / 1e6 * float(cached_price) if cached_share and cached_price is not None else 0.0)
    usd_out = d.output_tokens / 1e6 * p_out
    usd = usd_in + usd_out
    discount = 0.0
    batch = getattr(component, "kind", "") == "batch-inference"
    if batch and terms.batch_discount:
        discount = terms.batch_discount
        usd *= 1.0 - discount
    basis = (f"{terms.model} per token: {d.input_tokens / 1e6:,.1f} M input at {_per_m(terms.usd_per_million_input)}"
             + (f" ({cached_share:.0%} cached at {_per_m(cached_price)})" if cached_share else "")
             + f" + {d.output_tokens / 1e6:,.1f} M output (reasoning included) at {_per_m(terms.usd_per_million_output)}")
    if discount:
        basis += f", batch discount {discount:.0%}"
    elif batch:
        basis += ", no batch discount published"
    basis += cached_note
    details = {
        "input_tokens_per_month": round(d.input_tokens),
        "output_tokens_per_month": round(d.output_tokens),
        "requests_per_month": round(d.requests),
        "usd_input": round(usd_in * (1.0 - discount), 2),
        "usd_output": round(usd_out * (1.0 - discount), 2),
        "batch_discount": discount or None,
        "cached_input_share": cached_share or None,
    }
    return TokenBill(usd, basis, details)


def per_token(offer: Offer) -> bool:
    """Whether ``offer`` is billed per token (its cost comes from ``token_bill``, not from hours)."""
    return offer.billing == "per_token" and offer.tokens is not None
