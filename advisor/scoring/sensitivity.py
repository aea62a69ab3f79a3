"""How stable a decision is: weight flips (closed form), price flips (bisection), Monte Carlo.

Follows regulation.md section 7.4. All functions score through ``advisor.scoring.scores`` so the thresholds
they report are exactly where the fixed-scale weighted sum changes its mind.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypedDict, TypeVar

import numpy as np
from pydantic import Field

from advisor.model.candidates import Candidate
from advisor.model.offers import Record
from advisor.paths import data_table
from advisor.scoring.scores import (CRITERIA, Scales, check_weights, cost_ratio, cost_ratio_of, cost_references,
                                    criteria_values, load_scales, score, score_inputs,
                                    value_matrix)

__all__ = ["MonteCarlo", "PriceFlip", "WeightFlip", "monte_carlo", "price_flip", "sensitivity_summary", "weight_flips"]

MONTE_CARLO_CANDIDATES = 20
"""The Monte Carlo draws among this many best-ranked candidates (plus the chosen one)."""


class WeightFlip(Record):
    """The weight of one criterion at which the runner-up ties the winner (others rescaled)."""

    criterion: str
    weight: float
    flip_weight: float | None = Field(description="None when no weight in [0, 1] flips the ranking.")
    message: str


class PriceFlip(Record):
    winner: str
    runner_up: str
    margin: float
    winner_usd_per_month: float
    winner_flip_usd_per_month: float | None = Field(description="Winner's monthly cost at which it loses.")
    runner_up_usd_per_month: float
    runner_up_flip_usd_per_month: float | None = Field(description="Runner-up's cost at which it wins.")
    message: str


class MonteCarlo(Record):
    samples: int
    seed: int
    alpha: float
    probability_best: dict[str, float] = Field(description="Candidate key -> share of samples it ranks first.")
    message: str


def _label(c: Candidate) -> str:
    return c.offer_id


def weight_flips(
    winner: Candidate, runner_up: Candidate, weights: Mapping[str, float], scales: Scales | None = None
) -> list[WeightFlip]:
    """Per criterion j: ``delta* = -margin / (D_j - R_j)`` with ``R_j = (margin - w_j D_j) / (1 - w_j)``.

    Changing ``w_j`` by delta and rescaling the other weights proportionally (so they still sum to 1)
    moves the margin by ``delta * (D_j - R_j)``; the ranking flips at ``w_j + delta*`` when in [0, 1].
    """
    w = check_weights(weights)
    sc = scales or load_scales()
    margin, flips = _remembered("weights", _weight_flip_points, winner, runner_up, w, sc)
    return [WeightFlip(criterion=k, weight=w[k], flip_weight=flip,
                       message=_flip_words(k, w[k], flip, _label(winner), _label(runner_up), margin))
            for k, flip in zip(CRITERIA, flips, strict=True)]


def _weight_flip_points(winner: Candidate, runner_up: Candidate, w: dict[str, float],
                        sc: Scales) -> tuple[float, list[float | None]]:
    """The winner's score lead and, per criterion, the weight at which the ranking flips (None: none)."""
    va, vb = score(winner, w, sc).values, score(runner_up, w, sc).values
    d = {k: va[k] - vb[k] for k in CRITERIA}
    margin = math.fsum(w[k] * d[k] for k in CRITERIA)
    flips: list[float | None] = []
    for k in CRITERIA:
        flip = None
        if w[k] < 1.0:
            r = (margin - w[k] * d[k]) / (1.0 - w[k])
            slope = d[k] - r
            if slope != 0.0:
                target = w[k] - margin / slope
                if 0.0 <= target < 1.0 - 1e-12:
                    flip = target
        flips.append(flip)
    return margin, flips


def _flip_words(k: str, w: float, flip: float | None, a: str, b: str, margin: float = 0.0) -> str:
    """The weight flip in words, with as many decimals as it takes for the two weights to differ.

    ``a`` is the chosen option and ``margin`` its score lead over ``b``. When ``b`` already scores higher
    (a plan constraint chose ``a``), the flip is where ``a`` would outscore ``b``, and the sentence says so
    instead of asking ``b`` to beat an option it already beats."""
    behind = margin < 0
    goal = f"for {a} to outscore {b}, which scores higher now ({a} was chosen to meet a plan constraint)" if behind \
        else f"for {b} to beat {a}"
    if flip is None:
        return f"no {k} weight between 0 and 1 makes {a} outscore {b}" if behind else f"no {k} weight between 0 and 1 makes {b} beat {a}"
    verb = "rise" if flip > w else "fall"
    for digits in (2, 3, 4):
        if f"{w:.{digits}f}" != f"{flip:.{digits}f}":
            return f"the {k} weight would have to {verb} from {w:.{digits}f} to {flip:.{digits}f} {goal}"
    flipped = f"makes {a} outscore {b}" if behind else f"makes {b} beat {a}"
    return f"{a} and {b} are tied on score: any {verb} of the {k} weight from {w:.2f} (by less than 0.0001) {flipped}"


