"""advisor.highs hands HiGHS the model exactly as scipy.optimize.milp did: the same optimum, status and
objective on every MILP the placement builds (random portfolios, LP bounds, infeasible ones)."""

import random
import sys
from pathlib import Path

import numpy as np
import pytest

import advisor.placement.milp as pm
from advisor.highs import Triplets, _column_wise, solve_lp
from advisor.placement import place

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_placement import RHO, W, random_instance  # noqa: E402

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_sparse = pytest.importorskip("scipy.sparse")


def scipy_solve(cost, integral, lower, upper, a: Triplets, options):
    """The solve as advisor did it before: scipy.optimize.milp on a CSR matrix built from triplets."""
    m = scipy_sparse.coo_matrix((a.values, (a.rows, a.cols)), shape=(len(a.lower), len(cost))).tocsr()
    opts = {"mip_rel_gap": options["mip_rel_gap"], "time_limit": options["time_limit"],
            "presolve": options["presolve"] != "off"}
    return scipy_optimize.milp(cost, integrality=integral, bounds=scipy_optimize.Bounds(lower, upper),
                               constraints=scipy_optimize.LinearConstraint(m, a.lower, a.upper), options=opts)


@pytest.mark.parametrize("seed", range(60))
def test_highspy_solve_gives_the_same_solution_as_scipy_milp_on_random_placements(seed, monkeypatch):
    solved = []

    def both(cost, integral, lower, upper, a, options):
        ours = solve_lp(cost, integral, lower, upper, a, options)
        ref = scipy_solve(cost, integral, lower, upper, a, options)
        solved.append((ours, ref))
        return ours

    monkeypatch.setattr(pm, "solve_lp", both)
    # the whole MILP of every instance, as before placement split independent components off
    # (advisor.placement.separable): those models are what this compares
    monkeypatch.setattr("advisor.placement.plan.solve_separable", lambda p, lim: None)
    cands, opts = random_instance(random.Random(seed))
    place(cands, W, standby_score_weight=RHO, explain=True, **opts)
    assert solved
    for ours, ref in solved:
        assert ours.status == ref.status
        assert (ours.x is None) == (ref.x is None)
        if ours.x is not None:
            assert ours.x.tolist() == ref.x.tolist()
            assert ours.fun == ref.fun


def test_lp_relaxation_and_an_infeasible_model_report_like_milp():
    # x0 + x1 == 1, x0 + x1 <= 0.5 cannot both hold; alone the first has LP optimum 0.25 (cost .25, .5)
    a = Triplets(np.array([0, 0]), np.array([0, 1]), np.array([1.0, 1.0]), np.array([1.0]), np.array([1.0]))
    ok = solve_lp(np.array([0.25, 0.5]), np.zeros(2, np.uint8), np.zeros(2), np.ones(2), a, {})
    assert ok.status == 0 and ok.fun == 0.25 and ok.x.tolist() == [1.0, 0.0]
    bad = Triplets(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.ones(4), np.array([1.0, -np.inf]),
                   np.array([1.0, 0.5]))
    none = solve_lp(np.array([0.25, 0.5]), np.ones(2, np.uint8), np.zeros(2), np.ones(2), bad, {"presolve": "off"})
    assert none.status == 2 and none.x is None and none.fun is None


def test_column_wise_matrix_sorts_rows_in_each_column_and_sums_duplicates():
    t = Triplets(np.array([2, 0, 1, 0]), np.array([1, 1, 0, 1]), np.array([5.0, 1.0, 2.0, 3.0]),
                 np.zeros(3), np.zeros(3))
    start, index, value = _column_wise(t, 3)
    assert start.tolist() == [0, 1, 3, 3]
    assert index.tolist() == [1, 0, 2]
    assert value.tolist() == [2.0, 4.0, 5.0]
