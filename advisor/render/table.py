"""The terminal view (rich): the plan first, then per component the why, the alternatives, the exclusions."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table

from advisor.render import text as t
from advisor.render.escape import clean_strings


def _details(comp: dict[str, Any]) -> Table:
    """Label / text rows; long text wraps under its own column, so the labels stay readable."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    p = comp.get("chosen")
    if p:
        grid.add_row("  price", t.price_line(p))
        for reason in comp.get("why", []):
            grid.add_row("  why", reason)
        fo = comp.get("failover")
        if fo:
            grid.add_row("  failover", f"{t.where(fo)} {t.hardware(fo)} {fo['billing']}: "
                         f"{t.money(t.standby_usd(fo))}/month while waiting "
                         f"({fo.get('standby_basis') or 'held in full'}); {t.money(fo['usd_per_month'])}/month when serving")
        for note in p.get("notes", []):
            grid.add_row("  note", note)
        for owed in p.get("evidence_owed", []):
            grid.add_row("  evidence owed", owed)
    else:
        for reason in comp.get("why", []):
            grid.add_row("  why", reason)
    owned = comp.get("owned_vs_cloud")
    if owned:
        grid.add_row("  owned vs cloud", owned.get("summary", ""))
        if owned.get("like_for_like"):
            grid.add_row("  like for like", owned["like_for_like"].get("summary", ""))
    api = comp.get("api_vs_self_host")
    if api:
        grid.add_row("  API vs self-host", api.get("summary", ""))
    for alt in comp.get("alternatives", []):
        grid.add_row("  alternative", f"{t.where(alt)} {t.hardware(alt)} {alt['billing']} {t.money(alt['usd_per_month'])}/month, "
                     f"score {alt['score']:.3f}")
    for line in comp.get("sensitivity", {}).get("statements", []):
        grid.add_row("  sensitivity", line)
    grid.add_row("  considered", f"{comp['candidates_considered']} offers; excluded: {t.excluded_summary(comp)}")
    for line in t.top_vetoes(comp):
        grid.add_row("  why not", line)
    return grid


def render_table(data: dict[str, Any], width: int | None = None) -> str:
    """The terminal view; ``width`` None lets rich use the terminal's width (or $COLUMNS)."""
    data = clean_strings(data)  # names and plugin text on one line, control characters made visible
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None, highlight=False, markup=False)
    plan = data["plan"]
    console.print(f"advisor {data['advisor_version']} — {', '.join(data['workloads'])} (evaluated {data['evaluated_on']})")
    weights = ", ".join(f"{k} {v:.2f}" for k, v in sorted(data["weights"].items()))
    console.print(f"weights: {weights}")
    console.print("prices:")
    for line in t.catalog_lines(data["catalog"]):
        console.print(f"  {line}")

    table = Table(title="Recommended placement" if plan["feasible"] else "No feasible placement", show_lines=False)
    for col in ("component", "where", "hardware", "billing", "$/month", "$/M out", "latency p95", "privacy", "CO2e/month"):
        table.add_column(col)
    for comp in data["components"]:
        p = comp.get("chosen")
        if p is None:
            table.add_row(comp["component"], "—", "—", "—", "—", "—", "—", "—", "—")
            continue
        table.add_row(
            comp["component"], t.where(p), t.hardware(p), p["billing"], t.money(p["usd_per_month"]),
            t.per_million(t.visible_per_million(p)), t.ms(p["latency"].get("total_ms") or p["latency"].get("network_rtt_ms")),
            f"{p['privacy_level']}/6", t.kg(p.get("carbon_kg_per_month")),
        )
        fo = comp.get("failover")
        if fo:
            table.add_row("  ↳ failover", t.where(fo), t.hardware(fo), fo["billing"],
                          t.money(t.standby_usd(fo)), "-", "-",
                          f"{fo['privacy_level']}/6", "-")
    if plan.get("egress_usd_per_month"):
        table.add_row("egress", "between components", "-", "-", t.money(plan["egress_usd_per_month"]), "-", "-", "-", "-")
    console.print(table)
    if plan["feasible"]:
        console.print(
            f"total {t.money(plan['total_usd_per_month'])}/month{t.in_currency(data)} across {', '.join(plan['providers'])} "
            f"({', '.join(plan['kinds'])}); score {plan['score']:.3f}"
        )
    for line in plan.get("binding_constraints", []):
        console.print(f"binding: {line}")
    for line in plan.get("hints", []):
        console.print(f"hint: {line}")
    single = plan.get("single_provider")
    if single:
        console.print(f"best single-provider plan: {single.get('summary')}")

    for comp in data["components"]:
        console.print()
        console.print(f"[{comp['component']}] {comp['kind']} · {comp['model']} {comp['precision']} · data: {', '.join(comp['data_classes'])}")
        console.print(_details(comp))
    for w in data.get("warnings", []):
        console.print(f"warning: {w}")
    for o in data.get("rule_overrides", []):
        console.print(f"rule override: {o.get('rule')} disabled — {o.get('why')} ({o.get('who')}, {o.get('date')})")
    return buffer.getvalue()
