"""Pieces shared by the commands: the plugin manager factory and output helpers."""

from __future__ import annotations

from advisor.plugin.manager import Plugins


def make_plugins() -> Plugins:
    """The plugin manager of this run. Tests monkeypatch this to inject in-memory plugins."""
    return Plugins()


def write_output(text: str, output, force: bool) -> None:
    """Print, or write a regular file atomically, never clobbering one unless forced (see advisor.inputs.fileio)."""
    import click

    from advisor.inputs.fileio import write_atomic
    from advisor.redact import redact

    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, redact(text), force)
    click.echo(f"wrote {output}", err=True)


def finite_number(ctx, param, value):
    """click callback: a number option must be finite (``nan`` passes click's ranges)."""
    import math

    import click

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value