def _cost_curve(c: Candidate, w: dict[str, float], sc: Scales) -> Callable[[float, float], float]:
    """``(usd, reference) -> score(c with that monthly cost against that reference).total``: the other
    criteria are scored once, and the same ``fsum`` adds the contributions, so each point equals the
    full re-score the bisection needs."""
    w = check_weights(w)  # as ``score`` does, on weights already normalised: the same figures to the bit
    v = criteria_values(c, sc)
    rest = [w[k] * v[k] for k in CRITERIA if k != "cost"]
    wc, scale = w["cost"], sc.cost

    def total(usd: float, reference: float) -> float:
        # one figure through Scale.value: the bits of Scale.values on it, without arrays (10^5 calls)
        value = scale.value(cost_ratio_of(usd, reference)) if math.isfinite(usd) else 0.0
        return math.fsum([wc * value, *rest])

    return total


def _bisect_factor(f: Callable[[float], bool], lo: float, hi: float) -> float:
    """Smallest x in [lo, hi] (log space) where the predicate f turns true; f(hi) is true."""
    for _ in range(80):
        mid = math.sqrt(lo * hi)
        lo, hi = (lo, mid) if f(mid) else (mid, hi)
    return hi


def price_flip(
    winner: Candidate, runner_up: Candidate, weights: Mapping[str, float], scales: Scales | None = None
) -> PriceFlip:
    """How far the winner's monthly cost must rise, or the runner-up's fall, for the ranking to flip."""
    w = check_weights(weights)
    sc = scales or load_scales()
    margin, up, down = _remembered("prices", _flip_costs, winner, runner_up, w, sc)
    message = price_words(_label(winner), _label(runner_up), margin, winner.usd_per_month, up, runner_up.usd_per_month, down)
    return PriceFlip(winner=winner.key, runner_up=runner_up.key, margin=margin,
                     winner_usd_per_month=winner.usd_per_month, winner_flip_usd_per_month=up,
                     runner_up_usd_per_month=runner_up.usd_per_month, runner_up_flip_usd_per_month=down,
                     message=message)


FLIPS_KEPT = 10_000
"""Weight and price flips remembered (then forgotten at once): twin components of a portfolio ask the same."""
_FLIPS: dict[tuple[Any, ...], Any] = {}


R = TypeVar("R")


def _remembered(kind: str, compute: Callable[[Candidate, Candidate, dict[str, float], Scales], R],
                winner: Candidate, runner_up: Candidate, w: dict[str, float], sc: Scales) -> R:
    """``compute(winner, runner_up, w, sc)``, remembered under ``kind`` by everything a flip between the two
    reads: the scales, the weights and both candidates' figures."""
    key = (kind, sc, tuple(v.hex() for v in w.values()), winner.component == runner_up.component,
           score_inputs(winner), score_inputs(runner_up))
    found = _FLIPS.get(key)
    if found is None:
        if len(_FLIPS) >= FLIPS_KEPT:
            _FLIPS.clear()
        found = _FLIPS[key] = compute(winner, runner_up, w, sc)
    result: R = found
    return result


def _flip_costs(winner: Candidate, runner_up: Candidate, w: dict[str, float],
                sc: Scales) -> tuple[float, float | None, float | None]:
    """The winner's score lead, the cost at which the winner loses and the one at which the runner-up
    wins (None: none in range), by bisection on the scores."""
    sa, sb = score(winner, w, sc).total, score(runner_up, w, sc).total
    margin = sa - sb
    # cost is scored against the component's cheapest price: a rise leaves that reference, a cut below
    # it makes the cut price the new reference for both candidates
    ref = float(min(cost_references([winner, runner_up])))
    up = down = None
    if margin <= 0:
        up, down = winner.usd_per_month, runner_up.usd_per_month
    else:
        ceiling = max(ref * sc.cost.worst, winner.usd_per_month) * 1.000001
        win_at, run_at = _cost_curve(winner, w, sc), _cost_curve(runner_up, w, sc)
        if win_at(ceiling, ref) <= sb:
            start = max(winner.usd_per_month, 1e-9)
            up = _bisect_factor(lambda x: win_at(x, ref) <= sb, start, ceiling)

        def runner_wins(x: float) -> bool:
            now = min(ref, x)
            return run_at(x, now) >= win_at(winner.usd_per_month, now)

        lo = min(ref * sc.cost.best, runner_up.usd_per_month) / 1e6
        if runner_up.usd_per_month > 0 and runner_wins(lo):
            # largest cost at which the runner-up wins: bisect on the inverted predicate
            down = _bisect_down(runner_wins, lo, runner_up.usd_per_month)
    return margin, up, down


