"""Owned hardware against on-demand cloud for one component: like for like, with break-even and payback.

The comparison a review board asks for first (the seed case): the best owned candidate against the
best on-demand cloud candidate with the same accelerators when one exists, both serving the same demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from advisor.evaluation.evaluated import Evaluated, Row
from advisor.model.workload import LoadedWorkload
from advisor.model.units import HOURS_PER_MONTH



def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def owned_vs_cloud(ev: Evaluated, loaded: Sequence[LoadedWorkload]) -> dict[str, Any] | None:
    """Owned hardware against on-demand cloud, like for like: same accelerator and count when offered."""
    t = ev.table
    if t is None or not len(t):
        return None
    cols, offer = t.cols, t.offer
    owned = cols.has_terms[offer]
    cloud = cols.billed({"on_demand"})[cols.billing[offer]] & (cols.venue_kind[cols.venue[offer]] == "cloud")
    if not owned.any() or not cloud.any():
        return None
    from advisor.costing import compare_owned

    best_owned = cheapest_row(ev, owned)
    hw = best_owned.offer.hardware
    kit = np.array([k[:2] == (hw.accelerator, hw.accelerator_count) for k in cols.unit_keys], dtype=bool)
    same = cloud & kit[cols.unit[offer]]
    best_cloud = cheapest_row(ev, same if same.any() else cloud)
    cloud_full = _cloud_cost_of_owned_capacity(best_owned, best_cloud)
    result = compare_owned(best_owned.offer, best_owned.cost, best_owned.sizing, best_cloud.offer, best_cloud.cost,
                           ev.loaded.workload.workload.horizon_months, alternative_full_usd_per_month=cloud_full)
    result = {k: v for k, v in result.items() if k not in ("owned_offer", "alternative_offer")}
    per_m = lambda r: r.cost.usd_per_million_output_tokens  # noqa: E731
    # training has no output tokens: no "$/M tokens" to show (an unknown figure would read "unpriced")
    per_m_words = lambda r: "" if per_m(r) is None else f" ({_money(per_m(r))}/M tokens)"  # noqa: E731
    summary = (
        f"{best_owned.offer.sku} owned {_money(best_owned.cost.usd_per_month)}/month"
        f"{per_m_words(best_owned)} against {best_cloud.offer.provider} {best_cloud.offer.sku} on demand at "
        f"${best_cloud.offer.usd_per_hour}/h, {_money(best_cloud.cost.usd_per_month)}/month{per_m_words(best_cloud)}, "
        f"both serving the same demand at {best_owned.sizing.utilisation:.0%} utilisation of the owned box; "
        f"against the same hours billed busy-only, {result.get('break_even_note')}; payback {result.get('payback')}"
    )
    from advisor.sizing.inference import WARM_POOL_NOTE

    if WARM_POOL_NOTE in best_cloud.sizing.notes:
        summary += "; the cloud instance stays warm all its duty hours for interactive users, so it bills them all"
    if result.get("npv_owned_usd") is not None:
        summary += (f"; NPV over {result['horizon_months']} months owned {_money(result['npv_owned_usd'])} vs cloud "
                    f"{_money(result['npv_alternative_usd'])}")
    if result.get("flip_usd_per_hour") is not None:
        summary += f"; the cloud price at which the decision flips is ${result['flip_usd_per_hour']:,.3f}/h"
    return {
        "owned_offer": best_owned.offer.id,
        "cloud_offer": best_cloud.offer.id,
        "owned_usd_per_month": rounded(best_owned.cost.usd_per_month),
        "cloud_usd_per_month": rounded(best_cloud.cost.usd_per_month),
        "owned_usd_per_million_tokens": rounded(per_m(best_owned), 4),
        "cloud_usd_per_million_tokens": rounded(per_m(best_cloud), 4),
        "cloud_utilisation": round(best_cloud.sizing.utilisation, 4),
        "cloud_full_usd_per_month": rounded(cloud_full),
        "owned_utilisation": round(best_owned.sizing.utilisation, 4),
        "summary": summary,
        **{k: v for k, v in result.items() if k not in ("owned_usd_per_month",)},
    }


def cheapest_row(ev: Evaluated, mask: np.ndarray) -> Row:
    """The cheapest row among ``mask``, the smallest offer id among equals."""
    t = ev.table
    rows = np.flatnonzero(mask)
    return ev.row(int(rows[np.lexsort((t.cols.rank[t.offer[rows]], t.usd[rows]))[0]]))


def _unit_capacity(row: Row) -> float | None:
    """Output tokens per second one unit of the offer serves at the sized batch."""
    s = row.sizing
    if not s.output_tokens_per_second_per_replica or not s.units:
        return None
    return s.output_tokens_per_second_per_replica * s.replicas / s.units


def _cloud_cost_of_owned_capacity(owned: Row, cloud: Row) -> float | None:
    """What the cloud offer bills per month to match the owned units' full capacity (g·H·p, tco §4)."""
    own_cap, cloud_cap = _unit_capacity(owned), _unit_capacity(cloud)
    if not own_cap or not cloud_cap or cloud.offer.usd_per_hour is None:
        return None
    units = own_cap * owned.sizing.units / cloud_cap
    return units * HOURS_PER_MONTH * float(cloud.offer.usd_per_hour)


def _money(value: float | None) -> str:
    return "unpriced" if value is None else f"${value:,.2f}"


