"""One ``Plugins`` manager and one entry-point scan per run: every stage that needs plugin
contributions (hardware and model specs, rule packs, providers, renderers) is handed the run's manager."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from click.testing import CliRunner

import advisor.plugin.manager as plugins_module
from advisor.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _count(monkeypatch) -> dict[str, int]:
    """Count managers built and entry-point scans of the advisor group during a run."""
    counts = {"managers": 0, "scans": 0}
    real_init, real_entry_points = plugins_module.Plugins.__post_init__, importlib.metadata.entry_points

    def init(self) -> None:
        counts["managers"] += 1
        real_init(self)

    def entry_points(**kw):
        if kw.get("group") == plugins_module.ENTRY_POINT_GROUP:
            counts["scans"] += 1
        return real_entry_points(**kw)

    monkeypatch.setattr(plugins_module.Plugins, "__post_init__", init)
    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return counts


def test_recommend_run_builds_one_plugin_manager_and_scans_entry_points_once(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    counts = _count(monkeypatch)
    args = ["recommend", str(ROOT / "examples" / "hybrid-clinic.toml"), "--offline", "--as-of", "2026-11-22",
            "--format", "json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["components"], "the run recommended nothing"
    assert counts == {"managers": 1, "scans": 1}


def test_validate_builds_one_plugin_manager_for_all_files(monkeypatch):
    counts = _count(monkeypatch)
    files = [str(ROOT / "examples" / n) for n in ("hybrid-clinic.toml", "hybrid-sites.toml", "seed-llama3-8b.toml")]
    result = CliRunner().invoke(cli, ["validate", *files], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert counts == {"managers": 1, "scans": 1}


def test_estimate_builds_one_plugin_manager(monkeypatch):
    counts = _count(monkeypatch)
    result = CliRunner().invoke(cli, ["estimate", "--model", "llama-3-8b", "--hardware", "L4", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert counts == {"managers": 1, "scans": 1}


def test_a_plugin_command_runs_with_the_manager_that_loaded_it(monkeypatch):
    import click

    from advisor import hookimpl

    built: list[plugins_module.Plugins] = []

    class CommandPlugin:
        @hookimpl
        def register_commands(self, cli):
            @cli.command("hello-plugins")
            def hello() -> None:
                from advisor.cli.common import make_plugins

                click.echo(f"same manager: {make_plugins() is built[0]}")

    real_init = plugins_module.Plugins.__post_init__

    def init(self) -> None:
        real_init(self)
        built.append(self)
        self.register(CommandPlugin(), name="command-plugin")

    monkeypatch.setattr(plugins_module.Plugins, "__post_init__", init)
    result = CliRunner().invoke(cli, ["hello-plugins"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == "same manager: True\n"
    assert len(built) == 1
