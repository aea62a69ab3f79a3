"""A portfolio keeps of each component only its digest (``advisor.assembly.digest``): the recommendation
is byte-identical to the one made from every row, and each reader picks the same rows from the digest."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import advisor.pipeline as pipeline
from advisor.assembly.build import listed_exclusions
from advisor.evaluation.evaluated import Evaluated
from advisor.model.recommendation import Exclusion, Recommendation
from advisor.pipeline import Options, recommend
from advisor.placement.milp import prune_both
from advisor.plugin.manager import Plugins
from advisor.scoring.ranking import frontier_rows, rank_rows
from advisor.trusted import trusted

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_prune_columns import _case  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = Options(as_of=date(2026, 11, 22), offline=True)


def _spot_chats(tmp_path: Path) -> list[Path]:
    """A pilot whose interactive chat may run on spot, and its twin under another name."""
    text = (ROOT / "tests" / "workloads" / "short-horizon-chat.toml").read_text().replace(
        'users = [ { metro = "Ashburn", share = 1.0 } ]',
        'users = [ { metro = "Ashburn", share = 1.0 } ]\nallow_preemptible = true', 1)
    paths = []
    for name in ("pilot-a", "pilot-b"):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text(text.replace('name = "six-month-pilot"', f'name = "{name}"'))
    return paths


def _examples(tmp_path: Path) -> list[Path]:
    """Every example: owned boxes, APIs, edge, DePIN, shared boxes."""
    return [p for p in sorted((ROOT / "examples").glob("*.toml")) if "sites" not in p.name]


def _digested_and_whole(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> tuple[Recommendation, Recommendation]:
    """The portfolio's recommendation from its digests and from every row; the digests hold under a
    third of the rows."""
    held: list[int] = []  # rows the evaluations hold after evaluation, per run
    real = pipeline._evaluate

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        held.append(sum(ev.size for ev in found))
        return found

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_evaluate", evaluate)
        digested = recommend(paths, Plugins(), OPTIONS)
        patch.setattr(pipeline, "digest", lambda ev, weights: None)
        whole = recommend(paths, Plugins(), OPTIONS)
    assert held[0] < held[1] / 3
    return digested, whole


def test_a_portfolio_says_the_same_from_its_digests_as_from_every_row(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    digested, whole = _digested_and_whole(_examples(tmp_path), monkeypatch)
    assert digested.canonical_json() == whole.canonical_json()
    # the comparisons that read the cheapest row of a class are in it
    assert any(c.owned_vs_cloud for c in digested.components) and any(c.api_vs_self_host for c in digested.components)


def test_the_spot_risk_floor_is_the_same_from_the_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digested, whole = _digested_and_whole(_spot_chats(tmp_path), monkeypatch)
    assert digested.canonical_json() == whole.canonical_json()
    lines = [w for c in digested.components for w in c.why if w.startswith("spot risk:")]
    assert len(lines) == 2 and all("the floor without that risk is" in w for w in lines)


def test_a_component_no_offer_serves_is_digested_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pilot = (ROOT / "tests" / "workloads" / "short-horizon-chat.toml").read_text()
    paths = [tmp_path / "pilot.toml", tmp_path / "impossible.toml"]
    paths[0].write_text(pilot)
    paths[1].write_text(pilot.replace("ttft_ms_p95 = 2000", "ttft_ms_p95 = 1")
                        .replace('name = "six-month-pilot"', 'name = "impossible"'))
    digested, whole = _digested_and_whole(paths, monkeypatch)
    assert digested.canonical_json() == whole.canonical_json()
    assert not digested.plan.feasible and digested.components[2].chosen is None
    # relaxation hints count the rule ids of every exclusion kept: that evaluation keeps them all
    seen: list[Evaluated] = []
    real = pipeline._evaluate
    monkeypatch.setattr(pipeline, "_evaluate", lambda *a, **k: seen.extend(found := real(*a, **k)) or found)
    recommend(paths, Plugins(), OPTIONS)
    assert seen[2].key == "impossible/chat" and not seen[2].size and seen[2].first_per_venue


def test_assembly_frees_each_evaluation_once_its_component_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[list[Evaluated]] = []
    real = pipeline._evaluate
    monkeypatch.setattr(pipeline, "_evaluate", lambda *a, **k: handed.append(real(*a, **k)) or handed[-1])
    rec = recommend([ROOT / "examples" / "hybrid-clinic.toml", ROOT / "examples" / "seed-llama3-8b.toml"], Plugins(),
                    OPTIONS)
    assert len(rec.components) == 4 and handed == [[]]


def test_a_single_recommendation_keeps_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = pipeline._evaluate
    monkeypatch.setattr(pipeline, "_evaluate", lambda *a, **k: seen.append(k["digested"]) or real(*a, **k))
    recommend([ROOT / "examples" / "seed-llama3-8b.toml"], Plugins(), OPTIONS)
    assert seen == [False]


def _with(kept: list[int], n: int, rng: np.random.Generator) -> np.ndarray:
    """``kept`` and some other rows, increasing."""
    return np.union1d(kept, np.flatnonzero(rng.random(n) < 0.3)).astype(np.int64)


def test_pruning_the_kept_rows_and_those_of_unknown_cost_keeps_the_same_ones() -> None:
    rng = np.random.default_rng(18)
    for n, groups, pools in [(1, 1, 1), (60, 5, 3), (400, 40, 6), (2000, 30, 20), (500, 3, 1)]:
        for _ in range(8):
            scores, cost, units, group, pool = _case(rng, n, groups, pools)
            standby = np.where(rng.random(n) < 0.5, cost, cost * 0.25)
            if rng.random() < 0.3:
                standby[rng.random(n) < 0.03] = np.nan
            kept = prune_both(scores, cost, standby, units, group, pool, 0)
            # a row of unknown cost stops the rows after it in its group: the digest keeps it too
            rows = _with(sorted({*kept, *np.flatnonzero(np.isnan(cost) | np.isnan(standby)).tolist()}), n, rng)
            again = prune_both(scores[rows], cost[rows], standby[rows], units[rows], group[rows], pool[rows], 0)
            assert rows[again].tolist() == kept


def test_ranking_and_the_frontier_of_the_kept_rows_are_the_whole_tables() -> None:
    rng = np.random.default_rng(7)
    weights = {"cost": 0.5, "latency": 0.2, "privacy": 0.1, "regulation": 0.1, "carbon": 0.05, "availability": 0.05}
    for n in (1, 5, 80, 600):
        for _ in range(6):
            usd = rng.choice([10.0, 20.0, 35.0, 80.0, 150.0], n)
            pairs = max(1, n // 3)  # rows of one (venue, unit) pair share every figure but cost
            pair = rng.integers(0, pairs, n)
            figures = np.column_stack([rng.choice([20.0, 50.0, np.nan], pairs), rng.integers(0, 7, pairs),
                                       rng.choice([0.0, 0.5], pairs), rng.choice([1.0, 3.0, np.nan], pairs),
                                       rng.choice([1.0, 0.9, np.nan], pairs)])[pair]
            raw = np.column_stack([usd / usd.min(), figures])
            ids = [f"o{k:04d}" for k in rng.permutation(n)]
            rank = np.argsort(np.argsort(ids))
            provider = rng.integers(0, 4, n)
            ranking = rank_rows(raw, weights, ids, provider, 50)
            front = frontier_rows(raw, usd, rank, pair)
            rows = _with(sorted({*ranking.top, *ranking.per_provider, *front.tolist()}), n, rng)
            sub = rank_rows(raw[rows], weights, [ids[k] for k in rows], provider[rows], 50)
            assert rows[sub.top].tolist() == ranking.top and rows[sub.per_provider].tolist() == ranking.per_provider
            _, code = np.unique(pair[rows], return_inverse=True)
            assert rows[frontier_rows(raw[rows], usd[rows], rank[rows], code.reshape(-1))].tolist() == front.tolist()


def test_the_listed_exclusions_list_themselves_again() -> None:
    rng = np.random.default_rng(5)
    reasons = ["veto", "unknown", "does-not-fit", "slo", "unpriced", "constraint"]
    for n in (0, 10, 300, 2000):
        found = [trusted(Exclusion, {"offer_id": f"o{k:05d}", "venue_id": f"v{rng.integers(0, 90)}", "provider": "p",
                                     "reason": reasons[rng.integers(0, 6)], "detail": f"d{rng.integers(0, 12)}",
                                     "rule_ids": ()}) for k in range(n)]
        listed = listed_exclusions(found)
        again = listed_exclusions(sorted(listed, key=lambda e: e.offer_id + "|" + e.reason))
        assert [id(e) for e in again] == [id(e) for e in listed]


def test_trusted_records_share_their_field_set_and_a_copy_takes_its_own() -> None:
    one, two = (trusted(Exclusion, {"offer_id": k, "venue_id": "v", "provider": "p", "reason": "veto", "detail": "",
                                    "rule_ids": ()}) for k in "ab")
    assert one.model_fields_set is two.model_fields_set
    every = set(Exclusion.model_fields)
    copy = one.model_copy(update={"detail": "changed"})
    assert copy.model_fields_set == every and copy.model_fields_set is not one.model_fields_set
    assert one.model_fields_set == every
