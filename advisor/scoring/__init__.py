"""Stage 6, scoring: criteria values on fixed scales, the weighted score, ranking, the Pareto
frontier, and sensitivity to weights and prices."""

from advisor.scoring.scores import (
    CRITERIA,
    Scale,
    Scales,
    Scored,
    check_weights,
    criteria_values,
    load_scales,
    raw_columns,
    raw_matrix,
    score,
    score_all,
    value_matrix,
    values_of,
    weighted,
    weighted_sum,
)

__all__ = ["CRITERIA", "Scale", "Scales", "Scored", "check_weights", "criteria_values", "load_scales", "raw_columns",
           "raw_matrix", "score", "score_all", "value_matrix", "values_of", "weighted", "weighted_sum"]
