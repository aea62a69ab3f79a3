"""``advisor explain`` (the reasoning behind each placement) and ``advisor compare`` (two plans side by side)."""

from __future__ import annotations

import json
from pathlib import Path

import click

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Output format.")


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--component", help="Only this component.")
@click.option("--offline", is_flag=True, help="When SOURCE is a workload: never touch the network.")
@FORMAT
def explain(source: Path, component: str | None, offline: bool, fmt: str) -> None:
    """Explain why each component went where it did.

    SOURCE is a workload file or a recommendation JSON. Shows the chosen option, each criterion's
    value and weighted contribution, the next-best options and why they lost, every exclusion
    reason (rule id, fit, SLO, price), and how sensitive the decision is.
    """
    from advisor import api
    from advisor.cli.report import load_recommendation
    from advisor.render.explain import explain_text

    data = load_recommendation(source, offline, (), None)
    if fmt == "json":
        click.echo(json.dumps(api.explain(data, component), indent=2, sort_keys=True))
        return
    click.echo(explain_text(data, component), nl=False)


@click.command()
@click.argument("first", type=click.Path(path_type=Path))
@click.argument("second", type=click.Path(path_type=Path))
@click.option("--offline", is_flag=True, help="When an argument is a workload: never touch the network.")
@FORMAT
def compare(first: Path, second: Path, offline: bool, fmt: str) -> None:
    """Show two plans side by side (recommendation JSONs or workload files)."""
    from advisor import api
    from advisor.cli.report import load_recommendation

    result = api.compare(*(load_recommendation(p, offline, (), None) for p in (first, second)))
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    from advisor.cli.common import output_width
    from advisor.render import text as t

    table = Table(title=f"{first.name} vs {second.name}")
    for col in ("component", f"where ({first.name})", "$/month", "score", f"where ({second.name})", "$/month", "score"):
        table.add_column(col)
    for row in result["components"]:
        cells = [row["component"]]
        for p in (row["first"], row["second"]):
            cells += [t.where(p) + " " + t.hardware(p), t.money(p["usd_per_month"]), f"{p['score']:.3f}"] if p else ["—", "—", "—"]
        table.add_row(*cells)
    totals = result["total_usd_per_month"]
    table.add_row("total", "", t.money(totals["first"]), "", "", t.money(totals["second"]), "")
    Console(markup=False, width=output_width()).print(table)
