"""``advisor explain`` (the reasoning behind each placement) and ``advisor compare`` (two plans side by side)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from advisor.render import text as t


def explain_text(data: dict[str, Any], component: str | None) -> str:
    comps = [c for c in data["components"] if component in (None, c["component"])]
    if not comps:
        from advisor.errors import InputError, did_you_mean

        names = [c["component"] for c in data["components"]]
        raise InputError(None, [f"--component: no component '{component}'{did_you_mean(component or '', names)}; "
                                f"components: {', '.join(names)}"])
    lines: list[str] = []
    for c in comps:
        lines.append(f"{c['component']} ({c['kind']}, {c['model']} {c['precision']}, data {', '.join(c['data_classes'])})")
        p = c.get("chosen")
        if p is None:
            lines.append("  no placement: " + "; ".join(c.get("why", [])))
        else:
            lines.append(f"  chosen: {t.where(p)} {t.hardware(p)} {p['billing']} {t.money(p['usd_per_month'])}/month")
            lines.append(f"  price: {t.price_line(p)}")
            lines += [f"  why: {w}" for w in c.get("why", [])]
            lines.append("  criteria (value 0-1 on fixed scales → weighted contribution):")
            for k in sorted(p["criteria"]):
                lines.append(f"    {k:<11} {p['criteria'][k]:.3f} → {p['contributions'].get(k, 0):.3f}")
            lines += [f"  finding: {f['rule_id']} {f['title']} ({f['effect']}, {f['status']})" for f in p.get("findings", [])]
            lines += [f"  evidence owed: {e}" for e in p.get("evidence_owed", [])]
        if c.get("owned_vs_cloud"):
            lines.append(f"  owned vs cloud: {c['owned_vs_cloud'].get('summary')}")
            if c["owned_vs_cloud"].get("like_for_like"):
                lines.append(f"  like for like: {c['owned_vs_cloud']['like_for_like'].get('summary')}")
        if c.get("api_vs_self_host"):
            lines.append(f"  API vs self-host: {c['api_vs_self_host'].get('summary')}")
        for a in c.get("alternatives", []):
            gap = (p["score"] - a["score"]) if p else 0.0
            lines.append(f"  why not {t.where(a)} {t.hardware(a)}: score {a['score']:.3f} ({gap:+.3f} behind), "
                         f"{t.money(a['usd_per_month'])}/month")
        lines += [f"  sensitivity: {s}" for s in c.get("sensitivity", {}).get("statements", [])]
        lines.append(f"  excluded: {t.excluded_summary(c)}")
        shown: set[tuple[str, str]] = set()
        for e in c.get("excluded", []):
            key = (e["provider"], e["reason"])
            if key in shown:
                continue
            shown.add(key)
            lines.append(f"    why not {e['provider']} ({e['reason']}): {e['venue_id']}: {e['detail']}")
        lines.append("")
    return "\n".join(lines)


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--component", help="Only this component.")
@click.option("--offline", is_flag=True, help="When SOURCE is a workload: never touch the network.")
def explain(source: Path, component: str | None, offline: bool) -> None:
    """Explain why each component went where it did.

    SOURCE is a workload file or a recommendation JSON. Shows the chosen option, each criterion's
    value and weighted contribution, the next-best options and why they lost, every exclusion
    reason (rule id, fit, SLO, price), and how sensitive the decision is.
    """
    from advisor.cli.report import load_recommendation

    click.echo(explain_text(load_recommendation(source, offline, (), None), component), nl=False)


@click.command()
@click.argument("first", type=click.Path(path_type=Path))
@click.argument("second", type=click.Path(path_type=Path))
@click.option("--offline", is_flag=True, help="When an argument is a workload: never touch the network.")
def compare(first: Path, second: Path, offline: bool) -> None:
    """Show two plans side by side (recommendation JSONs or workload files)."""
    from rich.console import Console
    from rich.table import Table

    from advisor.cli.report import load_recommendation

    a, b = (load_recommendation(p, offline, (), None) for p in (first, second))
    table = Table(title=f"{first.name} vs {second.name}")
    for col in ("component", f"where ({first.name})", "$/month", "score", f"where ({second.name})", "$/month", "score"):
        table.add_column(col)
    by_b = {c["component"]: c for c in b["components"]}
    names = [c["component"] for c in a["components"]] + [n for n in by_b if n not in {c["component"] for c in a["components"]}]
    by_a = {c["component"]: c for c in a["components"]}
    for name in names:
        row = [name]
        for side in (by_a.get(name), by_b.get(name)):
            p = (side or {}).get("chosen")
            row += [t.where(p) + " " + t.hardware(p), t.money(p["usd_per_month"]), f"{p['score']:.3f}"] if p else ["—", "—", "—"]
        table.add_row(*row)
    table.add_row("total", "", t.money(a["plan"]["total_usd_per_month"]), "", "", t.money(b["plan"]["total_usd_per_month"]), "")
    Console(markup=False).print(table)
