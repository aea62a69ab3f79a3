import random

from advisor.model.candidates import Candidate
from advisor.scoring.pareto import non_dominated, pareto_front


def cand(offer: str, component: str = "chat", **kw) -> Candidate:
    base = dict(component=component, workload="w", offer_id=offer, venue_id="aws:us-east-1", provider="aws",
                kind="cloud", billing="on_demand", units=1, usd_per_month=1000.0, latency_ms=100.0,
                privacy_level=2, carbon_kg_per_month=100.0)
    return Candidate(**{**base, **kw})


def _figures(c: Candidate) -> tuple:
    inf = float("inf")
    return (c.usd_per_month, inf if c.latency_ms is None else c.latency_ms, -c.privacy_level,
            c.regulation_penalty + 0.5 * c.evidence_owed, inf if c.carbon_kg_per_month is None else c.carbon_kg_per_month)


def _dominates(a: tuple, b: tuple) -> bool:
    return all(x <= y for x, y in zip(a, b)) and any(x < y for x, y in zip(a, b))


def test_candidate_worse_on_every_criterion_is_dropped():
    good = cand("a", usd_per_month=500, latency_ms=50, privacy_level=3)
    bad = cand("b", usd_per_month=600, latency_ms=80, privacy_level=2)
    cheap = cand("c", usd_per_month=100, latency_ms=400, privacy_level=0)
    assert pareto_front([good, bad, cheap]) == [good, cheap]


def test_components_are_never_compared_with_each_other():
    a = cand("a", component="chat", usd_per_month=100)
    b = cand("b", component="train", usd_per_month=9000)
    assert pareto_front([a, b]) == [a, b]


def test_unknown_figure_never_puts_a_candidate_on_the_front():
    known = cand("a", latency_ms=900)
    unknown = cand("b", latency_ms=None)
    assert pareto_front([known, unknown]) == [known]


def test_front_matches_pairwise_definition_on_random_instances():
    rng = random.Random(7)
    for _ in range(40):
        cs = [cand(f"o{i}", usd_per_month=rng.choice([100, 200, 300]), latency_ms=rng.choice([None, 20, 50]),
                   privacy_level=rng.randint(0, 3), regulation_penalty=rng.choice([0, 1]),
                   evidence_owed=rng.randint(0, 2), carbon_kg_per_month=rng.choice([None, 10, 20]))
              for i in range(rng.randint(1, 25))]
        expected = [c for c in cs if not any(_dominates(_figures(o), _figures(c)) for o in cs)]
        assert pareto_front(cs) == expected


def test_non_dominated_keeps_exact_duplicates_and_handles_large_inputs():
    import numpy as np

    pts = np.array([[1.0, 2.0], [1.0, 2.0], [2.0, 3.0]])
    assert non_dominated(pts).tolist() == [True, True, False]
    big = np.random.default_rng(0).random((3000, 2))
    mask = non_dominated(big)
    order = np.lexsort((big[:, 1], big[:, 0]))
    best, expect = np.inf, np.zeros(len(big), dtype=bool)
    for i in order:
        if big[i, 1] < best:
            expect[i], best = True, big[i, 1]
    assert (mask == expect).all()


def test_non_dominated_equals_all_pairs_dominance_across_many_blocks_with_ties():
    import numpy as np

    rng = np.random.default_rng(18)
    for n in (63, 64, 65, 700, 1500):
        pts = rng.integers(0, 6, size=(n, 5)).astype(float)  # few levels: many ties and duplicates
        pts[rng.random((n, 5)) < 0.05] = np.nan
        p = np.where(np.isnan(pts), np.inf, pts)
        le = (p[None, :, :] <= p[:, None, :]).all(axis=2)
        lt = (p[None, :, :] < p[:, None, :]).any(axis=2)
        expect = ~(le & lt).any(axis=1)
        assert non_dominated(pts).tolist() == expect.tolist(), n


def test_non_dominated_equals_all_pairs_dominance_with_fronts_around_the_seeds_found_one_by_one():
    """The first ``_SEEDS`` front rows are found one at a time, the rest by the block sweep: fronts
    smaller than, about as large as and far larger than that give all-pairs dominance exactly."""
    import numpy as np

    from advisor.scoring import pareto

    rng = np.random.default_rng(32)
    sizes = set()
    for n, dims in ((40, 2), (300, 3), (500, 4), (900, 6), (2000, 3)):
        pts = rng.random((n, dims)).round(2)  # some exact ties
        pts[rng.random((n, dims)) < 0.02] = np.nan
        p = np.where(np.isnan(pts), np.inf, pts)
        le = (p[None, :, :] <= p[:, None, :]).all(axis=2)
        lt = (p[None, :, :] < p[:, None, :]).any(axis=2)
        expect = ~(le & lt).any(axis=1)
        assert non_dominated(pts).tolist() == expect.tolist(), (n, dims)
        sizes.add(int(expect.sum()) > pareto._SEEDS)
    assert sizes == {True, False}
