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
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

import advisor.plugin.hookspecs as hookspecs
from advisor import HOOK_API_VERSION
from advisor.errors import AdvisorError
from advisor.guard import PluginExit, PluginTimeout, describe_failure, run_bounded

if TYPE_CHECKING:
    import click

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
    distribution: str | None = None
    """'evil-aws 6.6.6': the installed distribution behind the entry point, when there is one."""

    def __str__(self) -> str:
        where = f" in {self.hook}" if self.hook else ""
        origin = f" ({self.distribution})" if self.distribution else ""
        return f"plugin '{self.plugin}'{origin}{where}: {self.message}"


@dataclass
class _Loaded:
    name: str
    version: str | None
    builtin: bool
    module: Any
    distribution: str | None = None
    """The installed distribution that declared the entry point (None for in-process registrations)."""

    @property
    def origin(self) -> str:
        """'aws from advisor-aws 0.1.0': what a user needs to find the plugin on their machine."""
        if self.builtin:
            return f"{self.name} (built into advisor)"
        if self.distribution:
            return f"{self.name} from {self.distribution}" + (f" {self.version}" if self.version else "")
        return self.name  # registered in-process (tests, embedding applications)


class ProviderClash(AdvisorError):
    """Two plugins register the same provider name: neither may speak for it. Exit status 2 (the
    user's installation decides which one to keep)."""

    exit_code = 2


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
    _clash: ProviderClash | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._pm = pluggy.PluginManager("advisor")
        self._pm.add_hookspecs(hookspecs)

    # -- loading -----------------------------------------------------------------------------

    def register(self, plugin: Any, name: str | None = None, version: str | None = None) -> None:
        """Register an in-process plugin (a module or an object with hookimpls)."""
        self._memo.clear()
        self._clash = None
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        self._add(name, plugin, version, builtin=False)

    def load(self) -> Plugins:
        """Load default and entry-point plugins once; later calls do nothing."""
        if self._ready:
            return self
        self._ready = True
        import importlib

        from advisor.gcpause import importing

        with importing():  # the plugins' modules, long-lived like the core's
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
            dist = ep.dist.name if ep.dist else None
            try:
                module = run_bounded(ep.load, f"import-{ep.name}")
            except BaseException as exc:  # a broken or blocking plugin must not stop the others
                if isinstance(exc, KeyboardInterrupt):
                    raise
                shown = f"{dist} {version}" if dist else None
                self._report(PluginProblem(ep.name, None, f"failed to import: {describe_failure(exc)}", shown))
                continue
            self._add(ep.name, module, version, builtin=False, distribution=dist)

    def _add(self, name: str, module: Any, version: str | None, builtin: bool, distribution: str | None = None) -> None:
        shown = (f"{distribution} {version}" if version else distribution) if distribution else None
        api = getattr(module, "ADVISOR_HOOK_API", HOOK_API_VERSION)
        if api != HOOK_API_VERSION:
            self._report(PluginProblem(
                name,
                None,
                f"built for hook API {api}, this advisor provides {HOOK_API_VERSION}; not loaded (upgrade the plugin or advisor)",
                shown,
            ))
            return
        try:
            self._pm.register(module, name=name)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            if self._pm.is_registered(module):
                self._pm.unregister(module)
            self._report(PluginProblem(name, None, f"invalid hooks: {exc}", shown))
            return
        self._loaded[name] = _Loaded(name, version, builtin, module, distribution)

    def origin(self, plugin: str) -> str:
        """The plugin's name bound to the distribution that installed it (see ``_Loaded.origin``)."""
        entry = self._loaded.get(plugin)
        return entry.origin if entry is not None else plugin

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
                args["register"] = lambda *a, items=items: items.append(a if len(a) != 1 else a[0])
            try:
                run_bounded(partial(impl.function, **args), f"{impl.plugin_name}-{hook_name}")
                checked = [validate(i) if validate else i for i in items]
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                plain = isinstance(exc, Exception) and not isinstance(exc, PluginTimeout | PluginExit)
                self._report(PluginProblem(impl.plugin_name, hook_name, repr(exc) if plain else describe_failure(exc)))
                if isinstance(exc, PluginTimeout) and self._pm.is_registered(impl.plugin):
                    self._pm.unregister(impl.plugin)  # one bounded wait per blocking plugin, not one per hook
                continue
            out.extend((impl.plugin_name, i) for i in checked)
        if hook_name != "register_commands":
            self._memo[hook_name] = out
        return out

    def providers(self) -> list[Any]:
        """Each registered provider bound to its plugin and distribution (``BoundProvider``), by name.

        Raises ProviderClash when two plugins register one provider name: neither may speak for it.
        """
        from advisor.plugin.bound import BoundProvider, bind

        if self._clash is not None:
            raise self._clash
        if "providers" in self._memo:
            return [p for _, p in self._memo["providers"]]
        found: dict[str, BoundProvider] = {}
        clashes: dict[str, list[str]] = {}
        for plugin, item in self._collect("register_providers"):
            try:  # reading name and kind runs the plugin's code: bounded like a hook
                provider = run_bounded(partial(bind, item, plugin, self.origin(plugin)), f"{plugin}-bind")
            except (TypeError, ValueError) as exc:
                self._report(PluginProblem(plugin, "register_providers", str(exc)))
                continue
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self._report(PluginProblem(plugin, "register_providers", f"reading the provider's name or kind: {describe_failure(exc)}; provider refused"))
                continue
            first = found.get(provider.name)
            if first is None:
                found[provider.name] = provider
            elif first.plugin == plugin:
                self._report(PluginProblem(plugin, "register_providers", f"provider name '{provider.name}' registered twice; the first kept"))
            else:
                clashes.setdefault(provider.name, [first.origin]).append(provider.origin)
        if clashes:
            self._clash = ProviderClash(_clash_message(clashes))
            raise self._clash
        self._memo["providers"] = [(found[k].plugin, found[k]) for k in sorted(found)]
        return [found[k] for k in sorted(found)]

    def rule_pack_paths(self) -> list[Path]:
        """Registered rule-pack paths that exist; a missing one is a problem naming its plugin."""
        paths = []
        for plugin, path in self._collect("register_rule_packs", _rule_pack_path):
            if path.exists():
                paths.append(path)
            else:
                self._report(PluginProblem(plugin, "register_rule_packs", f"rule pack {path} does not exist; its rules are not loaded"))
        return paths

    def _report(self, problem: PluginProblem) -> None:
        """Record a problem once, naming the distribution behind the plugin where there is one."""
        entry = self._loaded.get(problem.plugin)
        if problem.distribution is None and entry is not None and entry.distribution:
            problem = replace(problem, distribution=f"{entry.distribution} {entry.version}" if entry.version else entry.distribution)
        if problem not in self.problems:
            self.problems.append(problem)

    def hardware_specs(self) -> list[Any]:
        from advisor.model.specs import HardwareSpec

        from advisor.reference.hardware import builtin_hardware

        found = self._collect("register_hardware", lambda s: HardwareSpec.model_validate(s))
        return self._new_ids(found, builtin_hardware(), "register_hardware", "hardware")

    def model_specs(self) -> list[Any]:
        from advisor.model.specs import ModelSpec

        from advisor.reference.models import builtin_models

        found = self._collect("register_models", lambda s: ModelSpec.model_validate(s))
        return self._new_ids(found, builtin_models(), "register_models", "model")

    def _new_ids(self, found: list[tuple[str, Any]], builtin: list[Any], hook: str, what: str) -> list[Any]:
        """Plugin specs whose id and aliases name nothing built in or registered before; a spec that
        would redefine one is refused, naming the plugin (it may register it as 'plugin:id')."""
        from advisor.reference.hardware import normalise

        taken = {normalise(n): "built in" for s in builtin for n in (s.id, *s.aliases)}
        kept = []
        for plugin, spec in found:
            names = {normalise(n) for n in (spec.id, *spec.aliases)}
            clash = sorted(n for n in names if n in taken)
            if clash:
                owner = taken[clash[0]]
                self._report(PluginProblem(plugin, hook, f"{what} id '{spec.id}' would redefine the {what} "
                                                 f"{'built into advisor' if owner == 'built in' else 'registered by ' + repr(owner)}; "
                                                 f"refused (register it under its own id, e.g. '{plugin}:{spec.id}')"))
                continue
            taken.update(dict.fromkeys(names, plugin))
            kept.append(spec)
        return kept

    def renderers(self) -> dict[str, Callable[[dict[str, Any]], str]]:
        def check(item: Any) -> Any:
            name, fn = item
            if not isinstance(name, str) or not callable(fn):
                raise TypeError("register_renderers expects register(name: str, render: callable)")
            return item

        return dict(item for _, item in self._collect("register_renderers", check))

    def add_commands(self, cli: click.Group) -> None:
        """Each plugin's commands added to ``cli`` (``register_commands``), by this run's manager."""
        self._collect("register_commands", None, cli=cli)

    # -- listing -------------------------------------------------------------------------------

    def describe(self, include_builtin: bool = False) -> list[dict[str, Any]]:
        """Name, version, hooks and provider kinds of each loaded plugin."""
        self.load()
        kinds: dict[str, set[str]] = {}
        names: dict[str, list[str]] = {}
        try:
            providers = self.providers()
        except ProviderClash as exc:
            self._report(PluginProblem("(several)", "register_providers", str(exc)))
            providers = []
        for provider in providers:
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
                    "distribution": entry.distribution,
                    "version": entry.version,
                    "hooks": hooks,
                    "providers": sorted(names.get(name, [])),
                    "provider_kinds": sorted(kinds.get(name, set())),
                }
            )
        return rows


def _rule_pack_path(item: Any) -> Path:
    if not isinstance(item, str | os.PathLike):
        raise TypeError(f"register_rule_packs expects a path, got {type(item).__name__}")
    return Path(item)


def _clash_message(clashes: dict[str, list[str]]) -> str:
    lines = [f"provider '{name}' is registered by {len(origins)} plugins: {'; '.join(sorted(origins))}" for name, origins in sorted(clashes.items())]
    return ("two plugins claim one provider name, so neither is trusted to speak for it:\n"
            + "\n".join(f"  - {line}" for line in lines)
            + f"\nuninstall the one you do not want, or skip it with {DISABLE_ENV}=<entry point name>")


def iter_problems(plugins: Plugins) -> Iterable[str]:
    return (str(p) for p in plugins.problems)
