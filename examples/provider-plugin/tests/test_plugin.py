"""The entry-point module registers the provider through advisor's hooks."""

from __future__ import annotations

from advisor import HOOK_API_VERSION

from advisor_neocloud import plugin


def test_plugin_registers_the_neocloud_provider(advisor_plugins):
    advisor_plugins.register(plugin, name="neocloud")
    assert [p.name for p in advisor_plugins.providers()] == ["neocloud"]
    assert advisor_plugins.problems == []
    [row] = advisor_plugins.describe()
    assert row["providers"] == ["neocloud"] and row["hooks"] == ["register_providers"]


def test_plugin_declares_the_hook_api_it_was_built_for():
    assert plugin.ADVISOR_HOOK_API == HOOK_API_VERSION
