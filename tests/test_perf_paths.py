"""The shortcuts that keep 10^5 offers fast still say what the slow path said."""

from __future__ import annotations

from datetime import date

from advisor.catalog.gathering import gather
from advisor.evaluation.component import EXCLUSIONS_KEPT, Evaluated
from advisor.model.offers import Certification, OfferQuery, ProviderCatalog
from advisor.sizing import Sizings
from tests.catalog_fakes import Good, catalog, offer, plugins_with, venue


def test_exclusions_are_all_counted_and_the_smallest_ids_kept_per_reason_plus_one_per_venue():
    import numpy as np

    from advisor.catalog.columns import OfferColumns

    ev = Evaluated(loaded=None, component=None, model=None, key="c")
    place = venue("p")
    ids = [f"p:r1:sku{i:04d}:on_demand" for i in range(3 * EXCLUSIONS_KEPT)]
    offers = [offer("p", sku=f"sku{i:04d}") for i in range(len(ids))]
    cols = OfferColumns(offers, {place.id: place})
    largest_first = np.arange(len(ids))[::-1]  # every early one must make way later
    for reason in ("slo", "veto"):
        met = np.array([i for i in largest_first.tolist() if (i % 3 != 0) == (reason == "slo")])
        ev.exclude_all(reason, cols, {place.id: place}, met, lambda k, met=met: f"detail {met[k]}")
    assert ev.excluded_counts == {"slo": 2 * EXCLUSIONS_KEPT, "veto": EXCLUSIONS_KEPT}
    slo = [e.offer_id for e in ev.exclusions if e.reason == "slo"]
    slo_ids = sorted(i for n, i in enumerate(ids) if n % 3)
    first_at_venue = slo_ids[-1]  # inserted first: kept so every venue keeps one example
    assert slo == sorted(slo_ids[:EXCLUSIONS_KEPT] + [first_at_venue])
    assert len([e for e in ev.exclusions if e.reason == "veto"]) == EXCLUSIONS_KEPT  # all 200 fit: none extra


def test_sizings_build_each_offers_record_from_its_units_figures():
    per_unit = [{"feasible": True, "units": 2}, {"feasible": False, "units": 0}]
    table = Sizings([{**base, **u} for u in per_unit], [1, 0, 0], ["a", "b", "c"])
    assert [s.offer_id for s in table] == ["a", "b", "c"]
    assert table.feasible == [False, True, True]
    assert table[1].units == 2 and table[1:] == [table[1], table[2]]
    assert table.template(0).offer_id == ""


base = {"component": "chat", "precision": "fp16", "reason": None, "tensor_parallel": 1, "replicas": 0,
        "unit_hours_per_month": 0.0, "utilisation": 0.0, "batch": None, "max_batch": None, "ttft_ms": None,
        "tpot_ms": None, "output_tokens_per_second_per_replica": None, "memory_gb": {}, "energy_kwh_per_month": None,
        "efficiency": {}, "notes": ()}


class _BadCertificate(Good):
    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        broken = Certification.model_construct(name="", source="nowhere", retrieved=date(2026, 1, 1))
        bad = venue(self.name, "r2").model_copy(update={"certifications": (broken,)})
        return catalog(self.name, [offer(self.name)], venues=[venue(self.name), bad])


def test_a_venue_holding_a_constructed_malformed_certification_is_dropped_and_named():
    gathered = gather(plugins_with(_BadCertificate("badcert")), OfferQuery(), offline=True)
    assert list(gathered.venues) == ["badcert:r1"]
    [problem] = gathered.sources[0].problems
    assert "1 malformed venue dropped: 'badcert:r2': certifications.0" in problem


