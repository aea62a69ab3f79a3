"""The hooks a plugin may implement. Each receives a ``register`` callback; the host validates.

All hooks are called for every plugin (none is firstresult) and return nothing. A plugin may
accept any subset of a hook's arguments. ``docs/plugins.md`` documents each with its signature;
a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from advisor.plugin.provider import Provider
    from advisor.model.specs import HardwareSpec, ModelSpec

hookspec = pluggy.HookspecMarker("advisor")


@hookspec
def register_providers(register: Callable[[Provider], None]) -> None:
    """Register price and venue providers: call ``register(provider)`` once per Provider instance."""


@hookspec
def register_rule_packs(register: Callable[[Path], None]) -> None:
    """Register rule packs: call ``register(path)`` with a TOML pack file or a directory of them."""


@hookspec
def register_hardware(register: Callable[[HardwareSpec], None]) -> None:
    """Add devices to the hardware catalog: call ``register(spec)`` with a HardwareSpec."""


@hookspec
def register_models(register: Callable[[ModelSpec], None]) -> None:
    """Add model architectures to the model catalog: call ``register(spec)`` with a ModelSpec."""


@hookspec
def register_renderers(register: Callable[[str, Callable[[dict[str, Any]], str]], None]) -> None:
    """Add output formats: call ``register(name, render)``; ``render`` takes the canonical JSON dict."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``advisor`` command group."""
