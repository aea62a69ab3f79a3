"""A managed API against the cheapest self-hosted plan for one component, and the volume where they cross.

The question the seed debate asks ("AWS could offer $1 per million tokens"): at my volume, is the
API cheaper, and from which monthly volume does self-hosting win? Both sides are taken from the
evaluation's own costed rows, so the figures are the ones the tables print.

Model (docs/tco.md, "Managed APIs against self-hosting"), with V the component's visible output
tokens per month:
- API per token: ``api(V) = a · V``, a = the API row's bill / V now (input and reasoning tokens ride
  along in proportion).
- Self-hosted: ``self(V) = n(V) · F + b · V``, where F is what one unit costs at zero use (owned:
  capital, staff, maintenance, idle power; always-on cloud: the unit's whole bill; elastic cloud: 0),
  b what each token adds (owned: power above idle; elastic cloud: the hours it bills), and
  ``n(V) = ceil(p · V / c)`` units of capacity c (one unit busy all month) at peak-to-average p.
  F and b are fitted so that self(V now) is exactly the row's cost. Elastic billing for an interactive
  service never falls below one unit kept warm for its duty hours: ``self(V) = max(floor, b · V)``.
- Break-even: ``V* = F / (a − b)`` when ``a > b`` and V* fits one unit (p · V* ≤ c); otherwise the
  API is cheaper at every volume one unit can carry (and, as each unit adds F, at every volume).
  Elastic with a warm floor: ``V* = floor / a``; elastic without one (batch): cheaper at any volume when b < a.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from advisor.costing.cloud import ELASTIC
from advisor.evaluation.evaluated import Evaluated, Row
from advisor.assembly.owned_vs_cloud import cheapest_row, money, rounded
from advisor.model.specs import ClosedModel
from advisor.model.units import HOURS_PER_MONTH
from advisor.reference.models import closed_weights


def _volume(ev: Evaluated) -> float | None:
    return float(getattr(ev.component, "output_tokens_per_month", 0) or 0) or None


@dataclass(frozen=True, slots=True)
class SelfHostLine:
    """The self-hosted plan's cost line fitted to its row: ``self(V) = max(floor, n(V) · fixed + per_token · V)``."""

    fixed: float
    """USD per unit-month at zero use (F)."""
    per_token: float
    """USD each output token adds (b), egress included."""
    capacity: float
    """Output tokens one unit serves in a month, busy all month (c)."""
    floor: float
    """USD a month an interactive service pays on elastic billing for one unit kept warm (0 otherwise)."""


def _self_host_line(row: Row, volume: float, interactive: bool, duty: float) -> SelfHostLine | None:
    """F (USD per unit-month at zero use), b (USD per output token), c (output tokens one unit serves in a
    month) and the floor an interactive service pays on elastic billing (one unit warm for its duty hours),
    fitted to the row's cost at ``volume``; None without a capacity figure."""
    s, cost = row.sizing, row.cost
    if cost.usd_per_month is None or not s.units or s.utilisation <= 0:
        return None
    capacity = volume / (s.units * s.utilisation)
    egress = cost.breakdown.get("egress", 0.0)
    total = cost.usd_per_month - egress
    offer, floor = row.offer, 0.0
    if offer.owned is not None:
        from advisor.costing.owned import monthly_cost

        idle, busy = monthly_cost(offer.owned, 0.0).total, monthly_cost(offer.owned, 1.0).total
        per_token = (busy - idle) / capacity
    elif offer.billing in ELASTIC and s.unit_hours_per_month < s.units * HOURS_PER_MONTH * duty * 0.999:
        per_token = total / volume  # billed for busy hours only
        if interactive:  # but never below one unit kept warm for the duty hours, priced by the offer's own terms
            from advisor.costing.columns import offer_bill

            warm = s.model_copy(update={"units": 1, "unit_hours_per_month": HOURS_PER_MONTH * duty})
            found = float(offer_bill(None, warm, offer, None).compute[0])
            floor = 0.0 if math.isnan(found) else found
    else:
        per_token = 0.0  # always on (committed, or on demand kept warm): the whole bill is per unit
    fixed = (total - per_token * volume) / s.units
    return SelfHostLine(fixed=fixed, per_token=per_token + egress / volume, capacity=capacity, floor=floor)


