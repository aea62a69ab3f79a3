"""What a failover costs while it waits: billed as what it is, not as a second primary.

A critical interactive component keeps a **warm standby**: on elastic terms (on-demand, spot,
marketplace) one unit runs all month and the rest start on failover; on reserved, committed,
subscription or owned terms the whole capacity is held and paid whether used or not. A batch,
fine-tune or training component keeps a **cold standby**: on elastic terms nothing runs until the
primary fails (the work is then billed there as it would be at the primary); held terms are paid in full.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from advisor.costing.availability import interactive_slo

__all__ = ["ELASTIC_BILLING", "standby_costs", "standby_words"]

ELASTIC_BILLING = frozenset({"on_demand", "spot", "marketplace"})
HOURS_PER_MONTH = 730.0


def warm(component: Any) -> bool:
    """Interactive components fail over to a warm unit; the others restart cold."""
    return getattr(component, "kind", None) == "inference" or interactive_slo(component)


def standby_costs(component: Any, usd: np.ndarray, hourly: np.ndarray, elastic: np.ndarray) -> np.ndarray:
    """Monthly cost of holding each row as a failover: one warm unit (at most the row's own bill) or
    nothing on elastic terms, the full bill on held terms; an elastic row without an hourly price
    is held in full (never $0 by a missing figure)."""
    usd, hourly = np.asarray(usd, dtype=float), np.asarray(hourly, dtype=float)
    one_unit = np.where(np.isnan(hourly), usd, np.minimum(usd, hourly * HOURS_PER_MONTH))
    waiting = one_unit if warm(component) else np.where(np.isnan(hourly), usd, 0.0)
    return np.where(elastic, waiting, usd)


def standby_words(component: Any, billing: str) -> str:
    """How the failover row is billed, in words."""
    if billing not in ELASTIC_BILLING:
        return f"standby holds its {billing.replace('_', ' ')} capacity: billed in full"
    if warm(component):
        return "warm standby: one unit runs all month, the rest start on failover"
    return "cold standby: nothing runs until the primary fails; the work is then billed here"
