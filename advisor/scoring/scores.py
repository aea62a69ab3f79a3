"""Criteria values on fixed reference scales and the weighted score (regulation.md section 7.3).

Scales come from ``advisor/data/scoring.toml`` (policy, not fitted to the candidates). Cost is read as
the ratio to the component's cheapest feasible candidate (``Candidate.cost_reference_usd``) on a log
scale, so a cheaper newcomer shifts every cost value by the same amount and never reorders two
candidates within the scale's span (docs/decision-method.md section 2). A missing figure scores the
criterion's worst value (0) and is listed in ``Scored.unknown``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import Field

from advisor.model.candidates import Candidate
from advisor.model.offers import Record
from advisor.paths import data_table

__all__ = [
    "CRITERIA",
    "Scale",
    "Scales",
    "Scored",
    "check_weights",
    "cost_ratio",
    "cost_ratio_of",
    "cost_references",
    "criteria_values",
    "load_scales",
    "raw_columns",
    "raw_matrix",
    "score",
    "score_all",
    "value_matrix",
    "values_of",
    "weighted",
    "weighted_sum",
    "exact_row_sums",
]

CRITERIA: tuple[str, ...] = ("cost", "latency", "privacy", "regulation", "carbon", "availability")


class Scale(Record):
    """One criterion's value function: 1 at ``best``, 0 at ``worst``, linear in x or log10(x) between."""

    shape: Literal["linear", "log"]
    best: float
    worst: float
    unit: str

    def values(self, x: np.ndarray) -> np.ndarray:
        """Vectorised value; NaN (unknown) maps to 0, the worst value.

        Called on one figure at a time by sensitivity and placement (10^5 times in a portfolio), so
        it avoids ``np.clip``'s dispatch (minimum of maximum gives the same values) and the warnings
        guard where no figure can warn (the logarithm of a figure floored above 0)."""
        x = np.asarray(x, dtype=float)
        if self.shape == "log":
            lo, hi = math.log10(self.best), math.log10(self.worst)
            with np.errstate(divide="ignore", invalid="ignore") if hi == lo else nullcontext():
                t = (np.log10(np.maximum(x, 1e-300)) - lo) / (hi - lo)
        else:
            t = (x - self.best) / (self.worst - self.best)
        v = 1.0 - np.minimum(np.maximum(t, 0.0), 1.0)
        return np.where(np.isnan(x), 0.0, v)

    def value(self, x: float) -> float:
        """``values`` of one figure, as a float: the same IEEE operations in Python arithmetic (the
        logarithm still numpy's, on a float64 scalar), without building arrays; sensitivity's
        bisections and every listed candidate's criteria call it 10^5 times in a portfolio."""
        x = float(x)
        if math.isnan(x):
            return 0.0
        if self.shape == "log":
            lo, hi = math.log10(self.best), math.log10(self.worst)
            if hi == lo:
                return float(self.values(np.array([x]))[0])
            t = (float(np.log10(np.float64(max(x, 1e-300)))) - lo) / (hi - lo)
        else:
            if self.worst == self.best:
                return float(self.values(np.array([x]))[0])
            t = (x - self.best) / (self.worst - self.best)
        return 1.0 - min(max(t, 0.0), 1.0)


class Scales(Record):
    cost: Scale
    latency: Scale
    privacy: Scale
    regulation: Scale
    carbon: Scale
    availability: Scale
    evidence_point: float = Field(ge=0, description="Risk points per evidence item still owed.")
    rider_credit_max: float = Field(default=2.0, ge=1, description="A component that can ride on a shared box is "
                                    "scored against at most this many times less than its cheapest row.")
    source: str = "advisor/data/scoring.toml"

    def scale(self, criterion: str) -> Scale:
        found: Scale = getattr(self, criterion)
        return found


class Scored(Record):
    """A candidate's weighted score with each criterion's value and contribution ``w_k * v_k``."""

    key: str
    component: str
    total: float
    values: dict[str, float]
    contributions: dict[str, float]
    unknown: tuple[str, ...] = Field(default=(), description="Criteria scored worst because the figure is missing.")


