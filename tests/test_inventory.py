"""``advisor recommend --inventory``: groups that share no site are solved alone and give exactly the
recommendation a run of that workload alone gives; workloads sharing a site are solved together, as a
portfolio; the JSON Lines end with a portfolio summary; bad inventories exit 2 naming file and line."""

from __future__ import annotations

import json
import math
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.executors import LocalExecutor
from advisor.inventory import couple, read_inventory, run_inventory
from advisor.jsontext import canonical
from advisor.pipeline import Options, recommend
from advisor.plugin.manager import Plugins

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"
EXAMPLES = ("depin-batch", "edge-latency", "hybrid-clinic", "seed-llama3-8b")
SITES = ("edge-sites", "hybrid-sites", "sites")


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def make_inventory(root: Path, twins: bool = False) -> Path:
    """The four examples and their sites files; with ``twins`` a second clinic naming the same sites."""
    inv = root / "inventory"
    inv.mkdir()
    for name in (*EXAMPLES, *SITES):  # these four, whatever other examples the repository gains
        shutil.copy(ROOT / "examples" / f"{name}.toml", inv / f"{name}.toml")
    if twins:
        text = (inv / "hybrid-clinic.toml").read_text().replace('name = "clinic-assistant"', 'name = "clinic-twin"', 1)
        (inv / "hybrid-clinic-twin.toml").write_text(text)
    return inv


def test_each_group_alone_equals_the_recommendation_of_its_workload_alone(tmp_path, monkeypatch, capsys):
    inv = make_inventory(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "recommend", "--inventory", str(inv), "--offline", "--as-of", AS_OF)
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["workloads"] for x in lines[:-1]] == [["public-corpus-summaries"], ["factory-inspection"],
                                                    ["clinic-assistant"], ["seed-llama3-8b"]]
    totals = []
    for line, name in zip(lines[:-1], EXAMPLES):
        code, alone, _ = run(monkeypatch, capsys, "recommend", str(inv / f"{name}.toml"), "--format", "json",
                             "--offline", "--as-of", AS_OF)
        assert canonical(line["recommendation"]) + "\n" == alone, name
        totals.append(json.loads(alone)["plan"]["total_usd_per_month"])
    summary = lines[-1]["portfolio"]
    assert summary["workloads"] == 4 and summary["groups"] == 4 and summary["feasible_groups"] == 4
    assert summary["infeasible_workloads"] == []
    assert summary["total_usd_per_month"] == round(math.fsum(totals), 2)
    assert summary["components"] == sum(len(x["recommendation"]["components"]) for x in lines[:-1])


def test_workloads_that_share_a_site_are_placed_together_as_a_portfolio(tmp_path):
    inv = make_inventory(tmp_path, twins=True)
    paths = read_inventory(inv)
    options = Options(offline=True, as_of=date(2026, 11, 22))
    solved = list(run_inventory(paths, Plugins(), options, LocalExecutor()))
    names = [s.names for s in solved]
    assert ("clinic-twin", "clinic-assistant") in names  # in path order: hybrid-clinic-twin.toml sorts first
    assert len(names) == 4
    pair = next(s for s in solved if len(s.names) == 2)
    together = recommend([inv / "hybrid-clinic-twin.toml", inv / "hybrid-clinic.toml"], Plugins(), options)
    assert json.loads(pair.line)["recommendation"] == together.model_dump(mode="json")
    components = [c["component"] for c in json.loads(pair.line)["recommendation"]["components"]]
    assert len(components) == 6 and all(c.startswith(("clinic-twin/", "clinic-assistant/")) for c in components)


def test_couple_joins_workloads_that_share_a_site_transitively_in_first_seen_order():
    assert couple([["a"], [], ["b"], ["b", "c"], ["c", "a"], ["d"]]) == [[0, 2, 3, 4], [1], [5]]
    assert couple([]) == []


def test_a_jsonl_inventory_lists_workload_files_relative_to_itself(tmp_path, monkeypatch, capsys):
    inv = make_inventory(tmp_path)
    listing = tmp_path / "inventory.jsonl"
    listing.write_text('"inventory/depin-batch.toml"\n\n{"path": "inventory/seed-llama3-8b.toml"}\n')
    code, out, _ = run(monkeypatch, capsys, "recommend", "--inventory", str(listing), "--offline", "--as-of", AS_OF,
                       "-o", str(tmp_path / "out.jsonl"))
    assert code == 0 and out == ""
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(x).get("workloads") for x in lines] == [["public-corpus-summaries"], ["seed-llama3-8b"], None]
    assert json.loads(lines[-1])["portfolio"]["workloads"] == 2
    assert inv.is_dir()


@pytest.mark.parametrize("content, expected", [
    ('"a.toml"\nnot json\n', "line 2: not JSON"),
    ('{"file": "a.toml"}\n', 'line 1: expected a path string or an object with "path"'),
    ("\n", "no workload listed"),
])
def test_a_bad_jsonl_inventory_exits_2_naming_the_file_and_line(tmp_path, monkeypatch, capsys, content, expected):
    listing = tmp_path / "inv.jsonl"
    listing.write_text(content)
    code, out, err = run(monkeypatch, capsys, "recommend", "--inventory", str(listing), "--offline")
    assert code == 2 and out == ""
    assert str(listing) in err and expected in err
    assert "Traceback" not in err


