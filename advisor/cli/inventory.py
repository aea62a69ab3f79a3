"""``advisor recommend --inventory``: many workloads in, JSON Lines out as each group is solved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from advisor.executors import ExecutorName
    from advisor.inventory import Solved
    from advisor.pipeline import Options


def recommend_inventory(inventory: Path, executor: ExecutorName, ray_address: str | None, fmt: str | None,
                        output: Path | None, force: bool, options: Options) -> int:
    """Write one JSON line per group and the portfolio summary; the exit status (3 if a group has no
    feasible plan, after every line is written)."""
    from advisor import api
    from advisor.cli.common import info, make_plugins
    from advisor.errors import InputError
    from advisor.inventory import summary_line

    if fmt not in (None, "jsonl", "json"):
        raise InputError(None, [f"--format: --inventory writes JSON Lines (jsonl), not '{fmt}'"])
    if output is not None and output.exists() and not force:
        raise InputError(str(output), ["already exists; nothing was written (use --force to overwrite)"])
    results = api.recommend_inventory(inventory, executor=executor, ray_address=ray_address, options=options,
                                      plugins=make_plugins())
    tmp = output.with_name(f".{output.name}.tmp") if output is not None else None
    sink: TextIO | None = None
    kept: list[Solved] = []
    try:
        for solved in results:
            if tmp is not None and sink is None:
                sink = tmp.open("w", encoding="utf-8")  # bad input raised before the first group: no file
            _write(sink, solved.line)
            kept.append(replace(solved, line=""))
        if tmp is not None and sink is None:
            sink = tmp.open("w", encoding="utf-8")
        _write(sink, summary_line(kept))
    finally:
        results.close()
        if sink is not None:
            sink.close()
    if tmp is not None and output is not None:
        tmp.replace(output)
        info(f"wrote {output}")
    infeasible = [n for s in kept if not s.feasible for n in s.names]
    if infeasible:
        click.echo(f"error: no feasible placement for {len(infeasible)} workload(s): {', '.join(infeasible[:10])}", err=True)
        return 3
    return 0


def _write(sink: TextIO | None, line: str) -> None:
    if sink is None:
        click.echo(line)
    else:
        sink.write(line + "\n")
