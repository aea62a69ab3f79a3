"""Owned hardware against the cloud for one component: the cheapest adequate cloud offer first, the
same hardware on demand second, each with break-even, payback and NPV.

A box compared only with the same GPUs rented 24 × 7 can look like it pays back in weeks while a
smaller cloud GPU serves the same demand for less than the box's running cost (the seed case). Every
eligible row already meets the component's SLO, rules and horizon, so the cheapest cloud row is the
cheapest *adequate* offer; the like-for-like line stays as the comparison the seed made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from advisor.evaluation.evaluated import Evaluated, Row
from advisor.model.workload import LoadedWorkload
from advisor.model.units import HOURS_PER_MONTH



def rounded(value: float | None, digits: int = 2) -> float | None:
    """A figure of the JSON rounded to ``digits``; unknown stays None."""
    return None if value is None else round(float(value), digits)


def owned_vs_cloud(ev: Evaluated, loaded: Sequence[LoadedWorkload]) -> dict[str, Any] | None:
    """The best owned row against the cheapest adequate cloud row, with the same hardware on demand as
    ``like_for_like`` when that is a different offer."""
    t = ev.table
    if t is None or not len(t):
        return None
    rows = t.offers
    owned = rows.has_terms
    cloud = rows.venue_kind == "cloud"
    if not owned.any() or not cloud.any():
        return None
    best_owned = cheapest_row(ev, owned)
    best_cloud = cheapest_row(ev, cloud)
    hw = best_owned.offer.hardware
    kit = np.array([k[:2] == (hw.accelerator, hw.accelerator_count) for k in rows.unit_keys], dtype=bool)
    same = cloud & rows.billed({"on_demand"}) & kit[rows.unit]
    out = _compare(ev, best_owned, best_cloud, "the cheapest adequate cloud offer")
    second = cheapest_row(ev, same) if same.any() else None
    out["like_for_like"] = (None if second is None or second.offer.id == best_cloud.offer.id
                            else _compare(ev, best_owned, second, "the same hardware"))
    return out


def _compare(ev: Evaluated, best_owned: Row, best_cloud: Row, label: str) -> dict[str, Any]:
    from advisor.costing import compare_owned
    from advisor.costing.cloud import BILLING_WORDS, effective_hourly
    from advisor.sizing.inference import WARM_POOL_NOTE

    cloud_full = _cloud_cost_of_owned_capacity(best_owned, best_cloud)
    result = compare_owned(best_owned.offer, best_owned.cost, best_owned.sizing, best_cloud.offer, best_cloud.cost,
                           ev.loaded.workload.workload.horizon_months, alternative_full_usd_per_month=cloud_full)
    result = {k: v for k, v in result.items() if k not in ("owned_offer", "alternative_offer")}
    cloud = best_cloud.offer
    hourly = effective_hourly(cloud)[1] or "its monthly price"
    summary = (
        f"{best_owned.offer.sku} owned {money(best_owned.cost.usd_per_month)}/month"
        f"{_per_million_words(best_owned)} against {label}, {cloud.provider} {cloud.sku} "
        f"{BILLING_WORDS.get(cloud.billing, cloud.billing)} at {hourly}, {money(best_cloud.cost.usd_per_month)}/month"
        f"{_per_million_words(best_cloud)}, both serving the same demand at {best_owned.sizing.utilisation:.0%} "
        f"utilisation of the owned box; "
        + ("against the same hours billed busy-only, " if result.get("alternative_elastic") else "")
        + f"{result.get('break_even_note')}; payback {result.get('payback')}"
    )
    if WARM_POOL_NOTE in best_cloud.sizing.notes:
        summary += "; the cloud instance stays warm all its duty hours for interactive users, so it bills them all"
    if result.get("npv_owned_usd") is not None:
        summary += (f"; NPV over {result['horizon_months']} months owned {money(result['npv_owned_usd'])} vs cloud "
                    f"{money(result['npv_alternative_usd'])}")
    if result.get("flip_usd_per_hour") is not None:
        summary += f"; the cloud price at which the decision flips is ${result['flip_usd_per_hour']:,.3f}/h"
    return {
        "compared_with": label,
        "owned_offer": best_owned.offer.id,
        "cloud_offer": cloud.id,
        "owned_usd_per_month": rounded(best_owned.cost.usd_per_month),
        "cloud_usd_per_month": rounded(best_cloud.cost.usd_per_month),
        "owned_usd_per_million_tokens": rounded(_per_million(best_owned), 4),
        "cloud_usd_per_million_tokens": rounded(_per_million(best_cloud), 4),
        "cloud_utilisation": round(best_cloud.sizing.utilisation, 4),
        "cloud_full_usd_per_month": rounded(cloud_full),
        "owned_utilisation": round(best_owned.sizing.utilisation, 4),
        "summary": summary,
        **{k: v for k, v in result.items() if k not in ("owned_usd_per_month",)},
    }


def _per_million(row: Row) -> float | None:
    return row.cost.usd_per_million_output_tokens


def _per_million_words(row: Row) -> str:
    """The row's price per million output tokens in brackets, or nothing: training has no output tokens
    (an unknown figure would read "unpriced")."""
    per_m = _per_million(row)
    return "" if per_m is None else f" ({money(per_m)}/M tokens)"


def cheapest_row(ev: Evaluated, mask: np.ndarray) -> Row:
    """The cheapest row among ``mask``, the smallest offer id among equals."""
    t = ev.rows_table
    rows = np.flatnonzero(mask)
    return ev.row(int(rows[np.lexsort((t.offers.rank[rows], t.usd[rows]))[0]]))


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


def money(value: float | None) -> str:
    """Dollars to the cent, or "unpriced" when unknown (never $0)."""
    return "unpriced" if value is None else f"${value:,.2f}"