def api_vs_self_host(ev: Evaluated, chosen_offer_id: str | None = None) -> dict[str, Any] | None:
    """The cheapest per-token API row against the cheapest self-hosted row of ``ev``, with the crossover.

    When the plan places the component on a self-hosted row (``chosen_offer_id``), that row is the
    comparison: plan constraints such as a capacity pool can rule the cheapest row out."""
    t = ev.table
    volume = _volume(ev)
    if t is None or not len(t) or volume is None:
        return None
    kind = t.offers.venue_kind
    api = (kind == "api") & t.offers.billed({"per_token"})
    self_hosted = kind != "api"
    if api.any() and closed_weights(ev.model):
        return _closed(ev.model, cheapest_row(ev, api), volume)
    if not api.any() or not self_hosted.any():
        return None
    best_api, best_self = cheapest_row(ev, api), cheapest_row(ev, self_hosted)
    if chosen_offer_id is not None:
        try:
            j = ev.position(chosen_offer_id)
        except KeyError:
            j = -1
        if j >= 0 and self_hosted[j]:
            best_self = ev.row(j)
    duty = float(getattr(ev.component, "duty", 1.0))
    line = _self_host_line(best_self, volume, ev.component.kind == "inference", duty)
    api_usd = best_api.cost.usd_per_month
    if api_usd is None or best_self.cost.usd_per_month is None:
        return None
    a = api_usd / volume
    peak = float(getattr(ev.component, "peak_to_average", 1.0))
    out: dict[str, Any] = {
        "api_offer": best_api.offer.id,
        "api_usd_per_month": rounded(api_usd),
        "api_usd_per_million_output_tokens": rounded(a * 1e6, 4),
        "self_host_offer": best_self.offer.id,
        "self_host_kind": best_self.venue.kind,
        "self_host_billing": best_self.offer.billing,
        "self_host_units": best_self.sizing.units,
        "self_host_usd_per_month": rounded(best_self.cost.usd_per_month),
        "self_host_usd_per_million_output_tokens": rounded(best_self.cost.usd_per_million_output_tokens, 4),
        "output_tokens_per_month": volume,
        "cheaper_now": "api" if api_usd < best_self.cost.usd_per_month else "self-host",
        "break_even_output_tokens_per_month": None,
    }
    if line is None:
        out["status"] = "no capacity figure for the self-hosted plan: break-even unknown"
    else:
        out.update(self_host_fixed_usd_per_unit_month=rounded(line.fixed),
                   self_host_floor_usd_per_month=rounded(line.floor),
                   self_host_usd_per_million_output_tokens_marginal=rounded(line.per_token * 1e6, 4),
                   self_host_unit_capacity_output_tokens_per_month=round(line.capacity),
                   peak_to_average=peak)
        out.update(_crossover(a, line, peak))
    out["summary"] = _summary(out, best_api, best_self)
    return out


def _closed(model: ClosedModel, api: Row, volume: float) -> dict[str, Any]:
    """The line of a closed model: the API's cost, and self-hosting stated impossible (no plan, not $0)."""
    usd = api.cost.usd_per_month
    status = f"self-hosting is not possible: {model.id} has closed weights ({model.publisher} publishes none)"
    per_m = None if usd is None else rounded(usd / volume * 1e6, 4)
    priced = "unpriced" if usd is None else f"${usd:,.2f}/month (${per_m:,.2f}/M output tokens, input included)"
    return {"api_offer": api.offer.id, "api_usd_per_month": None if usd is None else rounded(usd),
            "api_usd_per_million_output_tokens": per_m, "self_host_offer": None, "self_host_usd_per_month": None,
            "output_tokens_per_month": volume, "cheaper_now": "api", "break_even_output_tokens_per_month": None,
            "status": status,
            "summary": f"{api.offer.provider} {api.offer.sku} per token {priced} at {volume / 1e6:,.1f} M output "
                       f"tokens a month; {status}"}


def _crossover(a: float, line: SelfHostLine, peak: float) -> dict[str, Any]:
    """The break-even volume and the sentence that states it, for API price ``a`` per token (module docstring)."""
    fixed, b, capacity, floor = line.fixed, line.per_token, line.capacity, line.floor
    one_unit = capacity / peak
    if fixed <= 0 and a > b:
        if floor <= 0:
            return {"status": "the self-hosted plan is billed only as it is used and costs less per token: "
                              "it is cheaper at any volume"}
        v_star = floor / a  # elastic but never below one warm unit: the API wins until its bill reaches that floor
        return {"break_even_output_tokens_per_month": round(v_star),
                "status": f"self-hosting is cheaper above {v_star / 1e6:,.1f} M output tokens a month (below it, one "
                          f"unit kept warm for interactive users, ${floor:,.2f}/month, costs more than the API)"}
    if a <= b:
        return {"status": "the API costs less per token than the self-hosted plan's running cost alone: "
                          "self-hosting never breaks even"}
    v_star = fixed / (a - b)
    if v_star > one_unit:
        return {"status": f"one self-hosted unit costs more a month than the API charges for all it can serve "
                          f"({one_unit / 1e6:,.0f} M output tokens at peak-to-average {peak:g}): self-hosting never breaks even"}
    return {"break_even_output_tokens_per_month": round(v_star),
            "status": f"self-hosting is cheaper above {v_star / 1e6:,.1f} M output tokens a month"}


def _summary(out: dict[str, Any], api: Row, self_row: Row) -> str:
    text = (f"{api.offer.provider} {api.offer.sku} per token {money(out['api_usd_per_month'])}/month "
            f"({money(out['api_usd_per_million_output_tokens'])}/M output tokens, input included) against "
            f"{self_row.offer.provider} {self_row.offer.sku} {self_row.offer.billing} "
            f"{money(out['self_host_usd_per_month'])}/month at {out['output_tokens_per_month'] / 1e6:,.1f} M output "
            f"tokens a month: the {'API' if out['cheaper_now'] == 'api' else 'self-hosted plan'} is cheaper now; "
            f"{out['status']}")
    return text