def test_bulk_exclusions_keep_and_count_what_one_by_one_exclusions_do():
    import numpy as np

    from advisor.catalog.columns import OfferColumns
    from tests.oracles import exclude_one

    places = [venue("p", f"r{k}") for k in range(5)]
    offers = [offer("p", sku=f"sku{i:04d}", region=f"r{(i * 7) % 5}") for i in range(3 * EXCLUSIONS_KEPT)]
    venues = {v.id: v for v in places}
    cols = OfferColumns(offers, venues)
    order = np.random.default_rng(3).permutation(len(offers))  # met in no particular id order
    one, bulk = (Evaluated(loaded=None, component=None, model=None, key="c") for _ in range(2))
    for i in order.tolist():
        exclude_one(one, offers[i], venues[offers[i].venue_id], "slo", f"detail {i}")
    bulk.exclude_all("slo", cols, venues, order, lambda k: f"detail {order[k]}")
    assert bulk.excluded_counts == one.excluded_counts == {"slo": len(offers)}
    assert bulk.venues_by_reason == one.venues_by_reason
    assert [(e.offer_id, e.detail) for e in bulk.exclusions] == [(e.offer_id, e.detail) for e in one.exclusions]
    assert len(bulk.exclusions) > EXCLUSIONS_KEPT  # the first at each venue besides the smallest ids


def test_column_ranking_reads_the_rows_a_full_exact_sort_puts_first():
    import math

    import numpy as np

    from advisor.scoring.ranking import rank_rows
    from advisor.scoring.scores import CRITERIA, check_weights, values_of

    rng = np.random.default_rng(5)
    raw = np.column_stack([rng.uniform(100, 9000, 400), rng.uniform(5, 400, 400), rng.integers(0, 7, 400),
                           rng.uniform(0, 3, 400), rng.uniform(1, 90, 400), rng.uniform(0.94, 1.0, 400)])
    raw[200:] = raw[:200]  # exact ties, broken by offer id
    raw[7, 1] = np.nan  # an unknown latency scores worst
    ids = [f"p:r:sku{(i * 37) % 400:04d}:on_demand" for i in range(400)]
    provider = rng.integers(0, 6, 400)
    weights = {"cost": 0.4, "latency": 0.2, "privacy": 0.2, "regulation": 0.1, "carbon": 0.1, "availability": 0.1}
    w = check_weights(weights)
    totals = [math.fsum(w[k] * v for k, v in zip(CRITERIA, row)) for row in values_of(raw).tolist()]
    full = sorted(range(400), key=lambda i: (-totals[i], ids[i]))
    ranking = rank_rows(raw, weights, ids, provider, 50)
    assert ranking.top == full[:50]
    assert ranking.totals == {i: totals[i] for i in full[:50]}
    firsts = {}
    for i in full:
        firsts.setdefault(int(provider[i]), i)
    assert ranking.per_provider == sorted(firsts.values(), key=full.index)


def test_column_frontier_is_the_pareto_front_of_the_candidates_by_cost():
    import numpy as np

    from advisor.model.candidates import Candidate
    from advisor.scoring.pareto import pareto_front
    from advisor.scoring.ranking import frontier_rows
    from advisor.scoring.scores import raw_matrix

    rng = np.random.default_rng(11)
    pairs = [dict(latency_ms=float(rng.uniform(5, 300)), privacy_level=int(rng.integers(0, 7)),
                  carbon_kg_per_month=float(rng.uniform(1, 50))) for _ in range(30)]
    pair = rng.integers(0, 30, 600)
    cands = [Candidate(component="c", workload="w", offer_id=f"p:r:sku{i:04d}:on_demand", venue_id="p:r", provider="p",
                       kind="cloud", billing="on_demand", units=1, usd_per_month=float(rng.integers(100, 140)),
                       **pairs[pair[i]]) for i in range(600)]
    raw = raw_matrix(cands)
    rows = frontier_rows(raw, raw[:, 0], np.arange(600), pair)
    expected = sorted(pareto_front(cands), key=lambda c: (c.usd_per_month, c.offer_id))
    assert [cands[i] for i in rows.tolist()] == expected


def test_shortlist_keeps_the_candidates_and_scores_prepare_keeps_from_every_candidate(monkeypatch):
    from pathlib import Path

    import advisor.placement.portfolio as module
    from advisor.pipeline import Options, recommend
    from advisor.placement.plan import prepare
    from advisor.plugin.manager import Plugins

    seen = []
    real = module.shortlist
    monkeypatch.setattr(module, "shortlist", lambda evaluated, weights: seen.append(
        (evaluated, weights, real(evaluated, weights))) or seen[-1][2])
    example = Path(__file__).resolve().parents[1] / "examples" / "hybrid-clinic.toml"
    recommend([example], Plugins(), Options(as_of=date(2026, 11, 22), offline=True))
    [(evaluated, weights, (kept, prepared))] = seen
    every = [ev.candidate(j) for ev in evaluated for j in range(ev.size)]
    full = prepare(every, weights)
    assert len(every) > len(kept) > len(evaluated)
    assert [every[i] for i in full.kept] == kept
    assert full.scores[full.kept].tolist() == prepared.scores.tolist()


