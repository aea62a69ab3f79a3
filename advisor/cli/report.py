"""``advisor report`` (the review's decision record) and ``advisor diff``."""

from __future__ import annotations

import json
from pathlib import Path

import click

MAX_JSON_BYTES = 64 * 1_048_576
"""A recommendation of a large portfolio runs to megabytes; anything past this is not one."""


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json_input(path: Path) -> object:
    """A JSON document from a regular file of bounded size; every way it can be bad is exit 2."""
    from advisor.errors import InputError
    from advisor.inputs.fileio import decode_utf8, read_bounded

    text = decode_utf8(read_bounded(path, "JSON file", MAX_JSON_BYTES), str(path))
    if not text.strip():
        raise InputError(str(path), ["is empty, expected a recommendation JSON"])
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise InputError(str(path), ["not valid JSON: nested too deeply"]) from None
    except ValueError as exc:  # NaN/Infinity, or an integer with more digits than Python converts
        raise InputError(str(path), [f"not valid JSON: {exc}"]) from None


def load_recommendation(path: Path, offline: bool, rules_dirs: tuple[Path, ...], as_of) -> dict:
    """A recommendation from its canonical JSON, or computed from a workload file."""
    from advisor.errors import InputError

    if path.suffix.lower() == ".json":
        from pydantic import ValidationError

        from advisor.model.recommendation import Recommendation

        raw = read_json_input(path)
        try:
            return Recommendation.model_validate(raw).model_dump(mode="json")
        except ValidationError as exc:
            raise InputError(str(path), [f"not an advisor recommendation: {exc.errors()[0]['msg']} at "
                                         f"{'.'.join(map(str, exc.errors()[0]['loc']))}"]) from None
    from advisor.cli.common import make_plugins
    from advisor.pipeline import Options, recommend

    options = Options(offline=offline, rules_dirs=rules_dirs, as_of=as_of.date() if as_of else None)
    return recommend([path], make_plugins(), options).model_dump(mode="json")


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="review.html or review.md")
@click.option("--force", is_flag=True, help="Overwrite the output (and its chart files) if they exist.")
@click.option("--template", "template_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A directory with your own report.html.j2 / report.md.j2 (see docs/report.md).")
@click.option("--offline", is_flag=True, help="When SOURCE is a workload: never touch the network.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]))
def report(source, output, force, template_dir, offline, rules_dirs, as_of):
    """Write an architecture-review decision record (HTML or Markdown).

    SOURCE is a workload file (recommended on the fly) or a recommendation JSON from
    `advisor recommend --format json`. The HTML is one self-contained file that opens offline;
    Markdown writes its charts as SVG files in a folder beside it.
    """
    from advisor.cli.common import write_output
    from advisor.errors import InputError
    from advisor.inputs.fileio import write_atomic
    from advisor.redact import redact
    from advisor.render.report.build import render_html, render_markdown

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise InputError(str(output), ["the report's file name must end in .html or .md"])
    data = load_recommendation(source, offline, tuple(rules_dirs), as_of)
    if suffix == ".md":
        chart_dir = output.with_name(output.stem + "-charts")
        text, files = render_markdown(data, chart_dir.name, template_dir)
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
    write_output(render_html(data, template_dir), output, force)


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def diff(old, new, fmt):
    """What changed between two recommendations: prices, sizing, vetoes, decisions."""
    from advisor.render.report.diff import diff as compute, render_diff

    sections = compute(load_recommendation(old, True, (), None), load_recommendation(new, True, (), None))
    if fmt == "json":
        click.echo(json.dumps(sections, indent=2, sort_keys=True))
    else:
        click.echo(render_diff(sections, fmt == "markdown"), nl=False)
