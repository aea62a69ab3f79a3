"""The example third-party plugin (examples/provider-plugin) keeps the contract, installed or not.

Its own tests run when it is installed (.ci/example-plugin.sh); this imports it from its source path
so the root suite covers it on every run.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

from advisor import HOOK_API_VERSION
from advisor.model.offers import OfferQuery
from advisor.testing import check_provider_contract, check_refresh_fails_safely

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "provider-plugin"


@pytest.fixture
def neocloud(monkeypatch):
    """The example package, imported from examples/provider-plugin when it is not installed."""
    if importlib.util.find_spec("advisor_neocloud") is None:
        monkeypatch.syspath_prepend(str(EXAMPLE))
    plugin = importlib.import_module("advisor_neocloud.plugin")
    yield plugin
    if not str(Path(plugin.__file__).resolve()).startswith(str(EXAMPLE)):
        pytest.fail(f"advisor_neocloud came from {plugin.__file__}, not this checkout's example")


def test_example_provider_keeps_the_whole_contract_strictly(neocloud, no_network):
    from advisor_neocloud.provider import NeoCloudProvider

    check_provider_contract(NeoCloudProvider(), OfferQuery(), strict=True)


def test_example_refresh_without_key_or_network_fails_safely(neocloud):
    from advisor_neocloud.provider import NeoCloudProvider

    check_refresh_fails_safely(NeoCloudProvider(), env={"NEOCLOUD_API_KEY": None})
    check_refresh_fails_safely(NeoCloudProvider(sleep=lambda s: None), env={"NEOCLOUD_API_KEY": "nc-test-key-0001"})


def test_example_plugin_registers_through_the_hooks(neocloud, advisor_plugins):
    advisor_plugins.register(neocloud, name="neocloud")
    assert [p.name for p in advisor_plugins.providers()] == ["neocloud"]
    assert advisor_plugins.problems == []


def test_example_distribution_declares_its_entry_point_and_hook_api(neocloud):
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["advisor"] == {"neocloud": "advisor_neocloud.plugin"}
    assert neocloud.ADVISOR_HOOK_API == HOOK_API_VERSION
    assert any(dep.startswith("advisor") for dep in project["dependencies"])


def test_example_snapshot_ships_inside_the_package(neocloud):
    data = Path(neocloud.__file__).parent / "data"
    assert sorted(p.name for p in data.iterdir()) == ["prices_snapshot.json", "venues.json"]
