"""``advisor recommend``: the main command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from advisor.cli.common import finite_number


@click.command()
@click.argument("workloads", nargs=-1, type=click.Path(path_type=Path))
@click.option("--inventory", type=click.Path(path_type=Path),
              help="Many workloads: a directory of workload files or a .jsonl file listing them. Workloads that "
                   "share a site are placed together, the others each alone; writes JSON Lines (one line per "
                   "group, then a portfolio summary).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where --inventory groups are solved: this process, or Ray tasks (pip install 'advisor[ray]').")
@click.option("--ray-address", help="Ray cluster to use with --executor ray (default: RAY_ADDRESS, else a local Ray).")
@click.option("--format", "fmt", default=None,
              help="table (default), json, markdown, or a format a plugin registers; jsonl with --inventory.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="An organisation's own rule pack file or directory (repeatable).")
@click.option("--overrides", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rule overrides file: rules disabled with a recorded justification.")
@click.option("--offline", is_flag=True, help="Never touch the network (cache and embedded snapshots only).")
@click.option("--strict", is_flag=True, help="Fail if any provider plugin misbehaves instead of skipping it.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1, max=86_400), callback=finite_number, default=20.0, show_default=True,
              help="Seconds each provider may take (0.1 to 86,400).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Evaluation date (rule effective dates, price ages); default today.")
@click.option("--alternatives", default=3, show_default=True, help="Next-best alternatives shown per component.")
@click.option("--price-book", "price_book", type=click.Path(dir_okay=False, path_type=Path),
              help="Your negotiated discounts and private prices (TOML); each price it changes says so (source: user).")
@click.option("--currency", help="Also show the total in this currency (ISO 4217), at the rate in the price book's [currency].")
def recommend(workloads, inventory, executor, ray_address, fmt, output, force, rules_dirs, overrides, offline, strict,
              timeout_s, as_of, alternatives, price_book, currency):
    """Recommend where each component of one or more workloads should run.

    Several workload files are placed together as a portfolio, sharing owned and edge capacity.
    Exit status: 0 a recommendation, 2 bad input, 3 nothing feasible (with the reasons).
    """
    from advisor.cli.common import make_plugins, write_output
    from advisor.errors import InputError
    from advisor.pipeline import Options, recommend as run
    from advisor.render import builtin_renderers

    options = Options(
        rules_dirs=tuple(rules_dirs), overrides=overrides, offline=offline, strict=strict, timeout_s=timeout_s,
        as_of=as_of.date() if as_of else None, alternatives=alternatives, price_book=price_book, currency=currency,
    )
    if inventory is not None or executor != "local" or ray_address:
        from advisor.cli.inventory import recommend_inventory

        if inventory is None:
            raise InputError(None, ["--executor and --ray-address go with --inventory"])
        if workloads:
            raise InputError(None, ["pass workload files or --inventory, not both"])
        sys.exit(recommend_inventory(inventory, executor, ray_address, fmt, output, force, options))
    if not workloads:
        raise InputError(None, ["no workload file given (or use --inventory DIR|FILE.jsonl)"])
    fmt = fmt or "table"
    plugins = make_plugins()
    renderers = {**plugins.renderers(), **builtin_renderers()}
    if fmt not in renderers:
        raise InputError(None, [f"--format: unknown format '{fmt}'; choose one of {', '.join(sorted(renderers))}"])
    result = run(workloads, plugins, options)
    if fmt == "json":
        text = result.canonical_json()
    elif fmt in builtin_renderers():
        text = renderers[fmt](result.model_dump(mode="json"))
    else:
        text = _plugin_render(fmt, renderers[fmt], result.model_dump(mode="json"))
    write_output(text, output, force)
    if not result.plan.feasible:
        click.echo("error: no feasible placement", err=True)
        for hint in result.plan.hints:
            click.echo(f"  hint: {hint}", err=True)
        sys.exit(3)


def _plugin_render(fmt: str, render, data: dict) -> str:
    """A plugin's renderer, run like any plugin code (bounded, in its own thread); its failure is named."""
    from advisor.errors import PluginError
    from advisor.guard import describe_failure, run_bounded

    try:
        text = run_bounded(lambda: render(data), f"renderer-{fmt}")
    except Exception as exc:
        raise PluginError(f"the renderer of --format {fmt} (a plugin's) failed: {describe_failure(exc)}") from None
    if not isinstance(text, str):
        raise PluginError(f"the renderer of --format {fmt} (a plugin's) returned {type(text).__name__}, expected text")
    return text



