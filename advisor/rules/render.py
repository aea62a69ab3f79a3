"""Rules as text: the table of `advisor rules list`, the markdown table in docs/rules.md, `rules show`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.rules.model import Rule

if TYPE_CHECKING:
    from rich.table import Table


def _effect(rule: Rule) -> str:
    s = rule.spec
    return f"{s.effect} {s.penalty:g}" if s.penalty else s.effect


def rich_table(rules: Sequence[Rule], disabled: set[str] | frozenset[str] = frozenset()) -> Table:
    from rich.table import Table

    title = f"{len(rules)} rules" + (f", {len(disabled)} disabled by overrides" if disabled else "")
    table = Table(title=title, show_lines=False)
    for column in ("id", "pack", "effect", "severity", "category"):
        table.add_column(column, no_wrap=True)
    table.add_column("title", overflow="fold", min_width=30)
    for r in rules:
        effect = "disabled" if r.id in disabled else _effect(r)
        table.add_row(r.id, r.pack, effect, r.spec.severity, r.spec.category, r.spec.title)
    return table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rules: Sequence[Rule]) -> str:
    """A GitHub table of the rules; docs/rules.md embeds it and a test keeps the two in step."""
    lines = [
        "| id | pack | effect | severity | applies when | title | references |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        trigger = ", ".join(f"{k}={v}" for k, v in r.spec.trigger.model_dump(exclude_none=True).items()) or "always"
        refs = " ".join(f"[{i}]({u})" for i, u in enumerate(r.spec.references, 1))
        lines.append(
            f"| {r.id} | {r.pack} | {_effect(r)} | {r.spec.severity} | {_cell(trigger)} | {_cell(r.spec.title)} | {refs} |"
        )
    return "\n".join(lines) + "\n"


def describe(rule: Rule) -> str:
    """Every field of one rule, for a reviewer."""
    s = rule.spec
    out = [
        f"{s.id}: {s.title}",
        f"  pack:      {rule.pack} ({rule.file.name})",
        f"  category:  {s.category}" + (f"   regime: {s.regime}" if s.regime else ""),
        f"  severity:  {s.severity}",
        f"  effect:    {_effect(rule)}",
        f"  applies:   {json.dumps(s.trigger.model_dump(exclude_none=True)) or 'always'}",
        f"  condition: {json.dumps(s.condition) if s.condition else 'none (fires whenever it applies)'}",
    ]
    if s.requirement:
        out.append(f"  requires:  {s.requirement}")
    if s.effective_from or s.effective_until:
        out.append(f"  in force:  {s.effective_from or '-'} to {s.effective_until or '-'}")
    out += [f"  milestone: {m.date} [{m.status}] {m.note}" for m in s.milestones]
    out.append(f"  rationale: {s.rationale}")
    out += [f"  reference: {u}" for u in s.references]
    if s.last_reviewed:
        out.append(f"  reviewed:  {s.last_reviewed}")
    return "\n".join(out)


def attributes_markdown() -> str:
    """The attribute vocabulary as a GitHub table, embedded in docs/rules.md."""
    from advisor.rules.vocabulary import CONTEXT_ATTRIBUTES, VENUE_ATTRIBUTES

    lines = ["| attribute | type | values | meaning |", "|---|---|---|---|"]
    for a in [*VENUE_ATTRIBUTES.values(), *CONTEXT_ATTRIBUTES.values()]:
        values = ", ".join(sorted(a.values)) if a.values else ""
        lines.append(f"| `{a.name}` | {a.type} | {_cell(values)} | {_cell(a.doc)} |")
    return "\n".join(lines) + "\n"


def named_sets_markdown() -> str:
    """The named sets usable as ``value = "@NAME"``, embedded in docs/rules.md."""
    from advisor.rules.expr import NAMED_SETS

    lines = ["| name | members |", "|---|---|"]
    lines += [f"| `@{name}` | {', '.join(sorted(members))} |" for name, members in NAMED_SETS.items()]
    return "\n".join(lines) + "\n"


_BLOCKS = {"named-sets": named_sets_markdown, "attributes": attributes_markdown}


def refresh_docs(text: str, rules: Sequence[Rule]) -> str:
    """``text`` with each generated block (between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``) rebuilt."""
    import re

    blocks = {**{k: f() for k, f in _BLOCKS.items()}, "rules": markdown_table(sorted(rules, key=lambda r: (r.pack, r.id)))}
    for name, body in blocks.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        text = pattern.sub(lambda m: m.group(1) + body + m.group(2), text)  # called here, within this iteration
    return text


if __name__ == "__main__":  # python -m advisor.rules.render docs/rules.md
    import sys
    from pathlib import Path

    from advisor.paths import builtin_rules_dir
    from advisor.rules.loader import load_ruleset

    target = Path(sys.argv[1])
    target.write_text(refresh_docs(target.read_text(encoding="utf-8"), list(load_ruleset([builtin_rules_dir()]).rules.values())), encoding="utf-8")
