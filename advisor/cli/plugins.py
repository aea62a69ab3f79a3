"""``advisor plugins``: what is installed, found through the ``advisor`` entry-point group."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: name, distribution, version, hooks, providers, kinds, and load problems.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json (kept for scripts that use it).")
@click.option("--all", "include_builtin", is_flag=True, help="Include the core's own built-in plugin.")
def plugins(fmt: str, as_json: bool, include_builtin: bool) -> None:
    """List the installed plugins, their hooks and providers.

    Plugins are found through the 'advisor' entry-point group. ADVISOR_LOAD_PLUGINS=a,b loads only
    those; ADVISOR_DISABLE_PLUGINS=a,b skips those; ADVISOR_PLUGIN_TIMEOUT=S bounds each plugin's
    import and hooks (default 10 s). Each plugin is shown with the distribution that installed it.
    """
    from advisor.cli.common import make_plugins

    manager = make_plugins()
    rows = manager.describe(include_builtin=include_builtin)
    problems = [{"plugin": p.plugin, "hook": p.hook, "message": p.message} for p in manager.problems]
    if as_json or fmt == "json":
        click.echo(json.dumps({"plugins": rows, "problems": problems}, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="advisor plugins")
    for col in ("name", "distribution", "version", "providers", "kinds", "hooks"):
        table.add_column(col)
    for row in rows:
        table.add_row(
            row["name"],
            row["distribution"] or "-",
            row["version"] or "-",
            ", ".join(row["providers"]) or "-",
            ", ".join(row["provider_kinds"]) or "-",
            ", ".join(row["hooks"]),
        )
    from advisor.cli.common import output_width

    console = Console(markup=False, width=output_width())
    console.print(table)
    for p in manager.problems:
        console.print(f"problem: {p}")