def test_shortlist_of_twins_sharing_a_table_keeps_what_prepare_keeps_from_every_candidate(monkeypatch, tmp_path):
    """Twin components share one table and are pruned once for it: the same candidates and scores as
    pruning every component's candidates on their own."""
    from pathlib import Path

    import advisor.placement.portfolio as module
    from advisor.pipeline import Options, recommend
    from advisor.placement.plan import prepare
    from advisor.plugin.manager import Plugins

    root = Path(__file__).resolve().parents[1] / "examples"
    (tmp_path / "hybrid-sites.toml").write_text((root / "hybrid-sites.toml").read_text())
    paths = []
    for name in ("clinic-a", "clinic-b", "clinic-c"):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text((root / "hybrid-clinic.toml").read_text().replace(
            'name = "clinic-assistant"', f'name = "{name}"'))
    seen = []
    real = module.shortlist
    monkeypatch.setattr(module, "shortlist", lambda evaluated, weights: seen.append(
        (evaluated, weights, real(evaluated, weights))) or seen[-1][2])
    recommend(paths, Plugins(), Options(as_of=date(2026, 11, 22), offline=True))
    [(evaluated, weights, (kept, prepared))] = seen
    assert sum(ev.source is not None and ev.size > 0 for ev in evaluated) >= 4
    every = [ev.candidate(j) for ev in evaluated for j in range(ev.size)]
    full = prepare(every, weights)
    assert [every[i] for i in full.kept] == kept
    assert full.scores[full.kept].tolist() == prepared.scores.tolist()


def _evaluations(monkeypatch, example: str):
    """The evaluations the pipeline hands to the shortlist for one example."""
    from pathlib import Path

    import advisor.placement.portfolio as module
    from advisor.pipeline import Options, recommend
    from advisor.plugin.manager import Plugins

    seen = []
    real = module.shortlist
    monkeypatch.setattr(module, "shortlist", lambda evaluated, weights: seen.append(evaluated) or real(evaluated, weights))
    path = Path(__file__).resolve().parents[1] / "examples" / example
    recommend([path], Plugins(), Options(as_of=date(2026, 11, 22), offline=True))
    [evaluated] = seen
    return evaluated


def test_evaluation_raw_criteria_are_raw_matrix_of_its_candidates(monkeypatch):
    """The criteria an evaluation scores are those of the candidate records it builds, to the bit,
    through the one ``raw_columns`` (shared boxes, an unknown availability and a public-only component
    included in hybrid-clinic)."""
    import numpy as np

    from advisor.scoring.scores import raw_matrix

    checked = 0
    for ev in _evaluations(monkeypatch, "hybrid-clinic.toml"):
        if not ev.size:
            continue
        from_records = raw_matrix([ev.candidate(j) for j in range(ev.size)])
        assert from_records.shape == ev.table.raw.shape == (ev.size, 6)
        assert np.array_equal(from_records, ev.table.raw, equal_nan=True)
        checked += ev.size
    assert checked > 100


def test_a_rows_cost_record_states_the_bill_the_pipeline_took(monkeypatch):
    """``Row.cost`` words the column bill; ``cost_component`` bills the record afresh: the same record,
    for owned hardware, every cloud term and per-token APIs alike."""
    from advisor.costing import cost_component

    billings = set()
    for example in ("hybrid-clinic.toml", "api-wins-support-bot.toml"):
        for ev in _evaluations(monkeypatch, example):
            for j in range(0, ev.size, max(1, ev.size // 40)):
                row = ev.row(j)
                again = cost_component(None, ev.component, row.sizing, row.offer, row.venue,
                                       horizon_months=row.horizon_months)
                assert row.cost == again
                assert row.cost.usd_per_month == ev.table.usd[j]
                billings.add(row.offer.billing)
    assert {"owned", "on_demand", "per_token"} <= billings
