"""``advisor recommend --inventory``: many workloads in, JSON Lines out as each group is solved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click


def recommend_inventory(inventory: Path, executor: str, ray_address: str | None, fmt: str | None,
                        output: Path | None, force: bool, options) -> int:
    """Write one JSON line per group and the portfolio summary; the exit status (3 if a group has no
    feasible plan, after every line is written)."""
    from advisor.cli.common import make_plugins
    from advisor.errors import InputError
    from advisor.executors import make_executor
    from advisor.inventory import read_inventory, run_inventory, summary_line

    if fmt not in (None, "jsonl", "json"):
        raise InputError(None, [f"--format: --inventory writes JSON Lines (jsonl), not '{fmt}'"])
    if output is not None and output.exists() and not force:
        raise InputError(str(output), ["already exists; nothing was written (use --force to overwrite)"])
    paths = read_inventory(inventory)
    plugins = make_plugins()
    runner = make_executor(executor, ray_address)
    tmp = output.with_name(f".{output.name}.tmp") if output is not None else None
    sink = tmp.open("w", encoding="utf-8") if tmp is not None else None
    kept = []
    try:
        for solved in run_inventory(paths, plugins, options, runner):
            _write(sink, solved.line)
            kept.append(replace(solved, line=""))
        _write(sink, summary_line(kept))
    finally:
        runner.close()
        if sink is not None:
            sink.close()
    if tmp is not None:
        tmp.replace(output)
        click.echo(f"wrote {output}", err=True)
    infeasible = [n for s in kept if not s.feasible for n in s.names]
    if infeasible:
        click.echo(f"error: no feasible placement for {len(infeasible)} workload(s): {', '.join(infeasible[:10])}", err=True)
        return 3
    return 0


def _write(sink, line: str) -> None:
    if sink is None:
        click.echo(line)
    else:
        sink.write(line + "\n")
