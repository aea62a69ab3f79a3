"""Pieces shared by the commands: the plugin manager factory and output helpers."""

from __future__ import annotations

from advisor.plugin.manager import Plugins


def make_plugins() -> Plugins:
    """The plugin manager of this run. Tests monkeypatch this to inject in-memory plugins."""
    return Plugins()


def write_output(text: str, output, force: bool) -> None:
    """Print, or write a file without clobbering an existing one unless forced (nothing the user had is lost)."""
    import click

    from advisor.errors import InputError

    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise InputError(str(output), ["already exists; nothing was written (use --force to overwrite)"])
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    click.echo(f"wrote {output}", err=True)
