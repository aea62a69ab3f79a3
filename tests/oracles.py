"""Record-shaped algorithms that serve as definitions: the production code runs on columns, and the
equivalence tests hold it to these. Nothing in ``advisor`` imports this module.

Each oracle is the straightforward per-record form of a concept the core computes in bulk:
- ``group_offers``: the distinct units the offers sell, each offer's index into them (sizing);
- ``exclude_one``: one exclusion counted and kept as ``Evaluated.exclude_all`` counts and keeps many;
- ``figures``: an offer's (usd_per_month, usd_per_million_output_tokens), as ``costing.columns.bill`` states
  them (``compute_usd``: a cloud offer's compute dollars per record);
- ``erlang_c``: P(wait) with the Erlang B recurrence as one masked pass over every row per k;
- ``planned_utilisation``: the busiest utilisation within the SLO, one utilisation of the grid at a time;
- ``scale_value``: one figure's criterion value through the array form, ``Scale.values``;
- ``redact_plain``: every credential pattern run over the whole text (``advisor.redact`` runs one only
  where its trigger is found).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from advisor.costing.cloud import ELASTIC, INTERRUPTIBLE, hourly_price, interruption_overhead, subscription_monthly
from advisor.criteria.carbon import DEFAULT_PUE
from advisor.costing.columns import OWNED_BILLING, cents, output_tokens_served
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate
from advisor.costing.owned import monthly_cost
from advisor.evaluation.evaluated import EXCLUSIONS_KEPT, Evaluated, _exclusion
from advisor.model.offers import Offer, Venue
from advisor.model.records import Sizing
from advisor.sizing import _allowed_ids
from advisor.sizing.devices import UnitConfig, unit_config, unit_key


def group_offers(component: Any, offers: Sequence[Offer], hardware: Any) -> tuple[list[UnitConfig | str], list[int]]:
    """Distinct units sold by the offers (or why one cannot be sized) and each offer's index into them."""
    allowed = _allowed_ids(component, hardware)
    by_value: dict[tuple[Any, ...], int] = {}
    units: list[UnitConfig | str] = []
    slots: list[int] = []
    for offer in offers:
        key = unit_key(offer.hardware, offer.billing, offer.tokens)
        slot = by_value.get(key)
        if slot is None:
            unit = unit_config(offer, hardware)
            if allowed is not None and hasattr(unit, "spec") and unit.spec.id not in allowed:
                unit = f"component '{component.name}' is restricted to hardware {', '.join(sorted(allowed))}"
            slot = by_value[key] = len(units)
            units.append(unit)
        slots.append(slot)
    return units, slots


def exclude_one(ev: Evaluated, offer: Offer, venue: Venue, reason: str, detail: str | Callable[[], str],
                rule_ids: tuple[str, ...] = ()) -> None:
    """Count one exclusion; keep its record while it is among the smallest ids or the first at its venue."""
    ev.excluded_counts[reason] += 1
    ev.rule_counts.update(rule_ids if reason == "veto" else ())
    ev.venues_by_reason.setdefault(reason, set()).add(venue.id)
    first = (reason, venue.id) not in ev.first_per_venue
    kept = ev.kept.setdefault(reason, [])
    if not first and len(kept) >= EXCLUSIONS_KEPT and offer.id >= kept[-1][0]:
        return
    excl = _exclusion(offer, venue, reason, detail() if callable(detail) else detail, rule_ids)
    if first:
        ev.first_per_venue[(reason, venue.id)] = excl
    bisect.insort(kept, (offer.id, excl), key=lambda pair: pair[0])
    del kept[EXCLUSIONS_KEPT:]


def figures(component: Any, sizing: Sizing, offer: Offer, venue: Venue) -> tuple[float | None, float | None]:
    """An offer's two stated figures, one record at a time: compute (or owned TCO, or tokens), egress, cents."""
    if not sizing.feasible:
        return None, None
    if offer.billing in OWNED_BILLING and offer.owned is not None:
        terms = offer.owned
        if not terms.already_owned and terms.capex_usd is None:
            return None, None
        usd: float | None = monthly_cost(terms, sizing.utilisation).scaled(sizing.units).total
    elif offer.billing == "per_token" and offer.tokens is not None:  # a managed API bills tokens, not hours
        from advisor.costing.tokens import token_bill

        usd = token_bill(offer.tokens, component).usd_per_month
    else:
        usd = compute_usd(offer, sizing)
        if usd is not None and offer.billing == "subscription" and venue.electricity_usd_per_kwh is not None \
                and sizing.energy_kwh_per_month is not None:  # the site powers a device on its premises
            usd += sizing.energy_kwh_per_month * (DEFAULT_PUE if venue.pue is None else venue.pue) * venue.electricity_usd_per_kwh
    if usd is None:
        return None, None
    gb = getattr(component, "egress_gb_per_month", None)
    if gb:
        egress_usd = egress_rate(offer, venue).usd_for(gb)
        if egress_usd is not None:
            usd += egress_usd
    tokens = output_tokens_served(component)
    return cents(usd), (cents(usd / (tokens / 1e6)) if tokens else None)