def _bisect_down(f: Callable[[float], bool], lo: float, hi: float) -> float:
    """Largest x in [lo, hi] (log space) where f holds; f(lo) holds, f(hi) does not."""
    for _ in range(80):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if f(mid) else (lo, mid)
    return lo


def _pct(new: float, old: float) -> str:
    """'by 12.5%', with more decimals when one would hide the change; a rise past tenfold (a rider's few
    dollars of power against a whole row) as a multiple; '' when there is no base."""
    if old <= 0:
        return ""
    if new / old > 10:
        return f"{new / old:,.0f}-fold"
    change = abs(new / old - 1) * 100
    for digits in (1, 2, 3):
        if round(change, digits) > 0:
            return f"by {change:.{digits}f}%"
    return "by less than 0.001%"


def price_words(a: str, b: str, margin: float, a_usd: float, up: float | None, b_usd: float, down: float | None) -> str:
    """The price flip in words; never a rise or fall of nothing, and never a cut for an option that
    already scores at least as well (the chosen option then won on a plan constraint, not on price)."""
    if margin <= 0:
        return (f"{b} already scores at least as well as {a} ({margin:+.4f}): {a} was chosen to meet a plan "
                f"constraint, so no price change decides between them.")
    parts = []
    if up is not None and f"{up:,.2f}" == f"{a_usd:,.2f}" and up > a_usd:
        parts.append(f"{a} and {b} are all but tied: any rise in {a}'s cost (under a cent a month) makes it lose")
    elif up is not None and up > a_usd:
        parts.append(f"{a} stays best until its cost rises {_pct(up, a_usd)} to ${up:,.2f}/month")
    else:
        parts.append(f"no price rise alone makes {a} lose")
    if down is not None and f"{down:,.2f}" == f"{b_usd:,.2f}" and down < b_usd:
        parts.append(f"any cut in {b}'s cost (under a cent a month) makes it win")
    elif down is not None and down < b_usd:
        cheaper = f" (it already costs less than {a}: the gap is in the other criteria)" if b_usd < a_usd else ""
        parts.append(f"{b} wins if its cost falls {_pct(down, b_usd)} to ${down:,.2f}/month{cheaper}")
    else:
        parts.append(f"no price cut alone makes {b} win")
    return "; ".join(parts) + "."


class MonteCarloDefaults(TypedDict):
    """scoring.toml's [monte_carlo] table: the draws' sizes and spreads, documented there."""

    alpha: float
    price_sigma: float
    volatile_price_sigma: float
    volatile_billing: list[str]
    owned_price_sigma: float
    owned_billing: list[str]
    demand_sigma: float
    demand_billing: list[str]
    life_factor_low: float
    life_factor_high: float
    samples: int
    seed: int


@lru_cache(maxsize=1)
def _mc_defaults() -> MonteCarloDefaults:
    table: MonteCarloDefaults = data_table("scoring.toml")["monte_carlo"]
    return table


