"""Units of time used for costing and sizing: one definition each (the tco reference's conventions).

Prices are per hour and plans per month: a month is 730 hours (8,760 h a year / 12), as AWS, Azure
and Google's pricing calculators use. Token demand per month is spread over 30 days.
"""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_YEAR = 8760
#: Billing hours in a month: 8,760 / 12.
HOURS_PER_MONTH = 730
#: The same as a Decimal, for plugins that keep prices as Decimals.
HOURS_PER_MONTH_DECIMAL = Decimal(HOURS_PER_MONTH)
#: Seconds over which a month's token demand is spread: 30 days.
SECONDS_PER_MONTH = 30 * 24 * 3600
SECONDS_PER_HOUR = 3600
