"""``advisor validate``, ``advisor schema`` and ``advisor init``: working with input files."""

from __future__ import annotations

import json
from pathlib import Path

import click

SCHEMAS = ("workload", "sites", "recommendation", "rules")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check workload or sites files and report every problem (exit status 2 if any).

    The kind of file is told by its top-level table: [workload] or [[sites]].
    """
    from advisor.cli.common import make_plugins
    from advisor.errors import InputError
    from advisor.inputs.loading import load_any

    plugins = make_plugins()
    failures: list[str] = []
    for path in files:
        try:
            kind = load_any(path, plugins)
            click.echo(f"{path}: valid {kind} file")
        except InputError as exc:
            failures.append(str(exc))
    if failures:
        raise InputError(None, failures)


@click.command()
@click.argument("kind", type=click.Choice(SCHEMAS))
def schema(kind: str) -> None:
    """Print the JSON Schema of a workload file, a sites file, a rule pack or a recommendation."""
    if kind == "workload":
        from advisor.model.workload import Workload as model
    elif kind == "sites":
        from advisor.inputs.sites import SitesFile as model
    elif kind == "recommendation":
        from advisor.model.recommendation import Recommendation as model
    else:
        from advisor.rules import rule_pack_schema

        click.echo(json.dumps(rule_pack_schema(), indent=2, sort_keys=True))
        return
    click.echo(json.dumps(model.model_json_schema(), indent=2, sort_keys=True))


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default="workload.toml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter workload file (default: workload.toml)."""
    from advisor.inputs.fileio import write_atomic
    from advisor.paths import data_file

    write_atomic(path, data_file("starter.toml").read_text(encoding="utf-8"), force)
    click.echo(f"wrote {path}; next: advisor validate {path} && advisor recommend {path}")
