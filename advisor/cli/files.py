"""``advisor validate``, ``advisor schema`` and ``advisor init``: working with input files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from advisor.cli.common import quiet_option

SCHEMAS = ("workload", "config", "sites", "recommendation", "rules")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@quiet_option
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check workload or sites files and report every problem (exit status 2 if any).

    The kind of file is told by its top-level table: [workload] or [[sites]]. Used as a pre-commit
    hook (see docs/ci.md). --format json prints [{file, valid, kind, problems}] and still exits 2.
    """
    from advisor import api
    from advisor.cli.common import info, make_plugins
    from advisor.errors import InputError

    plugins = make_plugins()
    results, failures = [], []
    for path in files:
        try:
            kind = api.validate(path, plugins=plugins)[0]
            results.append({"file": str(path), "valid": True, "kind": kind, "problems": []})
            if fmt == "text":
                info(f"{path}: valid {kind} file")
        except InputError as exc:
            results.append({"file": str(path), "valid": False, "kind": None, "problems": list(exc.problems)})
            failures.append(str(exc))
    if fmt == "json":
        click.echo(json.dumps(results, indent=2))
        if failures:
            raise click.exceptions.Exit(2)
    elif failures:
        raise InputError(None, failures)


@click.command()
@click.argument("kind", type=click.Choice(SCHEMAS), required=False)
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the published editor schemas (workload, sites, config) into this directory (the repository's schema/).")
def schema(kind: str | None, write_dir: Path | None) -> None:
    """Print the JSON Schema of a workload file, advisor.toml, a sites file, a rule pack or a recommendation.

    The workload, sites and config schemas are standard JSON Schema (draft 2020-12) for editors: taplo
    and Even Better TOML read them from a '#:schema ./schema/workload.schema.json' first line (docs/workload.md).
    """
    from advisor.errors import InputError

    if write_dir is not None:
        from advisor.inputs.editor_schema import write_published

        for path in write_published(write_dir):
            click.echo(f"wrote {path}", err=True)
        return
    if kind is None:
        raise InputError(None, [f"schema: name one of {', '.join(SCHEMAS)} (or --write DIR)"])
    if kind in ("workload", "sites", "config"):
        from advisor.inputs.editor_schema import editor_schema_text

        click.echo(editor_schema_text(kind), nl=False)
        return
    if kind == "recommendation":
        from advisor.model.recommendation import Recommendation as model
    else:
        from advisor.rules.jsonschema import rule_pack_schema

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
