"""Pieces shared by the commands: the plugin manager factory and output helpers."""

from __future__ import annotations

from pathlib import Path

import click

from advisor.plugin.manager import Plugins

_RUN_PLUGINS = "advisor.plugins"
"""Where the run's manager is kept: the root click context's ``meta``, shared by every context of a run."""


def make_plugins() -> Plugins:
    """The plugin manager of this run, built once per command line and kept on its root click context,
    so the group that loads plugin commands and the command it runs share it (a fresh one outside a
    command). Tests monkeypatch this to inject in-memory plugins."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Plugins()
    meta = ctx.find_root().meta
    plugins = meta.get(_RUN_PLUGINS)
    if not isinstance(plugins, Plugins):
        plugins = meta[_RUN_PLUGINS] = Plugins()
    return plugins


def write_output(text: str, output: Path | None, force: bool) -> None:
    """Print, or write a regular file atomically, never clobbering one unless forced (see advisor.inputs.fileio)."""
    import click

    from advisor.inputs.fileio import write_atomic
    from advisor.redact import redact

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, redact(text), force)
    click.echo(f"wrote {output}", err=True)


def finite_number(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """click callback: a number option must be finite (``nan`` passes click's ranges)."""
    import math

    import click

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value
