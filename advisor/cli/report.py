"""``advisor report`` (the review's decision record) and ``advisor diff`` (what changed, and a CI gate)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from advisor.cli.common import quiet_option

#: Exit status of ``advisor diff --fail-on`` when a condition trips (2 stays "bad input").
GATE_EXIT = 4


def load_recommendation(path: Path, offline: bool, rules_dirs: tuple[Path, ...],
                        as_of: datetime | None) -> dict[str, Any]:
    """A recommendation's JSON from its file, or computed from a workload file (see advisor.api)."""
    from advisor import api
    from advisor.cli.common import make_plugins

    day = as_of.date() if as_of else None
    plugins = None if path.suffix.lower() == ".json" else make_plugins()
    return api.load_recommendation(path, offline=offline, rules=rules_dirs, as_of=day, plugins=plugins).model_dump(mode="json")


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="review.html or review.md")
@click.option("--force", is_flag=True, help="Overwrite the output (and its chart files) if they exist.")
@click.option("--template", "template_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A directory with your own report.html.j2 / report.md.j2 (see docs/report.md).")
@click.option("--offline", is_flag=True, help="When SOURCE is a workload: never touch the network.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="When SOURCE is a workload: an organisation's own rule pack file or directory (repeatable).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="When SOURCE is a workload: evaluation date (rule effective dates, price ages); default today.")
@quiet_option
def report(source: Path, output: Path, force: bool, template_dir: Path | None, offline: bool,
           rules_dirs: tuple[Path, ...], as_of: datetime | None) -> None:
    """Write an architecture-review decision record (HTML or Markdown).

    SOURCE is a workload file (recommended on the fly) or a recommendation JSON from
    `advisor recommend --format json`. The HTML is one self-contained file that opens offline;
    Markdown writes its charts as SVG files in a folder beside it.
    """
    from advisor import api
    from advisor.cli.common import config, write_output
    from advisor.errors import InputError
    from advisor.inputs.fileio import write_atomic
    from advisor.redact import redact

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise InputError(str(output), ["the report's file name must end in .html or .md"])
    cfg = config()
    data = load_recommendation(source, offline or cfg.settings.offline, (*cfg.rules_dirs, *rules_dirs), as_of)
    if suffix == ".md":
        chart_dir = output.with_name(output.stem + "-charts")
        text, files = api.render_report(data, "markdown", template_dir=template_dir, chart_dir=chart_dir.name)
        clash = [chart_dir / n for n in files if (chart_dir / n).exists()]
        if clash and not force:
            raise InputError(str(clash[0]), ["already exists; nothing was written (use --force to overwrite)"])
        write_output(text, output, force)
        try:
            chart_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise InputError(str(chart_dir), [f"cannot create the charts folder: {exc.strerror}"]) from None
        for name, content in files.items():
            write_atomic(chart_dir / name, redact(content), force=True)
        return
    write_output(api.render_report(data, "html", template_dir=template_dir)[0], output, force)


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True, help="Output format.")
@click.option("--fail-on", "fail_on", multiple=True, metavar="CONDITION",
              help="Exit 4 when this happens (repeatable): cost:+10% (plan total rose more than 10%), cost:+500 "
                   "(more than $500/month), veto (a new veto), decision (a component moved).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@quiet_option
def diff(old: Path, new: Path, fmt: str, fail_on: tuple[str, ...], output: Path | None, force: bool) -> None:
    """What changed between two recommendations and why: inputs, decisions, unit costs, vetoes, prices.

    OLD and NEW are recommendation JSONs (`advisor recommend --format json`) or workload files.

    \b
    Exit status: 0 compared (and no --fail-on condition tripped), 2 bad input,
    4 a --fail-on condition tripped (each reason is printed on stderr).
    """
    from advisor import api
    from advisor.cli.common import write_output
    from advisor.render.report.diff import gate, parse_gate, render_diff

    gates = [parse_gate(spec) for spec in fail_on]
    result = api.diff(*(load_recommendation(p, True, (), None) for p in (old, new)))
    text = json.dumps(result.as_json(), indent=2, sort_keys=True) + "\n" if fmt == "json" else render_diff(result, fmt == "markdown")
    write_output(text, output, force)
    tripped = gate(result, gates)
    for reason in tripped:
        click.echo(f"fail-on: {reason}", err=True)
    if tripped:
        raise click.exceptions.Exit(GATE_EXIT)
