"""When an interactive component is allowed onto spot capacity, say what its SLO then rests on: the
eviction rate, and the cheapest held (on-demand, reserved, owned) option that would carry the same
load without that risk: the on-demand floor."""

from __future__ import annotations

import numpy as np

from advisor.costing.availability import RECLAIMABLE, availability, interactive_slo
from advisor.evaluation.evaluated import Evaluated
from advisor.model.recommendation import Placement

__all__ = ["preemptible_risk"]


def preemptible_risk(ev: Evaluated, chosen: Placement | None) -> list[str]:
    """One line for an interactive component placed on reclaimable capacity, else none."""
    t = ev.table
    if chosen is None or t is None or chosen.billing not in RECLAIMABLE or not interactive_slo(ev.component):
        return []
    offer = t.offers.offer(ev.position(chosen.offer_id))
    found = availability(offer)
    line = (f"spot risk: the SLO rests on capacity the provider reclaims, about {found.interruptions_per_month:g} "
            f"interruptions per unit-month ({found.source.split(';')[0]}); allowed by allow_preemptible")
    held = ~t.offers.billed(RECLAIMABLE)
    if held.any():
        assert chosen.usd_per_month is not None, "a placed row is priced: unpriced offers are never placed"
        rows = np.flatnonzero(held)
        j = int(rows[np.lexsort((t.offers.rank[rows], t.usd[rows]))[0]])
        floor = t.offers.offer(j)
        line += (f"; the floor without that risk is {floor.provider} {floor.sku} {floor.billing.replace('_', ' ')} at "
                 f"${float(t.usd[j]):,.2f}/month ({float(t.usd[j]) / chosen.usd_per_month:.1f}× the spot bill)")
    else:
        line += "; no held capacity among the eligible offers carries the load"
    return [line]
