"""Plugin loading and the typed facade over the hooks.

Plugins arrive only through the ``advisor`` entry-point group (built-in providers too) or by
explicit registration in tests. Loading is lazy, so ``advisor --help`` imports no plugin. Each
plugin's hook is called on its own: one that raises or registers garbage is named in
``problems`` and the others still answer.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

import advisor.plugin.hookspecs as hookspecs
from advisor import HOOK_API_VERSION

ENTRY_POINT_GROUP = "advisor"
LOAD_ENV = "ADVISOR_LOAD_PLUGINS"
DISABLE_ENV = "ADVISOR_DISABLE_PLUGINS"
DEFAULT_PLUGINS = ("advisor.default_plugins",)


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that could not be loaded or whose hook misbehaved."""

    plugin: str
    hook: str | None
    message: str

    def __str__(self) -> str:
        where = f" in {self.hook}" if self.hook else ""
        return f"plugin '{self.plugin}'{where}: {self.message}"


@dataclass
class _Loaded:
    name: str
    version: str | None
    builtin: bool
    module: Any


def _names_from_env(var: str) -> set[str] | None:
    raw = os.environ.get(var)
    if raw is None:
        return None
    return {n.strip() for n in raw.split(",") if n.strip()}


@dataclass
class Plugins:
    """The plugin manager of one advisor run, with one typed method per hook."""

    load_entry_points: bool = True
    problems: list[PluginProblem] = field(default_factory=list)
    _pm: pluggy.PluginManager = field(init=False)
    _loaded: dict[str, _Loaded] = field(init=False, default_factory=dict)
    _ready: bool = field(init=False, default=False)
    _memo: dict[str, list[tuple[str, Any]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._pm = pluggy.PluginManager("advisor")
        self._pm.add_hookspecs(hookspecs)

    # -- loading -----------------------------------------------------------------------------

    def register(self, plugin: Any, name: str | None = None, version: str | None = None) -> None:
        """Register an in-process plugin (a module or an object with hookimpls)."""
        self._memo.clear()
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        self._add(name, plugin, version, builtin=False)

    def load(self) -> Plugins:
        """Load default and entry-point plugins once; later calls do nothing."""
        if self._ready:
            return self
        self._ready = True
        import importlib

        for module_name in DEFAULT_PLUGINS:
            self._add(module_name, importlib.import_module(module_name), None, builtin=True)
        if self.load_entry_points:
            self._load_entry_points()
        return self

    def _load_entry_points(self) -> None:
        allow = _names_from_env(LOAD_ENV)
        block = _names_from_env(DISABLE_ENV) or set()
        eps = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
        for ep in eps:
            if (allow is not None and ep.name not in allow) or ep.name in block:
                continue
            version = ep.dist.version if ep.dist else None
            try:
                module = ep.load()
            except Exception as exc:  # a broken plugin must not stop the others
                self.problems.append(PluginProblem(ep.name, None, f"failed to import: {exc!r}"))
                continue
            self._add(ep.name, module, version, builtin=False)

    def _add(self, name: str, module: Any, version: str | None, builtin: bool) -> None:
        api = getattr(module, "ADVISOR_HOOK_API", HOOK_API_VERSION)
        if api != HOOK_API_VERSION:
            self.problems.append(
                PluginProblem(
                    name,
                    None,
                    f"built for hook API {api}, this advisor provides {HOOK_API_VERSION}; "
                    "not loaded (upgrade the plugin or advisor)",
                )
            )
            return
        try:
            self._pm.register(module, name=name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            if self._pm.is_registered(module):
                self._pm.unregister(module)
            self.problems.append(PluginProblem(name, None, f"invalid hooks: {exc}"))
            return
        self._loaded[name] = _Loaded(name, version, builtin, module)

    # -- calling hooks, one plugin at a time ---------------------------------------------------

    def _collect(self, hook_name: str, validate: Callable[[Any], Any] | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call each plugin's impl of a hook on its own; return (plugin, item) pairs it registered.

        Results are kept for the run, so a misbehaving plugin is reported once however often asked.
        """
        self.load()
        if hook_name in self._memo:
            return self._memo[hook_name]
        out: list[tuple[str, Any]] = []
        hook = getattr(self._pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):
            items: list[Any] = []
            args = {k: v for k, v in kwargs.items() if k in impl.argnames}
            if "register" in impl.argnames:
                args["register"] = lambda *a: items.append(a if len(a) != 1 else a[0])
            try:
                impl.function(**args)
                checked = [validate(i) if validate else i for i in items]
            except Exception as exc:
                self.problems.append(PluginProblem(impl.plugin_name, hook_name, repr(exc)))
                continue
            out.extend((impl.plugin_name, i) for i in checked)
        if hook_name != "register_commands":
            self._memo[hook_name] = out
        return out

    def providers(self) -> list[Any]:
        from advisor.plugin.provider import Provider

        def check(p: Any) -> Any:
            if not isinstance(p, Provider):
                raise TypeError(f"register_providers got {type(p).__name__}, expected a Provider")
            return p

        if "providers" in self._memo:
            return [p for _, p in self._memo["providers"]]
        found: dict[str, Any] = {}
        for plugin, provider in self._collect("register_providers", check):
            if provider.name in found:
                self.problems.append(
                    PluginProblem(plugin, "register_providers", f"provider name '{provider.name}' already registered")
                )
                continue
            provider.plugin = plugin
            found[provider.name] = provider
        self._memo["providers"] = [(found[k].plugin, found[k]) for k in sorted(found)]
        return [found[k] for k in sorted(found)]

    def rule_pack_paths(self) -> list[Path]:
        return [Path(p) for _, p in self._collect("register_rule_packs", lambda p: Path(p))]

    def hardware_specs(self) -> list[Any]:
        from advisor.model.specs import HardwareSpec

        return [s for _, s in self._collect("register_hardware", lambda s: HardwareSpec.model_validate(s))]

    def model_specs(self) -> list[Any]:
        from advisor.model.specs import ModelSpec

        return [s for _, s in self._collect("register_models", lambda s: ModelSpec.model_validate(s))]

    def renderers(self) -> dict[str, Callable[[dict[str, Any]], str]]:
        def check(item: Any) -> Any:
            name, fn = item
            if not isinstance(name, str) or not callable(fn):
                raise TypeError("register_renderers expects register(name: str, render: callable)")
            return item

        return dict(item for _, item in self._collect("register_renderers", check))

    def add_commands(self, cli: Any) -> None:
        self._collect("register_commands", None, cli=cli)

    # -- listing -------------------------------------------------------------------------------

    def describe(self, include_builtin: bool = False) -> list[dict[str, Any]]:
        """Name, version, hooks and provider kinds of each loaded plugin."""
        self.load()
        kinds: dict[str, set[str]] = {}
        names: dict[str, list[str]] = {}
        for provider in self.providers():
            kinds.setdefault(provider.plugin, set()).add(provider.kind)
            names.setdefault(provider.plugin, []).append(provider.name)
        rows = []
        for name in sorted(self._loaded):
            entry = self._loaded[name]
            if entry.builtin and not include_builtin:
                continue
            hooks = sorted(
                h.name for h in self._pm.get_hookcallers(entry.module) or () if not h.name.startswith("_")
            )
            rows.append(
                {
                    "name": name,
                    "version": entry.version,
                    "hooks": hooks,
                    "providers": sorted(names.get(name, [])),
                    "provider_kinds": sorted(kinds.get(name, set())),
                }
            )
        return rows


def iter_problems(plugins: Plugins) -> Iterable[str]:
    return (str(p) for p in plugins.problems)
