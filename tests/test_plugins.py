"""The plugin manager: typed facade, isolation of misbehaving plugins, version and hook checks."""

from __future__ import annotations

import types

import pytest
from datetime import datetime, timezone

from advisor import hookimpl
from advisor.model.offers import OfferQuery, Provenance, ProviderCatalog
from advisor.plugin.manager import Plugins
from advisor.plugin.provider import Provider


class TinyProvider(Provider):
    name = "tiny"
    kind = "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        prov = Provenance(source="snapshot", as_of=datetime(2026, 1, 1, tzinfo=timezone.utc), reference="test")
        return ProviderCatalog(provider="tiny", venues=(), offers=(), provenance=prov)


def plugin_module(name: str, **hooks) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, fn in hooks.items():
        setattr(module, hook_name, hookimpl(fn))
    return module


def manager(*modules: types.ModuleType) -> Plugins:
    plugins = Plugins(load_entry_points=False)
    for m in modules:
        plugins.register(m, name=m.__name__)
    return plugins


def test_registered_provider_is_returned_with_its_plugin_name():
    plugins = manager(plugin_module("tiny_plugin", register_providers=lambda register: register(TinyProvider())))
    [provider] = plugins.providers()
    assert provider.name == "tiny" and provider.plugin == "tiny_plugin"
    assert plugins.problems == []


def test_plugin_that_raises_is_named_and_others_still_answer():
    def boom(register):
        raise RuntimeError("catalog file missing")

    plugins = manager(
        plugin_module("bad_plugin", register_providers=boom),
        plugin_module("good_plugin", register_providers=lambda register: register(TinyProvider())),
    )
    assert [p.name for p in plugins.providers()] == ["tiny"]
    [problem] = plugins.problems
    assert problem.plugin == "bad_plugin" and problem.hook == "register_providers"
    assert "catalog file missing" in str(problem)


def test_registering_something_that_is_not_a_provider_is_a_named_problem():
    plugins = manager(plugin_module("junk_plugin", register_providers=lambda register: register("not a provider")))
    assert plugins.providers() == []
    assert "expected a Provider" in str(plugins.problems[0]) and plugins.problems[0].plugin == "junk_plugin"


def test_misspelled_hook_is_refused_naming_the_plugin():
    module = plugin_module("typo_plugin", register_provider=lambda register: None)
    plugins = manager(module)
    [problem] = plugins.problems
    assert problem.plugin == "typo_plugin" and "register_provider" in problem.message
    assert plugins.providers() == []


def test_plugin_for_another_hook_api_is_refused_and_the_rest_keeps_working():
    old = plugin_module("old_plugin", register_providers=lambda register: register(TinyProvider()))
    old.ADVISOR_HOOK_API = 99
    plugins = manager(old)
    assert plugins.providers() == []
    assert "hook API 99" in plugins.problems[0].message and plugins.problems[0].plugin == "old_plugin"


def test_two_plugins_claiming_one_provider_name_is_an_error_naming_both_every_time_asked():
    from advisor.plugin.manager import ProviderClash

    plugins = manager(
        plugin_module("one", register_providers=lambda register: register(TinyProvider())),
        plugin_module("two", register_providers=lambda register: register(TinyProvider())),
    )
    for _ in range(2):
        with pytest.raises(ProviderClash) as info:
            plugins.providers()
        assert info.value.exit_code == 2
        assert "provider 'tiny' is registered by 2 plugins: one; two" in str(info.value)


def test_describe_lists_hooks_and_provider_kinds():
    plugins = manager(plugin_module("tiny_plugin", register_providers=lambda register: register(TinyProvider())))
    [row] = plugins.describe()
    assert row == {"name": "tiny_plugin", "distribution": None, "version": None, "hooks": ["register_providers"],
                   "providers": ["tiny"], "provider_kinds": ["cloud"]}


def test_builtin_rule_packs_are_registered_by_the_core():
    paths = Plugins(load_entry_points=False).rule_pack_paths()
    assert len(paths) == 1 and paths[0].name in ("rules", "_rules") and paths[0].is_dir()


def test_load_env_allow_list_limits_entry_points(monkeypatch):
    monkeypatch.setenv("ADVISOR_LOAD_PLUGINS", "aws")
    names = [row["name"] for row in Plugins().describe()]
    assert names == ["aws"]


def test_disable_env_skips_named_entry_points(monkeypatch):
    monkeypatch.setenv("ADVISOR_DISABLE_PLUGINS", "aws,gcp")
    names = {row["name"] for row in Plugins().describe()}
    assert "aws" not in names and "gcp" not in names and "azure" in names


def test_a_failing_plugin_is_reported_once_however_often_asked():
    def boom(register):
        raise RuntimeError("down")

    plugins = manager(plugin_module("bad_plugin", register_providers=boom))
    plugins.providers()
    plugins.providers()
    plugins.describe()
    assert len(plugins.problems) == 1
