"""Markdown for pull requests and wikis: the same content as the table view."""

from __future__ import annotations

from typing import Any

from advisor.render import text as t
from advisor.render.escape import markdown_inline


def _cell(value: Any) -> str:
    return markdown_inline(value)


def render_markdown(data: dict[str, Any]) -> str:
    plan = data["plan"]
    out = [f"# advisor recommendation: {_cell(', '.join(data['workloads']))}", ""]
    out.append(f"Evaluated {data['evaluated_on']} with advisor {data['advisor_version']}. Weights: "
               + ", ".join(f"{k} {v:.2f}" for k, v in sorted(data["weights"].items())) + ".")
    out += ["", "## Prices used", ""] + [f"- {_cell(line)}" for line in t.catalog_lines(data["catalog"])]
    out += ["", "## Placement" if plan["feasible"] else "## No feasible placement", ""]
    out.append("| component | where | hardware | billing | $/month | $/M out | latency p95 | privacy | CO2e/month |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for comp in data["components"]:
        p = comp.get("chosen")
        if p is None:
            out.append(f"| {_cell(comp['component'])} | — | — | — | — | — | — | — | — |")
            continue
        out.append("| " + " | ".join(_cell(x) for x in (
            comp["component"], t.where(p), t.hardware(p), p["billing"], t.money(p["usd_per_month"]),
            t.per_million(t.visible_per_million(p)),
            t.ms(p["latency"].get("total_ms") or p["latency"].get("network_rtt_ms")), f"{p['privacy_level']}/6",
            t.kg(p.get("carbon_kg_per_month")))) + " |")
        fo = comp.get("failover")
        if fo:
            out.append("| " + " | ".join(_cell(x) for x in (
                "↳ failover", t.where(fo), t.hardware(fo), fo["billing"], t.money(t.standby_usd(fo)), "-", "-",
                f"{fo['privacy_level']}/6", "-")) + " |")
    if plan.get("egress_usd_per_month"):
        out.append(f"| egress | between components | - | - | {t.money(plan['egress_usd_per_month'])} | - | - | - | - |")
    if plan["feasible"]:
        out += ["", f"Total **{t.money(plan['total_usd_per_month'])}/month**{_cell(t.in_currency(data))} across {_cell(', '.join(plan['providers']))}."]
    out += [f"- binding: {_cell(x)}" for x in plan.get("binding_constraints", [])]
    out += [f"- hint: {_cell(x)}" for x in plan.get("hints", [])]
    for comp in data["components"]:
        out += ["", f"## {_cell(comp['component'])}", "",
                f"{comp['kind']} · {_cell(comp['model'])} {comp['precision']} · data: {_cell(', '.join(comp['data_classes']))}", ""]
        p = comp.get("chosen")
        if p:
            out.append(f"- price: {_cell(t.price_line(p))}")
            out += [f"- why: {_cell(r)}" for r in comp.get("why", [])]
            out += [f"- note: {_cell(n)}" for n in p.get("notes", [])]
            out += [f"- evidence owed: {_cell(e)}" for e in p.get("evidence_owed", [])]
        if comp.get("owned_vs_cloud"):
            out.append(f"- owned vs cloud: {_cell(comp['owned_vs_cloud'].get('summary'))}")
            if comp["owned_vs_cloud"].get("like_for_like"):
                out.append(f"- like for like: {_cell(comp['owned_vs_cloud']['like_for_like'].get('summary'))}")
        if comp.get("api_vs_self_host"):
            out.append(f"- API vs self-host: {_cell(comp['api_vs_self_host'].get('summary'))}")
        out += [f"- alternative: {_cell(t.where(a))} {_cell(t.hardware(a))} {t.money(a['usd_per_month'])}/month, score {a['score']:.3f}"
                for a in comp.get("alternatives", [])]
        out += [f"- sensitivity: {_cell(s)}" for s in comp.get("sensitivity", {}).get("statements", [])]
        out.append(f"- considered {comp['candidates_considered']} offers; excluded: {t.excluded_summary(comp)}")
        out += [f"- {_cell(v)}" for v in t.top_vetoes(comp)]
    if data.get("rule_overrides"):
        out += ["", "## Rules disabled by override", ""]
        out += [f"- {_cell(o.get('rule'))} disabled by {_cell(o.get('who'))} on {o.get('date')}: {_cell(o.get('why'))}"
                for o in data["rule_overrides"]]
    if data.get("warnings"):
        out += ["", "## Warnings", ""] + [f"- {_cell(w)}" for w in data["warnings"]]
    return "\n".join(out) + "\n"
