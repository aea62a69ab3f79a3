"""End to end through real entry points: a plugin built for another hook API is refused by name and
the installed plugins keep working (a fake distribution on sys.path, found by importlib.metadata)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import HOOK_API_VERSION
from advisor.plugin.manager import Plugins

PLUGIN_SOURCE = """
from advisor import hookimpl
from advisor.plugin.provider import Provider

ADVISOR_HOOK_API = {api}


class Stale(Provider):
    name = "{name}"
    kind = "cloud"

    def catalog(self, query):
        raise AssertionError("a refused plugin is never asked")


@hookimpl
def register_providers(register):
    register(Stale())
"""


def fake_distribution(root: Path, name: str, api: int) -> Path:
    """A distribution as pip would leave it: a module and a dist-info with an `advisor` entry point."""
    module = f"{name.replace('-', '_')}_plugin"
    (root / f"{module}.py").write_text(PLUGIN_SOURCE.format(api=api, name=name), encoding="utf-8")
    info = root / f"advisor_{name.replace('-', '_')}-0.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: advisor-{name}\nVersion: 0.3.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[advisor]\n{name} = {module}\n", encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_plugin_for_a_newer_hook_api_is_refused_by_name_and_others_keep_working(site):
    fake_distribution(site, "futurecloud", HOOK_API_VERSION + 1)
    plugins = Plugins()
    names = {p.name for p in plugins.providers()}
    assert "futurecloud" not in names and names, "the installed providers must still answer"
    [problem] = [p for p in plugins.problems if p.plugin == "futurecloud"]
    assert str(problem) == (
        f"plugin 'futurecloud' (advisor-futurecloud 0.3.0): built for hook API {HOOK_API_VERSION + 1}, this advisor provides "
        f"{HOOK_API_VERSION}; not loaded (upgrade the plugin or advisor)"
    )
    assert "futurecloud" not in {row["name"] for row in plugins.describe()}


def test_plugin_for_this_hook_api_loads_with_its_distribution_version(site):
    fake_distribution(site, "nowcloud", HOOK_API_VERSION)
    plugins = Plugins()
    [row] = [r for r in plugins.describe() if r["name"] == "nowcloud"]
    assert row["version"] == "0.3.0" and row["providers"] == ["nowcloud"]
    assert [p for p in plugins.problems if p.plugin == "nowcloud"] == []


def test_advisor_plugins_json_names_the_incompatible_plugin(site):
    fake_distribution(site, "oldcloud", 0)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "plugins", "--json"], capture_output=True, text=True, env=env, check=True
    )
    listing = json.loads(out.stdout)
    message = f"built for hook API 0, this advisor provides {HOOK_API_VERSION}; not loaded (upgrade the plugin or advisor)"
    assert {"plugin": "oldcloud", "hook": None, "message": message} in listing["problems"]
    assert "oldcloud" not in {row["name"] for row in listing["plugins"]}
    assert any(row["providers"] for row in listing["plugins"])