def compute_usd(offer: Offer, sizing: Sizing, elastic_on_demand: bool = True) -> float | None:
    """A cloud offer's compute dollars by billing model (tco reference §3), as first written per record."""
    units = sizing.units
    if offer.billing == "subscription":
        per_unit = subscription_monthly(offer)[0]
        return None if per_unit is None else units * per_unit
    hourly = hourly_price(offer)
    if hourly is None:
        return None
    price = float(hourly)
    if offer.billing in ELASTIC and (elastic_on_demand or offer.billing != "on_demand"):
        usd = sizing.unit_hours_per_month * price
        if offer.billing in INTERRUPTIBLE:
            usd *= 1.0 + interruption_overhead(offer)[0]
        return usd
    hours = units * HOURS_PER_MONTH
    return hours * price


def erlang_c(servers: np.ndarray, offered: np.ndarray) -> np.ndarray:
    """``advisor.sizing.queueing.erlang_c`` as first written: every row through every k, masked."""
    from advisor.sizing.queueing import EXACT_UP_TO, _erf

    c = np.maximum(np.asarray(servers, dtype=float), 1.0)
    a = np.asarray(offered, dtype=float)
    rho = np.minimum(a / c, 1.0)
    small = c <= EXACT_UP_TO
    b = np.ones_like(a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for k in range(1, int(min(c.max(initial=1.0), EXACT_UP_TO)) + 1):
            b = np.where(small & (k <= c), a * b / (k + a * b), b)
        exact = b / (1.0 - rho * (1.0 - b))
        beta = (1.0 - rho) * np.sqrt(c)
        cdf = 0.5 * (1.0 + _erf(beta / math.sqrt(2.0)).astype(float))
        pdf = np.exp(-0.5 * beta**2) / math.sqrt(2.0 * math.pi)
        limit = 1.0 / (1.0 + beta * cdf / pdf)
    out = np.where(small, exact, limit)
    return np.where(rho >= 1.0, 1.0, np.clip(np.nan_to_num(out, nan=1.0), 0.0, 1.0))


def planned_utilisation(c: Any, ev: Any, shape: Any, most: float) -> np.ndarray:
    """``advisor.sizing.inference.planned_utilisation`` one utilisation of the grid at a time."""
    from advisor.sizing.inference import UTILISATION_GRID, ttft_budget_s

    best = np.zeros_like(ev.tokens_per_s)
    open_rows = np.ones(best.shape, dtype=bool)
    t1 = ttft_budget_s(c) if c.slo.ttft_ms_p95 else np.inf
    step = 1.0 / c.slo.tokens_per_second_per_user if c.slo.tokens_per_second_per_user else np.inf
    for u in UTILISATION_GRID[UTILISATION_GRID <= most + 1e-9]:
        ttft95, tpot95 = ev.p95(shape, u)
        ok = open_rows & (ttft95 <= t1) & (tpot95 <= step)
        best = np.where(ok, u, best)
        open_rows &= ~ok
    return best


def scale_value(scale: Any, x: float) -> float:
    """A criterion's value of one figure through the array form."""
    return float(scale.values(np.array([x], dtype=float))[0])


def prune_columns(scores: np.ndarray, cost: np.ndarray, units: np.ndarray, group: np.ndarray, pool: np.ndarray,
                  free_id: int) -> list[int]:
    """``placement.milp.prune_columns`` group by group with numpy (its definition before the whole-array form)."""
    from advisor.placement.milp import _prune_pooled

    n = len(scores)
    order = np.lexsort((np.arange(n), units, cost, -scores, pool, group))
    keep = np.zeros(n, dtype=bool)
    bounds = np.flatnonzero(np.diff(group[order]) != 0) + 1
    for members in np.split(order, bounds):
        splits = np.flatnonzero(np.diff(pool[members]) != 0) + 1
        free_s = free_c = np.zeros(0)
        for sub in np.split(members, splits):
            if pool[sub[0]] == free_id:
                c = cost[sub]
                prev = np.concatenate([[np.inf], np.minimum.accumulate(c)[:-1]])
                front = sub[c < prev]
                keep[front] = True
                free_s, free_c = scores[front], cost[front]
        pooled = members[pool[members] != free_id]  # the pooled rows' rule is unchanged: the module's own
        if len(pooled):
            _prune_pooled(pooled, scores, cost, units, pool, free_s, free_c, keep)
    return np.flatnonzero(keep).tolist()


_PLAIN_SECRET_NAME = r"[\w-]*?(?:(?<!per[_-])token|secret|passw(?:or)?d|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|signature|credential|private[_-]?key|sig|auth)"
PLAIN_PATTERNS = (
    re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    re.compile(r"(?i)\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(rf"(?i)(?<=[?&;])({_PLAIN_SECRET_NAME}|key|code)=[^&#\s'\"<>]+"),
    re.compile(rf"(?i)\b({_PLAIN_SECRET_NAME}['\"]?\s*[:=]\s*['\"]?)[^\s'\",;&}}<>]{{8,}}"),
    re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
)


def redact_plain(text: str) -> str:
    """``advisor.redact.redact`` as it was defined: environment secrets, then each pattern over all the text."""
    from advisor.redact import MASK, _mask, _secret_values

    if not text:
        return text
    for value in _secret_values():
        text = text.replace(value, MASK)
    for pattern in PLAIN_PATTERNS:
        text = pattern.sub(_mask, text)
    return text
