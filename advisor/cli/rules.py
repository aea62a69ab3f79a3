"""``advisor rules``: list, show and validate rule packs (core, plugin and the user's own)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from advisor.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from advisor.plugin.manager import Plugins
    from advisor.rules.model import RuleSet
    from advisor.rules.schema import Override

FORMATS = ("table", "json", "markdown")


def _plugins() -> Plugins:
    """The run's plugin manager, imported lazily so listing commands stays fast."""
    from advisor.cli.common import make_plugins

    return make_plugins()


def _warn(plugins: Plugins) -> None:
    from advisor.plugin.manager import iter_problems

    for problem in iter_problems(plugins):
        click.echo(f"warning: {problem}", err=True)


def installed_pack_paths() -> list[Path]:
    """The core packs and every plugin's, in registration order; plugin problems go to stderr."""
    plugins = _plugins()
    paths = plugins.rule_pack_paths()
    _warn(plugins)
    return paths


def _ruleset(extra: tuple[Path, ...], overrides: Path | None = None) -> RuleSet:
    from advisor.rules import installed_ruleset

    plugins = _plugins()
    try:
        return installed_ruleset(plugins, extra, overrides)
    finally:
        _warn(plugins)


rules_option = click.option(
    "--rules",
    "extra",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="A rule pack file or directory of your own (repeatable).",
)


@click.group(name="rules")
def rules() -> None:
    """List, show and validate regulation and privacy rules.

    \b
    Rules come from the packs shipped with advisor, from plugins, and from --rules DIR.
    Format and shipped rules: docs/rules.md.
    """


@rules.command(name="list")
@click.option("--pack", "packs", multiple=True, help="Only rules of this pack (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@rules_option
@click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An overrides file: the rules it disables are marked, with who, why and when.",
)
def list_rules(packs: tuple[str, ...], fmt: str, extra: tuple[Path, ...], overrides: Path | None) -> None:
    """List every rule with its id, effect, severity and title."""
    from advisor.clock import utc_today
    from advisor.rules.render import markdown_table, rich_table

    ruleset = _ruleset(extra, overrides)
    disabled = {o.rule: o for o in ruleset.overrides if o.active_on(utc_today())}
    known = sorted({p.meta.name for p in ruleset.packs})
    for name in packs:
        if name not in known:
            raise InputError(None, [f"--pack: no pack '{name}'{did_you_mean(name, known)}; packs: {', '.join(known)}"])
    chosen = [r for r in ruleset.rules.values() if not packs or r.pack in packs]
    chosen.sort(key=lambda r: (r.pack, r.id))
    if fmt == "json":
        listed = [{**r.summary(), "disabled_by": _override(disabled.get(r.id))} for r in chosen]
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(markdown_table(chosen), nl=False)
    else:
        from rich.console import Console

        console = Console(markup=False)  # titles come from user packs: never interpret them as markup
        if not console.is_terminal:
            console = Console(markup=False, width=200)  # piped output: never crop titles
        console.print(rich_table(chosen, disabled=set(disabled)))
        for o in disabled.values():
            click.echo(f"{o.rule} disabled by {o.who} on {o.date}: {o.why}" + (f" (until {o.expires})" if o.expires else ""))


def _override(o: Override | None) -> dict[str, Any] | None:
    return None if o is None else o.model_dump(mode="json")


@rules.command(name="show")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True, help="Output format.")
@rules_option
def show(rule_id: str, fmt: str, extra: tuple[Path, ...]) -> None:
    """Show one rule in full: trigger, condition, effect, rationale, references, dates."""
    from advisor.rules.render import describe

    ruleset = _ruleset(extra)
    rule = ruleset.get(rule_id) or ruleset.get(rule_id.upper())
    if rule is None:
        raise InputError(None, [f"no rule '{rule_id}'{did_you_mean(rule_id.upper(), ruleset.rules)}"])
    if fmt == "json":
        click.echo(json.dumps({**rule.summary(), "file": str(rule.file)}, indent=2, ensure_ascii=False))
    else:
        click.echo(describe(rule))


@rules.command(name="validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check rule pack files: schema, conditions, unique ids (also against installed packs), references.

    Exit status 0 when every file is valid, 2 when any problem was found.
    """
    from advisor.rules.loader import collect, pack_files

    own = {str(f) for f in pack_files(paths)}
    if not own:
        raise InputError(", ".join(map(str, paths)), ["no *.toml rule pack found"])
    installed = [p for p in installed_pack_paths() if p.exists()]
    packs, found, problems = collect([*installed, *paths])
    mine = {f: msgs for f, msgs in problems.items() if f in own}
    count = sum(1 for r in found.values() if str(r.file) in own)
    if mine:
        for file, messages in mine.items():
            click.echo(f"{file}: {len(messages)} problem(s)", err=True)
            for message in messages:
                click.echo(f"  - {message}", err=True)
        sys.exit(2)
    pack_count = sum(1 for p in packs if str(p.file) in own)
    click.echo(f"ok: {count} rules in {pack_count} packs from {len(own)} file(s)")
