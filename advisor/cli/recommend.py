"""``advisor recommend``: the main command, a thin layer over ``advisor.api.recommend``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from advisor.cli.common import finite_number, quiet_option
from advisor.gcpause import importing

if TYPE_CHECKING:
    from advisor.executors import ExecutorName


@click.command()
@click.argument("workloads", nargs=-1, type=click.Path(path_type=Path))
@click.option("--inventory", type=click.Path(path_type=Path),
              help="Many workloads: a directory of workload files or a .jsonl file listing them. Workloads that "
                   "share a site are placed together, the others each alone; writes JSON Lines (one line per "
                   "group, then a portfolio summary).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default=None,
              help="Where --inventory groups are solved: this process, or Ray tasks (pip install 'advisor[ray]') "
                   "[default: local].")
@click.option("--ray-address", help="Ray cluster to use with --executor ray (default: RAY_ADDRESS, else a local Ray).")
@click.option("--format", "fmt", default=None, shell_complete=lambda ctx, param, incomplete: _formats(incomplete),
              help="table (default), json, markdown, csv, or a format a plugin registers; jsonl with --inventory.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="An organisation's own rule pack file or directory (repeatable; added to the config's).")
@click.option("--overrides", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rule overrides file: rules disabled with a recorded justification.")
@click.option("--offline", is_flag=True, default=None, help="Never touch the network (cache and embedded snapshots only).")
@click.option("--strict", is_flag=True, help="Fail if any provider plugin misbehaves instead of skipping it.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0.1, max=86_400), callback=finite_number, default=None,
              help="Seconds each provider may take (0.1 to 86,400) [default: 20].")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Evaluation date (rule effective dates, price ages); default today.")
@click.option("--alternatives", type=int, default=None, help="Next-best alternatives shown per component [default: 3].")
@click.option("--price-book", "price_book", type=click.Path(dir_okay=False, path_type=Path),
              help="Your negotiated discounts and private prices (TOML); each price it changes says so (source: user).")
@click.option("--currency", help="Also show the total in this currency (ISO 4217), at the rate in the price book's [currency].")
@quiet_option
def recommend(workloads: tuple[Path, ...], inventory: Path | None, executor: ExecutorName | None,
              ray_address: str | None, fmt: str | None, output: Path | None, force: bool, rules_dirs: tuple[Path, ...],
              overrides: Path | None, offline: bool | None, strict: bool, timeout_s: float | None,
              as_of: datetime | None, alternatives: int | None, price_book: Path | None, currency: str | None) -> None:
    """Recommend where each component of one or more workloads should run.

    Several workload files are placed together as a portfolio, sharing owned and edge capacity.
    Defaults for the options come from advisor.toml / [tool.advisor] (see docs/configuration.md).
    Exit status: 0 a recommendation, 2 bad input, 3 nothing feasible (with the reasons).
    """
    with importing():  # the pipeline's modules
        from advisor import api
        from advisor.cli.common import config, info, make_plugins, output_width, pick, write_output
        from advisor.errors import InputError
        from advisor.pipeline import Options

    cfg = config()
    options = Options(
        rules_dirs=(*cfg.rules_dirs, *rules_dirs), overrides=overrides or cfg.overrides,
        offline=bool(pick(offline, cfg.settings.offline, False)), strict=strict,
        timeout_s=pick(timeout_s, cfg.settings.timeout, 20.0), as_of=as_of.date() if as_of else None,
        alternatives=pick(alternatives, cfg.settings.alternatives, 3), price_book=price_book or cfg.price_book,
        currency=pick(currency, cfg.settings.currency, None), default_weights=cfg.weights,
    )
    if (executor not in (None, "local") or ray_address) and inventory is None:
        raise InputError(None, ["--executor and --ray-address go with --inventory"])
    if inventory is None and not workloads:
        inventory = cfg.inventory  # the organisation's inventory, when the config names one
    if inventory is not None:
        from advisor.cli.inventory import recommend_inventory

        if workloads:
            raise InputError(None, ["pass workload files or --inventory, not both"])
        chosen: ExecutorName = pick(executor, cfg.settings.executor, "local")
        sys.exit(recommend_inventory(inventory, chosen, pick(ray_address, cfg.settings.ray_address, None), fmt,
                                     output, force, options))
    if not workloads:
        raise InputError(None, ["no workload file given (or use --inventory DIR|FILE.jsonl, or set inventory in advisor.toml)"])
    plugins = make_plugins()
    fmt = pick(fmt, cfg.settings.format, "table")
    api.check_format(fmt, plugins)
    result = api.recommend(*workloads, options=options, plugins=plugins)
    write_output(api.render_recommendation(result, fmt, width=output_width(), plugins=plugins), output, force)
    if not result.plan.feasible:
        click.echo("error: no feasible placement", err=True)
        for hint in result.plan.hints:
            info(f"  hint: {hint}")
        sys.exit(3)


def _formats(incomplete: str) -> list[str]:
    """Shell completion of --format: the built-in formats, the plugins' and jsonl (for --inventory)."""
    from advisor import api

    return [f for f in sorted({*api.formats(), "jsonl"}) if f.startswith(incomplete)]
