"""Owned boxes shared by GPU (issue 20 point 5): a box's fixed cost is paid once, by one component.

A candidate on a shared box (sites file ``shared = true``) comes in two roles. As a *payer* it is the
candidate as costed: the box's fixed cost (capital, maintenance, staff, colocation, idle power) plus
the power its own load adds. As a *rider* it costs only what its load adds, and it may be chosen only
when a payer of another component is chosen on the same box. Every candidate on the box takes the
GPUs its sizing needs (tensor parallel x replicas), and all of them together take no more than the
servers the payers pay for. The sum of the rows is then exactly what the plan pays: each paid server
once, and every component's marginal power. docs/decision-method.md ("Shared boxes") has the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from advisor.model.candidates import Candidate
from advisor.scoring.scores import Scales, cost_references, score_all

__all__ = ["rider_of", "with_riders"]


def rider_of(c: Candidate) -> Candidate:
    """``c`` as a rider: the box's fixed cost (and idle emissions) taken out of its monthly cost, its cost
    per token and its carbon."""
    assert c.on_shared_box and c.box_fixed_usd_per_month is not None and not c.rider
    usd = round(max(0.0, c.usd_per_month - c.box_fixed_usd_per_month), 2)
    per_m = None
    if c.usd_per_million_tokens is not None and c.usd_per_month > 0:
        per_m = round(c.usd_per_million_tokens * usd / c.usd_per_month, 4)
    carbon = c.carbon_kg_per_month
    if carbon is not None and c.box_fixed_kg_per_month is not None:
        carbon = round(max(0.0, carbon - c.box_fixed_kg_per_month), 2)
    return c.model_copy(update={"rider": True, "usd_per_month": usd, "usd_per_million_tokens": per_m,
                                "carbon_kg_per_month": carbon, "standby_usd_per_month": None})


def with_riders(cands: Sequence[Candidate], scores: np.ndarray, weights: Mapping[str, float],
                scales: Scales | None = None) -> tuple[list[Candidate], np.ndarray]:
    """``cands`` followed by a rider for each shared-box candidate, and the scores of all of them.

    A rider keeps the payer's cost reference (the component's cheapest feasible candidate as costed
    alone), so riding on a box someone else pays scores as cheap as it is, on the same scale."""
    refs = cost_references(cands)
    riders = [rider_of(c).model_copy(update={"cost_reference_usd": float(ref)})
              for c, ref in zip(cands, refs) if c.on_shared_box and not c.rider]
    if not riders:
        return list(cands), np.asarray(scores, dtype=float)
    return [*cands, *riders], np.concatenate([np.asarray(scores, dtype=float), score_all(riders, weights, scales)])


def patterns(capacity: int, sizes: Sequence[int]) -> list[tuple[int, ...]]:
    """Every maximal way to fill one server of ``capacity`` GPUs with instances of ``sizes`` (each at most
    ``capacity``): instance counts per size, in the order of ``sizes``, such that no further one fits.

    Maximal patterns suffice: any packing of a server extends to one, and instances it has to spare
    are simply not used, so the MILP needs no others (Gilmore and Gomory's cutting-stock columns)."""
    order = sorted(range(len(sizes)), key=lambda k: -sizes[k])
    smallest = min(sizes)
    out: list[tuple[int, ...]] = []

    def fill(pos: int, room: int, counts: list[int]) -> None:
        if pos == len(order):
            if room < smallest:
                out.append(tuple(counts))
            return
        k = order[pos]
        for n in range(room // sizes[k], -1, -1):
            counts[k] = n
            fill(pos + 1, room - n * sizes[k], counts)
        counts[k] = 0

    fill(0, capacity, [0] * len(sizes))
    return out
