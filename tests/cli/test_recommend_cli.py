"""`advisor recommend` from the command line: formats, files, faulty plugins, --strict."""

from __future__ import annotations

import json
import sys

import pytest

from advisor import hookimpl
from advisor.cli import common, main
from advisor.plugin.provider import Provider

WORKLOAD = """
[workload]
name = "cli"
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
output_tokens_per_month = 200_000_000
users = [ { metro = "Frankfurt", share = 1.0 } ]
"""


class Broken(Provider):
    name = "broken"
    kind = "cloud"

    def catalog(self, query):
        raise ConnectionError("price file truncated")


class BrokenPlugin:
    @hookimpl
    def register_providers(self, register):
        register(Broken())


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def workload(tmp_path):
    path = tmp_path / "w.toml"
    path.write_text(WORKLOAD)
    return path


@pytest.fixture
def with_broken(monkeypatch, memory_plugins):
    memory_plugins.register(BrokenPlugin(), name="broken-plugin")
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    return memory_plugins


def test_a_raising_plugin_is_named_and_the_others_still_answer(monkeypatch, capsys, workload, with_broken):
    code, out, _ = run(monkeypatch, capsys, "recommend", str(workload), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["plan"]["feasible"]
    assert any("broken" in w and "price file truncated" in w for w in data["warnings"])


def test_strict_turns_a_faulty_plugin_into_a_failure_that_names_it(monkeypatch, capsys, workload, with_broken):
    code, _, err = run(monkeypatch, capsys, "recommend", str(workload), "--strict")
    assert code == 1 and "broken" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_every_format_renders_the_same_placement(monkeypatch, capsys, workload, memory_plugins, fmt):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    code, out, _ = run(monkeypatch, capsys, "recommend", str(workload), "--format", fmt, "--as-of", "2026-11-01")
    assert code == 0 and "memcloud" in out


def test_unknown_format_is_bad_input(monkeypatch, capsys, workload, memory_plugins):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    code, _, err = run(monkeypatch, capsys, "recommend", str(workload), "--format", "yaml")
    assert code == 2 and "--format: unknown format 'yaml'" in err


def test_output_file_is_never_overwritten_without_force(monkeypatch, capsys, workload, memory_plugins, tmp_path):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    target = tmp_path / "rec.json"
    target.write_text("last month's recommendation")
    code, _, err = run(monkeypatch, capsys, "recommend", str(workload), "--format", "json", "-o", str(target))
    assert code == 2 and "already exists" in err and target.read_text() == "last month's recommendation"
    code, _, _ = run(monkeypatch, capsys, "recommend", str(workload), "--format", "json", "-o", str(target), "--force")
    assert code == 0 and json.loads(target.read_text())["workloads"] == ["cli"]


def test_a_portfolio_of_two_workloads_is_placed_together(monkeypatch, capsys, workload, memory_plugins, tmp_path):
    monkeypatch.setattr(common, "make_plugins", lambda: memory_plugins)
    other = tmp_path / "other.toml"
    other.write_text(WORKLOAD.replace('name = "cli"', 'name = "cli-2"'))
    code, out, _ = run(monkeypatch, capsys, "recommend", str(workload), str(other), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["workloads"] == ["cli", "cli-2"]
    assert [c["component"] for c in data["components"]] == ["cli/chat", "cli-2/chat"]