@lru_cache(maxsize=1)
def load_scales() -> Scales:
    """The shipped reference scales."""
    data = data_table("scoring.toml")
    reg = data["regulation"]
    scales: dict[str, Any] = {k: Scale(**{f: data[k][f] for f in ("shape", "best", "worst", "unit")}) for k in CRITERIA}
    return Scales(
        **scales,
        evidence_point=reg["evidence_point"],
        rider_credit_max=data["cost"]["rider_credit_max"],
    )


def cost_ratio(usd: np.ndarray | float, reference: np.ndarray | float) -> np.ndarray:
    """The cost figure scored: monthly dollars over the component's cheapest feasible monthly dollars.

    A reference of $0 (a sunk box with no running cost) makes every dearer candidate infinitely
    dearer and the free one 1: nothing is cheaper than free."""
    usd, reference = np.asarray(usd, dtype=float), np.asarray(reference, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(usd <= reference, 1.0, usd / reference)


def cost_ratio_of(usd: float, reference: float) -> float:
    """``cost_ratio`` of one figure, as a float: the same IEEE division in Python arithmetic (numpy's
    only where Python refuses, dividing by zero), without arrays; scoring one candidate calls it."""
    if usd <= reference:
        return 1.0
    try:
        return usd / reference
    except ZeroDivisionError:
        return float(cost_ratio(usd, reference))


def cost_references(candidates: Sequence[Candidate]) -> np.ndarray:
    """Each candidate's ``cost_reference_usd``; where it is missing (a candidate built by hand), the
    cheapest among the given candidates of the same component."""
    cheapest: dict[str, float] = {}
    for c in candidates:
        if c.cost_reference_usd is None:
            cheapest[c.component] = min(cheapest.get(c.component, math.inf), c.usd_per_month)
    return np.array([c.cost_reference_usd if c.cost_reference_usd is not None else cheapest[c.component]
                     for c in candidates], dtype=float)


def raw_matrix(candidates: Sequence[Candidate], scales: Scales | None = None) -> np.ndarray:
    """``raw_columns`` of candidate records: their fields as columns (None = NaN, unknown)."""
    nan = float("nan")
    fields = np.array([(c.usd_per_month, nan if c.latency_ms is None else c.latency_ms, c.privacy_level,
                        c.regulation_penalty, c.evidence_owed,
                        nan if c.carbon_kg_per_month is None else c.carbon_kg_per_month,
                        nan if c.availability is None else c.availability) for c in candidates],
                      dtype=float).reshape(len(candidates), 7).T
    usd, latency, privacy, penalty, owed, carbon, availability = fields
    return raw_columns(usd, cost_references(candidates), latency, privacy, penalty, owed, carbon, availability, scales)


def raw_columns(usd: np.ndarray, reference: np.ndarray | float, latency: np.ndarray, privacy: np.ndarray,
                penalty: np.ndarray, evidence_owed: np.ndarray, carbon: np.ndarray, availability: np.ndarray,
                scales: Scales | None = None) -> np.ndarray:
    """The figures scored, one column per criterion in ``CRITERIA`` order (NaN = unknown): cost as
    ``cost_ratio``, regulation in risk points (the rules' penalty plus ``evidence_point`` per evidence
    item owed), the others in natural units. Evaluation calls it on its columns, ``raw_matrix`` on records."""
    sc = scales or load_scales()
    out = np.empty((len(usd), len(CRITERIA)))
    out[:, 0] = cost_ratio(usd, reference)
    out[:, 1], out[:, 2], out[:, 4], out[:, 5] = latency, privacy, carbon, availability
    out[:, 3] = penalty + sc.evidence_point * np.asarray(evidence_owed, dtype=float)
    return out


def value_matrix(candidates: Sequence[Candidate], scales: Scales | None = None) -> np.ndarray:
    """Values in [0, 1], shape (n, 6), columns in ``CRITERIA`` order."""
    sc = scales or load_scales()
    return values_of(raw_matrix(candidates, sc), sc)


def values_of(raw: np.ndarray, scales: Scales | None = None) -> np.ndarray:
    """``value_matrix`` from a ``raw_matrix`` already at hand."""
    sc = scales or load_scales()
    return np.column_stack([sc.scale(k).values(raw[:, i]) for i, k in enumerate(CRITERIA)]) if len(raw) else raw


def criteria_values(c: Candidate, scales: Scales | None = None, cost_reference: float | None = None) -> dict[str, float]:
    """The candidate's value per criterion in [0, 1]; a missing figure gives 0 (see ``Scored.unknown``).

    The bits of ``value_matrix([c])`` (its cost reference ``cost_reference`` when the candidate has
    none, else its own cost), one figure at a time through ``Scale.value``: assembly, placement and
    sensitivity score about 10^5 single candidates in a 1,000-workload portfolio."""
    sc = scales or load_scales()
    nan = float("nan")
    ref = c.cost_reference_usd if c.cost_reference_usd is not None else (
        c.usd_per_month if cost_reference is None else cost_reference)
    raw = (
        cost_ratio_of(float(c.usd_per_month), float(ref)),
        nan if c.latency_ms is None else c.latency_ms,
        float(c.privacy_level),
        c.regulation_penalty + sc.evidence_point * c.evidence_owed,
        nan if c.carbon_kg_per_month is None else c.carbon_kg_per_month,
        nan if c.availability is None else c.availability,
    )
    return {k: sc.scale(k).value(x) for k, x in zip(CRITERIA, raw, strict=True)}


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights over ``CRITERIA`` scaled to sum to 1; missing criteria weigh 0."""
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ValueError(f"unknown criteria in weights: {unknown}; expected some of {list(CRITERIA)}")
    if any(w < 0 or not math.isfinite(w) for w in weights.values()):
        raise ValueError(f"weights must be finite and >= 0, got {dict(weights)}")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    return {k: float(weights.get(k, 0.0)) / total for k in CRITERIA}


def _unknown(c: Candidate) -> tuple[str, ...]:
    missing = {"latency": c.latency_ms is None, "carbon": c.carbon_kg_per_month is None,
               "availability": c.availability is None}
    return tuple(k for k, m in missing.items() if m)


def score(c: Candidate, weights: Mapping[str, float], scales: Scales | None = None,
          cost_reference: float | None = None) -> Scored:
    """One candidate through ``weighted_sum`` (the one scorer), with each contribution ``w_k v_k`` named;
    ``cost_reference`` stands in for a missing ``cost_reference_usd`` (the cheapest of the candidates
    it was scored among). Remembered by everything it reads (twin components of a portfolio score the
    same figures under other names)."""
    w = check_weights(weights)
    sc = scales or load_scales()
    key = (sc, tuple(v.hex() for v in w.values()), None if cost_reference is None else float(cost_reference).hex(),
           score_inputs(c))
    found = _SCORED.get(key)
    if found is None:
        values = np.array([list(criteria_values(c, sc, cost_reference).values())])
        products, totals = weighted_sum(values, w)
        if len(_SCORED) >= SCORED_KEPT:
            _SCORED.clear()
        found = _SCORED[key] = (float(totals[0]), {k: float(v) for k, v in zip(CRITERIA, values[0].tolist())},
                                {k: float(p) for k, p in zip(CRITERIA, products[0].tolist())}, _unknown(c))
    total, named_values, contributions, unknown = found
    return Scored(key=c.key, component=c.component, total=total, values=named_values, contributions=contributions,
                  unknown=unknown)


SCORED_KEPT = 20_000
"""Scores remembered (then forgotten at once): about 2 KiB each, so at most some 40 MiB."""
_SCORED: dict[tuple[Any, ...], tuple[float, dict[str, float], dict[str, float], tuple[str, ...]]] = {}


def score_inputs(c: Candidate) -> tuple[Any, ...]:
    """Every figure of a candidate that scoring reads (its cost, cost reference and the other five
    criteria's figures), each float by its bits: candidates with equal inputs score the same."""
    return tuple(x.hex() if isinstance(x, float) else x for x in (
        c.usd_per_month, c.cost_reference_usd, c.latency_ms, c.privacy_level, c.regulation_penalty,
        c.evidence_owed, c.carbon_kg_per_month, c.availability))


def score_all(
    candidates: Sequence[Candidate], weights: Mapping[str, float], scales: Scales | None = None
) -> np.ndarray:
    """Totals for many candidates at once (the optimiser's objective coefficients)."""
    w = check_weights(weights)
    if not candidates:
        return np.zeros(0)
    return weighted(value_matrix(candidates, scales), w)


def weighted(values: np.ndarray, w: Mapping[str, float]) -> np.ndarray:
    """The totals of ``weighted_sum``: ``score_all`` from a ``value_matrix`` already at hand, with
    weights ``check_weights`` gave."""
    return weighted_sum(values, w)[1]


def weighted_sum(values: np.ndarray, w: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """The one scorer: ``S = sum_k w_k v_k`` of each row of a ``value_matrix``, with weights
    ``check_weights`` gave. Returns the products ``w_k v_k`` (n, 6) and each row's total, their exact
    sum rounded once (``math.fsum``'s figure), so a total never depends on the order of the criteria,
    on how many rows were scored together, or on the BLAS at hand."""
    products: np.ndarray = np.asarray(values, dtype=float) * np.array([w[k] for k in CRITERIA])
    return products, exact_row_sums(products)


_FEW = 32
"""Up to this many rows ``math.fsum`` itself is quicker than the array passes (one candidate's score)."""
_BLOCK = 16_384
"""Rows summed at a time: the passes keep about a dozen arrays of this length (1.5 MiB), not of 10^6."""


def exact_row_sums(terms: np.ndarray) -> np.ndarray:
    """``math.fsum`` of each row of ``terms`` (finite, >= 0), to the bit, on arrays.

    Left to right with each addition's rounding error kept exactly (TwoSum), then the sum plus the
    errors, rounded once. The errors are added with a relative error below 2^-49 of the sum's last
    place, so that rounding is the exact sum's unless the sum lies that close to half a place from a
    double; those rows (far fewer than one in a million) are summed by ``math.fsum`` itself."""
    terms = np.asarray(terms, dtype=float)
    if terms.ndim != 2 or not terms.shape[1] or not len(terms):
        return np.zeros(len(terms))
    if len(terms) <= _FEW:
        return np.array([math.fsum(row) for row in terms.tolist()], dtype=float)
    out = np.empty(len(terms))
    for start in range(0, len(terms), _BLOCK):  # bounded temporaries: a dozen arrays of one block
        out[start:start + _BLOCK] = _exact_block(terms[start:start + _BLOCK])
    return out


def _exact_block(terms: np.ndarray) -> np.ndarray:
    """``exact_row_sums`` of one block of rows."""
    columns = np.ascontiguousarray(terms.T)  # one criterion at a time, read contiguously
    s, total = columns[0].copy(), np.empty(len(terms))
    errors, back, part = np.zeros(len(terms)), np.empty(len(terms)), np.empty(len(terms))
    for t in columns[1:]:  # TwoSum: total + error == s + t exactly
        np.add(s, t, out=total)
        np.subtract(total, s, out=back)
        np.subtract(total, back, out=part)
        np.subtract(s, part, out=part)
        errors += part
        np.subtract(t, back, out=part)
        errors += part
        s, total = total, s
    out = s + errors
    back = out - s
    residual = (s - (out - back)) + (errors - back)  # exactly s + errors - out
    gap = np.where(residual >= 0.0, np.spacing(out), out - np.nextafter(out, 0.0))
    unsure = (np.abs(np.abs(residual) - gap / 2.0) <= gap * 2.0**-31) & (out > 0.0)
    unsure |= ~np.isfinite(out)
    if unsure.any():
        out[unsure] = [math.fsum(row) for row in terms[unsure].tolist()]
    found: np.ndarray = out
    return found
