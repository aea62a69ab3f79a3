"""Assembly's memos of a component's ranking and frontier are keyed by its workload and key: in an
inventory a solo workload's component is keyed by its bare name, so two workloads' ``chat`` must not
share one."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import advisor.pipeline as pipeline
from advisor.assembly.ranked import ranked
from advisor.pipeline import Options, recommend
from advisor.placement.portfolio import portfolio_weights
from advisor.plugin import Plugins

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)
_EVALUATE = pipeline._evaluate


def _solo_evaluation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, volume: str):
    seen: list = []
    real = _EVALUATE

    def evaluate(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.extend(out)  # a copy: assembly takes the evaluations out of the list it is given
        return out

    monkeypatch.setattr(pipeline, "_evaluate", evaluate)
    text = (ROOT / "examples" / "seed-llama3-8b.toml").read_text(encoding="utf-8")
    text = text.replace('name = "seed-llama3-8b"', f'name = "{name}"')
    text = text.replace("output_tokens_per_month = 157_000_000", f"output_tokens_per_month = {volume}")
    shutil.copy(ROOT / "examples" / "sites.toml", tmp_path / "sites.toml")
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    recommend([path], Plugins(), Options(as_of=AS_OF))
    [ev] = seen
    return ev


def _ids(ranked):
    best, per_provider = ranked
    return [r.offer.id for r in best], per_provider


def test_two_workloads_components_of_the_same_name_are_ranked_each_on_its_own_rows(tmp_path, monkeypatch):
    small = _solo_evaluation(tmp_path, monkeypatch, "small-chat", "1_000_000")
    large = _solo_evaluation(tmp_path, monkeypatch, "large-chat", "3_000_000_000")
    assert small.key == large.key == "chat"
    weights, _ = portfolio_weights([small.loaded])
    alone = [_ids(ranked(ev, weights, 10, {})) for ev in (small, large)]
    assert alone[0] != alone[1]  # the two volumes rank different rows first
    orders: dict = {}  # one memo for the run, as assembly keeps it
    assert [_ids(ranked(ev, weights, 10, orders)) for ev in (small, large)] == alone