def monte_carlo(
    candidates: Sequence[Candidate],
    weights: Mapping[str, float],
    *,
    samples: int | None = None,
    alpha: float | None = None,
    seed: int | None = None,
    price_sigma: float | None = None,
    scales: Scales | None = None,
) -> MonteCarlo:
    """Share of samples in which each candidate scores best (SMAA-style rank-1 acceptability).

    Each sample draws weights ``w ~ Dirichlet(alpha * w0)`` (criteria weighted 0 stay 0), multiplies
    every candidate's monthly cost by an independent lognormal price drift ``exp(N(0, sigma))`` (sigma by
    billing), scales the bills that follow demand by one shared demand draw (utilisation uncertainty),
    and rescales the capital of owned hardware to buy by a drawn hardware life (scoring.toml
    [monte_carlo]). Same inputs and seed give the same figures. Pass one component's candidates.
    """
    cfg = _mc_defaults()
    n_s = int(samples or cfg["samples"])
    a = float(alpha or cfg["alpha"])
    sd = int(cfg["seed"] if seed is None else seed)
    sc = scales or load_scales()
    w0 = check_weights(weights)
    rng = np.random.default_rng(sd)
    cands = list(candidates)
    if not cands:
        return MonteCarlo(samples=n_s, seed=sd, alpha=a, probability_best={}, message="no candidates")
    active = [k for k in CRITERIA if w0[k] > 0]
    wa = rng.dirichlet([a * w0[k] for k in active], size=n_s) if len(active) > 1 else np.ones((n_s, 1))
    wmat = np.zeros((n_s, len(CRITERIA)))
    wmat[:, [CRITERIA.index(k) for k in active]] = wa
    sigma = np.array([_sigma(c, cfg, price_sigma) for c in cands])
    drift = np.exp(rng.standard_normal((n_s, len(cands))) * sigma)
    base = value_matrix(cands, sc)
    cost = np.array([c.usd_per_month for c in cands], dtype=float)
    reference = cost_references(cands)
    follows = np.array([c.billing in cfg["demand_billing"] for c in cands])
    demand = np.exp(rng.standard_normal((n_s, 1)) * float(cfg["demand_sigma"]))
    capital = np.array([c.capital_usd_per_month or 0.0 for c in cands])
    life = rng.uniform(float(cfg["life_factor_low"]), float(cfg["life_factor_high"]), size=(n_s, 1))
    monthly = (cost - capital) * np.where(follows, demand, 1.0) + capital / life
    sampled = monthly * drift
    # a sample cheaper than the component's cheapest price becomes that sample's reference
    group = np.unique([c.component for c in cands], return_inverse=True)[1]
    per_sample = np.column_stack([sampled[:, group == g].min(axis=1) for g in range(int(group.max()) + 1)])
    cost_v = sc.cost.values(cost_ratio(sampled, np.minimum(reference, per_sample[:, group])).ravel()).reshape(
        n_s, len(cands))
    rest = np.einsum("sk,nk->sn", wmat[:, 1:], base[:, 1:])
    totals = rest + wmat[:, [0]] * cost_v
    best = np.argmax(totals, axis=1)
    counts = np.bincount(best, minlength=len(cands))
    prob = {c.key: float(k) / n_s for c, k in zip(cands, counts)}
    lead = max(prob, key=lambda k: prob[k])
    msg = (f"{lead.split('|', 1)[-1]} is best in {prob[lead] * 100:.1f}% of {n_s:,} samples "
           f"(weights ~ Dirichlet({a:g} x w0), price drift, demand ±{float(cfg['demand_sigma']):.0%}, owned hardware life "
           f"{float(cfg['life_factor_low']):g}-{float(cfg['life_factor_high']):g}× assumed; seed {sd})")
    return MonteCarlo(samples=n_s, seed=sd, alpha=a, probability_best=prob, message=msg)


def _sigma(c: Candidate, cfg: MonteCarloDefaults, override: float | None) -> float:
    if override is not None:
        return override
    if c.billing in cfg["volatile_billing"]:
        return float(cfg["volatile_price_sigma"])
    if c.billing in cfg["owned_billing"]:
        return float(cfg["owned_price_sigma"])
    return float(cfg["price_sigma"])


def sensitivity_summary(ranked: Sequence[Candidate], chosen: Candidate | None, weights: Mapping[str, float],
                        with_monte_carlo: bool = True) -> dict[str, Any]:
    """A component's sensitivity section: weight and price flips against the runner-up, and a Monte
    Carlo among the best ``MONTE_CARLO_CANDIDATES`` of ``ranked`` (best first) unless skipped."""
    if chosen is None or len(ranked) < 2:
        return {}
    runner = next(c for c in ranked if c.offer_id != chosen.offer_id)
    flips = weight_flips(chosen, runner, weights)
    price = price_flip(chosen, runner, weights)
    out: dict[str, Any] = {"runner_up": runner.offer_id, "weight_flips": [f.model_dump() for f in flips], "price_flip": price.model_dump()}
    statements = [f.message for f in flips if f.flip_weight is not None] + [price.message]
    if with_monte_carlo:
        pool = list(ranked[:MONTE_CARLO_CANDIDATES])
        if chosen.offer_id not in {c.offer_id for c in pool}:
            pool.append(chosen)
        mc = monte_carlo(pool, weights)
        probability = {k.split("|", 1)[-1]: round(v, 4) for k, v in sorted(mc.probability_best.items()) if v > 0}
        out["monte_carlo"] = {"samples": mc.samples, "seed": mc.seed, "alpha": mc.alpha, "probability_best": probability}
        statements.append(mc.message)
    return {**out, "statements": statements}
