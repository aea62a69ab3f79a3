"""Costing defaults that are not prices, each with where it comes from."""

from __future__ import annotations

from advisor.model.units import HOURS_PER_MONTH as HOURS_PER_MONTH  # re-exported: costing reads it from here

HOURS_SOURCE = "730 h per month (8,760 / 12) for costing (tco reference, conventions)"

CLOUD_PRICE_DECLINE_PER_YEAR = 0.10
CLOUD_PRICE_DECLINE_SOURCE = (
    "estimate: 10 %/yr decline of cloud GPU prices as the owned unit ages (tco reference §6; "
    "AWS's reported June 2025 P5 cuts of up to ~45 % are one third-party data point)"
)

CAPITAL_METHODS = ("straight_line", "annuity")
