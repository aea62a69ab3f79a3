"""Near-ties in score with a large gap in cost: a review board should see them, not infer them.

Two options within ``SCORE_GAP`` of each other are a judgement call on the weights; when one costs
``COST_RATIO`` times the other, that call is worth real money and the explanation says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.evaluation.evaluated import Row
    from advisor.model.recommendation import Placement

SCORE_GAP = 0.02
"""Scores closer than this are a near-tie (policy; the Monte Carlo shows how often each wins)."""
COST_RATIO = 1.5
"""A cost gap at least this large (either way) is called out."""


def close_calls(chosen: Placement, rows: list[Row], weights: dict[str, float], limit: int = 2) -> list[str]:
    """Lines naming the top-ranked rows that score within ``SCORE_GAP`` of ``chosen`` at a cost ratio of
    at least ``COST_RATIO`` either way."""
    from advisor.scoring.scores import score_all

    out: list[str] = []
    usd = chosen.usd_per_month or 0.0
    totals = score_all([row.candidate for row in rows], weights).tolist()  # the one scorer, every row at once
    for row, total in zip(rows, totals, strict=True):
        if row.offer.id == chosen.offer_id or len(out) == limit:
            continue
        other = row.candidate.usd_per_month
        gap = chosen.score - total
        if abs(gap) > SCORE_GAP or min(usd, other) <= 0:
            continue
        ratio = max(usd, other) / min(usd, other)
        if ratio >= COST_RATIO:
            cheaper = "cheaper" if other < usd else "dearer"
            out.append(f"close call: {row.offer.id} scores within {abs(gap):.3f} of the choice at ${other:,.2f}/month, "
                       f"{ratio:.1f}× {cheaper}; the weights decide, so confirm them")
    return out
