"""Stage 7, placement: the shortlist of candidates, the MILP that places every component together,
and the explanations found by re-solving (binding constraints, relaxation hints)."""

from advisor.placement.plan import (
    Assignment,
    Binding,
    Flow,
    Hint,
    Plan,
    Prepared,
    best_single_provider_plan,
    place,
    prepare,
)

__all__ = ["Assignment", "Binding", "Flow", "Hint", "Plan", "Prepared", "best_single_provider_plan", "place", "prepare"]