def test_two_workloads_of_one_name_in_an_inventory_exit_2(tmp_path, monkeypatch, capsys):
    inv = make_inventory(tmp_path)
    shutil.copy(inv / "depin-batch.toml", inv / "depin-batch-copy.toml")
    code, out, err = run(monkeypatch, capsys, "recommend", "--inventory", str(inv), "--offline", "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert "'public-corpus-summaries' is also the name of" in err


@pytest.mark.parametrize("args, expected", [
    (["--executor", "ray"], "--executor and --ray-address go with --inventory"),
    (["--inventory", "x", "examples/depin-batch.toml"], "pass workload files or --inventory, not both"),
    (["--inventory", "examples", "--format", "table"], "--inventory writes JSON Lines (jsonl), not 'table'"),
    (["--inventory", "examples", "--ray-address", "127.0.0.1:1"], "--ray-address: only used with --executor ray"),
    ([], "no workload file given"),
])
def test_inventory_options_used_wrongly_exit_2_with_a_message(monkeypatch, capsys, args, expected):
    monkeypatch.chdir(ROOT)
    code, out, err = run(monkeypatch, capsys, "recommend", *args, "--offline")
    assert code == 2 and out == ""
    assert expected in err


def test_the_explanation_budget_counts_the_components_of_the_whole_inventory(tmp_path, monkeypatch):
    import advisor.placement.portfolio as assemble

    inv = make_inventory(tmp_path)
    options = Options(offline=True, as_of=date(2026, 11, 22))
    monkeypatch.setattr(assemble, "EXPLAIN_COMPONENTS", 5)  # the inventory has 6 components, no group more than 3
    lines = [json.loads(s.line)["recommendation"] for s in run_inventory(read_inventory(inv), Plugins(), options,
                                                                          LocalExecutor())]
    for rec in lines:
        said = [w for w in rec["warnings"] if "components in the inventory: above 5" in w]
        assert said and "this one alone" in said[0]
    monkeypatch.setattr(assemble, "EXPLAIN_COMPONENTS", 6)
    lines = [json.loads(s.line)["recommendation"] for s in run_inventory(read_inventory(inv), Plugins(), options,
                                                                          LocalExecutor())]
    assert not any("in the inventory" in w for rec in lines for w in rec["warnings"])


def test_an_inventory_directory_skips_sites_and_python_project_files_below_it(tmp_path):
    from advisor.inventory import read_inventory

    inv = make_inventory(tmp_path)
    plugin = inv / "provider-plugin"
    plugin.mkdir()
    shutil.copy(ROOT / "examples" / "provider-plugin" / "pyproject.toml", plugin / "pyproject.toml")
    names = [p.stem for p in read_inventory(inv)]
    assert names == sorted(EXAMPLES)


def test_tasks_of_one_context_share_one_bounded_memo_and_give_the_same_lines(tmp_path, monkeypatch):
    import advisor.inventory as inventory

    inv = make_inventory(tmp_path, twins=True)
    depin = (inv / "depin-batch.toml").read_text()
    for n in (2, 3):  # more groups of the depin workload's catalog (no sites, no constraints)
        (inv / f"depin-batch-{n}.toml").write_text(depin.replace('name = "public-corpus-summaries"',
                                                                 f'name = "public-corpus-summaries-{n}"', 1))
    options = Options(offline=True, as_of=date(2026, 11, 22))
    paths = read_inventory(inv)
    together = [s.line for s in run_inventory(paths, Plugins(), options, LocalExecutor())]
    monkeypatch.setattr(inventory, "BATCH", 1)  # a task per group: they share through the context
    seen: list[int] = []
    real = inventory.Context.shared

    def shared(self):
        found = real(self)
        seen.append(id(found))
        return found

    monkeypatch.setattr(inventory.Context, "shared", shared)
    monkeypatch.setattr(inventory, "KEEP_SIZINGS", 1)
    monkeypatch.setattr(inventory, "KEEP_PAIRS", 2)
    one_by_one = [s.line for s in run_inventory(paths, Plugins(), options, LocalExecutor())]
    assert one_by_one == together
    assert len(seen) == 6 and len(set(seen)) == 4  # a task per group; the three depin groups share one memo


def test_trimming_the_shared_memo_keeps_the_newest_entries_within_the_limits():
    from advisor.evaluation.shared import Shared

    shared = Shared()
    for i in range(10):
        shared._sizings[("c", "m", bytes([i]))] = i
        shared._prices[(i, None)] = i
        shared.pairs.pairs[(i,)] = i
        shared.pairs.latency[(i,)] = i
        shared.pairs.columns[(i,)] = i
    shared.trim(sizings=3, pairs=4)
    assert list(shared._sizings.values()) == [7, 8, 9] and list(shared._prices.values()) == [7, 8, 9]
    assert list(shared.pairs.columns.values()) == [7, 8, 9]
    assert list(shared.pairs.pairs.values()) == [6, 7, 8, 9] and list(shared.pairs.latency.values()) == [6, 7, 8, 9]


def test_the_python_api_yields_the_groups_and_summary_the_cli_writes(tmp_path, monkeypatch, capsys):
    import advisor

    inv = make_inventory(tmp_path)
    code, out, _ = run(monkeypatch, capsys, "recommend", "--inventory", str(inv), "--offline", "--as-of", AS_OF)
    assert code == 0
    solved = list(advisor.recommend_inventory(inv, offline=True, as_of=date(2026, 11, 22)))
    assert [s.line for s in solved] == out.splitlines()[:-1]
    assert {"portfolio": advisor.inventory_summary(solved)} == json.loads(out.splitlines()[-1])
