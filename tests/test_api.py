"""The Python API (advisor.recommend and friends): the same answers as the CLI, from paths, dicts or records."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tomllib
from datetime import date

import pytest

import advisor
from advisor.errors import InputError
from tests.conftest import WORKLOAD

AS_OF = date(2026, 11, 1)


def _text(**kw) -> str:
    return WORKLOAD.format(cls=kw.get("cls", "internal"), subjects=kw.get("subjects", "DE"), name=kw.get("name", "in-memory"))


def _plan(rec) -> tuple:
    return tuple((c.component, c.chosen.offer_id if c.chosen else None) for c in rec.components), rec.plan.total_usd_per_month


def test_recommend_takes_a_path_a_string_a_dict_or_a_workload_record_and_gives_the_same_plan(tmp_path, memory_plugins):
    path = tmp_path / "w.toml"
    path.write_text(_text())
    data = tomllib.loads(_text())
    from_path = advisor.recommend(path, as_of=AS_OF, plugins=memory_plugins)
    from_str = advisor.recommend(str(path), as_of=AS_OF, plugins=memory_plugins)
    from_dict = advisor.recommend(data, as_of=AS_OF, plugins=memory_plugins)
    from_record = advisor.recommend(advisor.Workload.model_validate(data), as_of=AS_OF, plugins=memory_plugins)
    assert isinstance(from_path, advisor.Recommendation)
    assert from_path.components[0].chosen.offer_id == "memcloud:fra:4xl4:on_demand"
    assert _plan(from_path) == _plan(from_str) == _plan(from_dict) == _plan(from_record)
    assert from_dict.inputs[0].name == "<in-memory>" and len(from_dict.inputs[0].sha256) == 64


def test_a_misspelt_key_in_a_dict_workload_is_an_input_error_naming_the_key(memory_plugins):
    data = tomllib.loads(_text())
    data["components"][0]["outptu_tokens_per_month"] = data["components"][0].pop("output_tokens_per_month")
    with pytest.raises(InputError) as err:
        advisor.recommend(data, as_of=AS_OF, plugins=memory_plugins)
    assert err.value.exit_code == 2 and err.value.file == "<in-memory>"
    assert any("components[0].outptu_tokens_per_month: unknown key (did you mean 'output_tokens_per_month'?)" in p
               for p in err.value.problems)


def test_validate_returns_the_kind_of_each_file_and_raises_with_every_problem(tmp_path, memory_plugins):
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(_text())
    bad.write_text(_text().replace('"llama-3-8b"', '"llama-3-8bb"'))
    assert advisor.validate(good, plugins=memory_plugins) == ["workload"]
    with pytest.raises(InputError) as err:
        advisor.validate(good, bad, plugins=memory_plugins)
    assert len(err.value.problems) == 1 and "unknown model 'llama-3-8bb' (did you mean 'llama-3-8b'?)" in err.value.problems[0]


def test_default_weights_apply_only_to_workloads_without_their_own(tmp_path, memory_plugins):
    plain = advisor.recommend(tomllib.loads(_text()), as_of=AS_OF, plugins=memory_plugins)
    costly = advisor.recommend(tomllib.loads(_text()), as_of=AS_OF, plugins=memory_plugins,
                               default_weights={"preset": "latency-first"})
    own = tomllib.loads(_text())
    own["weights"] = {"preset": "cost-first"}
    kept = advisor.recommend(own, as_of=AS_OF, plugins=memory_plugins, default_weights={"preset": "latency-first"})
    # the presets give availability 0.1 and scale the other five by 0.9 (issue 20)
    assert plain.weights["latency"] == pytest.approx(0.25 * 0.9)  # balanced
    assert costly.weights["latency"] == pytest.approx(0.50 * 0.9)  # the configured latency-first
    assert kept.weights["cost"] == pytest.approx(0.60 * 0.9)  # the workload's own cost-first wins


def test_explain_and_compare_return_data_with_contributions_and_gaps(run_memory):
    rec = run_memory()
    explained = advisor.explain(rec)
    [chat] = explained["components"]
    assert chat["chosen"]["offer_id"] == rec.components[0].chosen.offer_id
    assert sum(chat["chosen"]["contributions"].values()) == pytest.approx(chat["chosen"]["score"], abs=1e-3)
    assert all(a["score_behind"] >= 0 for a in chat["alternatives"])
    assert {e["reason"] for e in chat["exclusions"]} >= {"unpriced"}
    other = run_memory(cls="pii")
    compared = advisor.compare(rec, other.model_dump(mode="json"))
    assert compared["components"][0]["first"]["offer_id"] == rec.components[0].chosen.offer_id
    assert compared["total_usd_per_month"] == {"first": rec.plan.total_usd_per_month, "second": other.plan.total_usd_per_month}


def test_render_csv_has_one_row_per_option_and_leaves_unknowns_empty(run_memory):
    rec = run_memory()
    rows = list(csv.DictReader(io.StringIO(advisor.render_recommendation(rec, "csv"))))
    comp = rec.components[0]
    assert [r["role"] for r in rows] == ["chosen"] + [f"alternative {i}" for i in range(1, len(comp.alternatives) + 1)]
    assert rows[0]["usd_per_hour"] == comp.chosen.price["usd_per_hour"] == "3.40"
    assert float(rows[0]["usd_per_month"]) == pytest.approx(comp.chosen.usd_per_month)
    assert rows[0]["price_source"] == "snapshot" and rows[0]["price_as_of"] == "2026-10-01"


def test_render_refuses_an_unknown_format_naming_the_choices(run_memory):
    with pytest.raises(InputError, match="unknown format 'xlsx'; choose one of csv, json, markdown, table"):
        advisor.render_recommendation(run_memory(), "xlsx")


def test_estimate_matches_the_cli_json(tmp_path):
    from click.testing import CliRunner

    from advisor.cli import cli

    result = advisor.estimate("llama-3-8b", "h100-sxm", precision="fp8", concurrency=8)
    import json

    cli_json = json.loads(CliRunner().invoke(cli, ["estimate", "--model", "llama-3-8b", "--hardware", "h100-sxm",
                                                    "--precision", "fp8", "--concurrency", "8", "--format", "json"]).output)
    assert result == cli_json and result["fits"] and result["batch"] == 8


def test_load_recommendation_reads_a_saved_json_and_refuses_something_else(run_memory, tmp_path):
    path = tmp_path / "rec.json"
    path.write_text(run_memory().canonical_json())
    assert advisor.load_recommendation(path).canonical_json() == path.read_text()
    (tmp_path / "junk.json").write_text('{"hello": 1}')
    with pytest.raises(InputError, match="not an advisor recommendation"):
        advisor.load_recommendation(tmp_path / "junk.json")


def test_import_advisor_loads_neither_the_api_nor_pydantic():
    code = "import sys, advisor; print(sorted(m for m in ('advisor.api', 'pydantic', 'numpy', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_attribute_of_the_package_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'recomend'"):
        advisor.recomend  # noqa: B018


def test_estimate_refuses_a_closed_model_as_the_command_does():
    """GPT-4.1's weights are not published: nothing to size, an InputError naming the model (not a crash)."""
    import pytest

    import advisor
    from advisor.errors import InputError

    with pytest.raises(InputError, match="gpt-4.1 has closed weights"):
        advisor.estimate("gpt-4.1", "H100-SXM")
