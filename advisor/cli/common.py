"""Pieces shared by the commands: the plugin manager factory, the configuration, -q, output helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from advisor.plugin.manager import Plugins

if TYPE_CHECKING:
    from advisor.inputs.config import Config

#: When output is not a terminal (a file, a pipe, CI logs) and neither $COLUMNS nor the config's
#: ``width`` says otherwise, tables are laid out this wide.
PIPE_WIDTH = 120

T = TypeVar("T")

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


def config(ctx: click.Context | None = None) -> Config:
    """The configuration of this run, read once (``--config``, ``$ADVISOR_CONFIG`` or the nearest file)."""
    from advisor.inputs.config import load_config

    ctx = ctx or click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    if root is None:
        return load_config()
    if "advisor.inputs.config" not in root.meta:
        root.meta["advisor.inputs.config"] = load_config(root.meta.get("advisor.config_path"))
    configured: Config = root.meta["advisor.inputs.config"]
    return configured


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["advisor.quiet"] = True
    return value


quiet_option = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                            help="Print only the output and errors: no progress, no 'wrote FILE', no notes.")


def quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get("advisor.quiet"))


def info(message: str) -> None:
    """A note for a person on stderr ('wrote FILE', 'valid'); silenced by -q."""
    if not quiet():
        click.echo(message, err=True)


def output_width() -> int | None:
    """Table width: the terminal's own when there is one (None lets rich ask it), else $COLUMNS, the
    config's ``width`` or PIPE_WIDTH, so files and CI logs do not wrap at 80 columns."""
    if os.environ.get("COLUMNS"):
        return None  # rich reads $COLUMNS itself
    if sys.stdout.isatty():
        return None
    return config().settings.width or PIPE_WIDTH


def pick(given: T | None, configured: T | None, default: T) -> T:
    """A command-line value when given, else the configuration's, else the built-in default."""
    if given is not None:
        return given
    return configured if configured is not None else default


def write_output(text: str, output: Path | None, force: bool) -> None:
    """Print, or write a regular file atomically, never clobbering one unless forced (see advisor.inputs.fileio)."""
    from advisor.inputs.fileio import write_atomic
    from advisor.redact import redact

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, redact(text), force)
    info(f"wrote {output}")


def finite_number(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """click callback: a number option must be finite (``nan`` passes click's ranges)."""
    import math

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value
