"""advisor.toml / [tool.advisor]: found like ruff and pytest find theirs; the command line wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from advisor.cli import cli, common
from advisor.inputs.config import find_config, load_config
from advisor.errors import InputError
from tests.conftest import WORKLOAD


def test_the_nearest_advisor_toml_or_pyproject_with_a_tool_table_is_found_walking_up(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (tmp_path / "advisor.toml").write_text('format = "json"\n')
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.advisor]: skipped
    assert find_config(deep) == tmp_path / "advisor.toml"
    (tmp_path / "a" / "b" / "pyproject.toml").write_text('[tool.advisor]\nformat = "markdown"\n')
    assert find_config(deep) == tmp_path / "a" / "b" / "pyproject.toml"
    assert load_config(start=deep).settings.format == "markdown"
    (tmp_path / "a" / "b" / "advisor.toml").write_text('format = "csv"\n')  # advisor.toml wins in the same directory
    assert load_config(start=deep).settings.format == "csv"


def test_paths_in_the_config_resolve_against_its_directory(tmp_path, monkeypatch):
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "advisor.toml").write_text('rules = ["packs"]\noverrides = "overrides.toml"\n')
    work = tmp_path / "org" / "team"
    work.mkdir()
    cfg = load_config(start=work)
    assert cfg.rules_dirs == ((tmp_path / "org" / "packs").resolve(),)
    assert cfg.overrides == (tmp_path / "org" / "overrides.toml").resolve()


def test_environment_variable_and_explicit_file_override_discovery(tmp_path, monkeypatch):
    (tmp_path / "advisor.toml").write_text('format = "json"\n')
    other = tmp_path / "ci.toml"
    other.write_text('format = "csv"\n')
    monkeypatch.setenv("ADVISOR_CONFIG", str(other))
    assert load_config(start=tmp_path).settings.format == "csv"
    assert load_config(tmp_path / "advisor.toml", start=tmp_path).settings.format == "json"
    monkeypatch.setenv("ADVISOR_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(InputError, match=r"missing.toml: configuration file not found \(given by \$ADVISOR_CONFIG\)"):
        load_config(start=tmp_path)


def test_a_misspelt_key_in_the_config_names_the_file_and_the_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.advisor]\nofline = true\n')
    with pytest.raises(InputError) as err:
        load_config(start=tmp_path)
    assert "pyproject.toml [tool.advisor]" in str(err.value) and "ofline: unknown key (did you mean 'offline'?)" in str(err.value)


def _workload(tmp_path: Path) -> Path:
    path = tmp_path / "w.toml"
    path.write_text(WORKLOAD.format(cls="internal", subjects="DE", name="configured"))
    return path


def test_recommend_takes_format_and_weights_from_the_config_and_the_command_line_wins(tmp_path, monkeypatch, memory_plugins):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    workload = _workload(tmp_path)
    (tmp_path / "advisor.toml").write_text('format = "csv"\nweights = { preset = "latency-first" }\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    as_csv = runner.invoke(cli, ["recommend", str(workload), "--as-of", "2026-11-01"])
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.startswith("workload,component,role,provider")
    as_json = runner.invoke(cli, ["recommend", str(workload), "--as-of", "2026-11-01", "--format", "json"])
    import json

    assert json.loads(as_json.stdout)["weights"]["latency"] == pytest.approx(0.45)  # latency-first: 0.5 × 0.9 (availability 0.1)
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('format = "markdown"\n')
    chosen = runner.invoke(cli, ["--config", str(elsewhere), "recommend", str(workload), "--as-of", "2026-11-01"])
    assert chosen.stdout.startswith("#")


def test_quiet_silences_notes_but_not_the_output_or_errors(tmp_path, monkeypatch, memory_plugins):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    workload = _workload(tmp_path)
    runner = CliRunner()
    loud = runner.invoke(cli, ["validate", str(workload)])
    quiet = runner.invoke(cli, ["validate", "-q", str(workload)])
    also_quiet = runner.invoke(cli, ["-q", "validate", str(workload)])
    assert "valid workload file" in loud.output
    assert quiet.exit_code == also_quiet.exit_code == 0 and quiet.output == also_quiet.output == ""
    bad = tmp_path / "bad.toml"
    bad.write_text("[workload]\n")
    failed = runner.invoke(cli, ["validate", "-q", str(bad)])
    assert failed.exit_code != 0 and "workload.name: required key is missing" in str(failed.exception)


def test_price_book_and_currency_come_from_the_config_relative_to_its_file(tmp_path, monkeypatch):
    """The seed with the book's 90 % g4dn reserved entry moves to AWS at $179.94/month ($2.465/h x 0.10 x
    730 h), as ``--price-book`` does in tests/test_price_book.py, and the total is also given in EUR."""
    from tests.test_price_book import EDP, SEED

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    org = tmp_path / "org"
    (org / "finance").mkdir(parents=True)
    (org / "finance" / "book.toml").write_text(EDP.replace("discount_percent = 80", "discount_percent = 90"))
    (org / "advisor.toml").write_text('price_book = "finance/book.toml"\ncurrency = "EUR"\nformat = "json"\noffline = true\n')
    monkeypatch.chdir(org)
    result = CliRunner().invoke(cli, ["recommend", str(SEED), "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    chosen = data["components"][0]["chosen"]
    assert (chosen["provider"], chosen["usd_per_month"], chosen["price"]["source"]) == ("aws", 179.94, "user")
    assert (data["currency"]["code"], data["currency"]["per_usd"]) == ("EUR", "0.9215")


def test_the_config_inventory_runs_when_no_workload_is_given_and_a_file_argument_wins(tmp_path, monkeypatch):
    from tests.test_inventory import make_inventory

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    make_inventory(tmp_path)
    (tmp_path / "advisor.toml").write_text('inventory = "inventory"\nexecutor = "local"\noffline = true\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    import json

    ran = runner.invoke(cli, ["recommend", "--as-of", "2026-11-22"])
    assert ran.exit_code == 0, ran.output
    lines = [json.loads(x) for x in ran.stdout.splitlines()]
    assert lines[-1]["portfolio"]["workloads"] == 4 and lines[-1]["portfolio"]["groups"] == 4
    one = runner.invoke(cli, ["recommend", "inventory/depin-batch.toml", "--as-of", "2026-11-22", "--format", "json"])
    assert one.exit_code == 0 and json.loads(one.stdout)["workloads"] == ["public-corpus-summaries"]


def test_a_bad_executor_or_currency_in_the_config_names_the_key(tmp_path):
    (tmp_path / "advisor.toml").write_text('executor = "slurm"\ncurrency = "euro"\n')
    with pytest.raises(InputError) as err:
        load_config(start=tmp_path)
    text = str(err.value)
    assert "executor:" in text and "currency:" in text and "advisor.toml" in text
