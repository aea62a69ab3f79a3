"""Components of a portfolio that agree on every input but their names share one evaluation, and the
recommendation is byte-identical to evaluating each on its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import advisor.evaluation.component as evaluate
from advisor.pipeline import Options, recommend
from advisor.plugin.manager import Plugins

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = Options(as_of=date(2026, 11, 22), offline=True)


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def _twins(tmp_path: Path) -> list[Path]:
    (tmp_path / "hybrid-sites.toml").write_text((ROOT / "examples" / "hybrid-sites.toml").read_text())
    text = (ROOT / "examples" / "hybrid-clinic.toml").read_text()
    paths = []
    for name in ("clinic-a", "clinic-b"):
        path = tmp_path / f"{name}.toml"
        path.write_text(text.replace('name = "clinic-assistant"', f'name = "{name}"'))
        paths.append(path)
    return paths


def test_twin_workloads_share_evaluations_and_say_the_same_as_separate_ones(
    tmp_path: Path, plugins: Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _twins(tmp_path)
    renamed = []
    original = evaluate._renamed
    monkeypatch.setattr(evaluate, "_renamed", lambda *a: renamed.append(a[1].key) or original(*a))
    shared = recommend(paths, plugins, OPTIONS)
    assert renamed == ["clinic-b/triage-chat", "clinic-b/device-alerts", "clinic-b/medical-lora"]

    monkeypatch.setattr(evaluate, "_evaluation_key", lambda *a: ((object(),), ()))
    separate = recommend(paths, plugins, OPTIONS)
    assert shared.canonical_json() == separate.canonical_json()
    chats = [c for c in shared.components if c.component.endswith("/triage-chat")]
    assert [c.workload for c in chats] == ["clinic-a", "clinic-b"]
    assert chats[0].candidates_considered == chats[1].candidates_considered > 0


def test_a_different_input_is_not_shared(tmp_path: Path, plugins: Plugins, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _twins(tmp_path)
    paths[1].write_text(paths[1].read_text().replace('classes = ["phi"]', 'classes = ["internal"]'))
    renamed = []
    original = evaluate._renamed
    monkeypatch.setattr(evaluate, "_renamed", lambda *a: renamed.append(a[1].key) or original(*a))
    recommend(paths, plugins, OPTIONS)
    assert "clinic-b/triage-chat" not in renamed


def test_shared_memo_serves_one_run_and_refuses_another_runs_inputs():
    """Memo keys leave out the offers, venues, hardware and rules: a Shared is bound to one run's."""
    import pytest

    from advisor.evaluation.shared import Shared

    offers, venues, hardware, rules = [], {}, object(), object()
    shared = Shared()
    cols = shared.bind(offers, venues, hardware, rules)
    assert shared.bind(offers, venues, hardware, rules) is cols
    with pytest.raises(ValueError, match="one run"):
        shared.bind(list(offers), venues, hardware, rules)
    with pytest.raises(ValueError, match="one run"):
        shared.bind(offers, venues, hardware, object())


def test_components_reaching_the_same_pairs_share_their_columns_and_say_the_same(
    tmp_path: Path, plugins: Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workloads differing in their data classes are evaluated apart but reach the same (venue, unit)
    pairs: they share one ``PairColumns``, and the recommendation is the one built without sharing."""
    from advisor.evaluation.pairs import PerPair

    paths = _twins(tmp_path)
    paths[1].write_text(paths[1].read_text().replace('classes = ["phi"]', 'classes = ["internal"]'))
    built = []
    columns = PerPair.columns
    monkeypatch.setattr(PerPair, "columns", lambda self, *a: built.append(len(self.memo.columns)) or columns(self, *a))
    shared = recommend(paths, plugins, OPTIONS)
    assert len(built) > len(set(built))  # some evaluation found its pairs already built

    monkeypatch.setattr(PerPair, "columns", lambda self, *a: self.memo.columns.clear() or columns(self, *a))
    separate = recommend(paths, plugins, OPTIONS)
    assert shared.canonical_json() == separate.canonical_json()


def test_evaluations_with_the_same_exclusion_words_share_their_records_and_say_the_same(
    tmp_path: Path, plugins: Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workloads evaluated apart (other data classes) whose exclusions read the same inputs share the
    records built for them (``Shared.exclusions``); the recommendation is the one built without sharing."""
    import advisor.evaluation.evaluated as evaluated

    paths = _twins(tmp_path)
    paths[1].write_text(paths[1].read_text().replace('classes = ["phi"]', 'classes = ["internal"]'))
    built = []
    record = evaluated._exclusion
    monkeypatch.setattr(evaluated, "_exclusion", lambda *a: built.append(a[3]) or record(*a))
    shared = recommend(paths, plugins, OPTIONS)
    once = len(built)

    original = evaluate._exclude
    monkeypatch.setattr(evaluate, "_exclude", lambda *a: original(*a[:-1], {}))
    separate = recommend(paths, plugins, OPTIONS)
    assert shared.canonical_json() == separate.canonical_json()
    assert 0 < once < len(built) - once
