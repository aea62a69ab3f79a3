"""The architecture-review decision record, built from the canonical Recommendation JSON only.

An ADR (context, options, decision, consequences) with charts, the rule trace, assumptions, price
provenance and sensitivity. Templates are Jinja2 with autoescaping; a team may supply its own
template directory (``--template DIR``) containing ``report.html.j2`` and/or ``report.md.j2``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from advisor.render.escape import markdown_inline
from advisor.render.report import svg


def charts(data: dict[str, Any]) -> dict[str, str]:
    """SVG charts keyed by name: cost, pareto, breakeven (when an owned option exists), map."""
    out: dict[str, str] = {}
    bars = []
    for comp in data["components"]:
        for label, p in [("chosen", comp.get("chosen"))] + [("alt", a) for a in comp.get("alternatives", [])]:
            if p:
                name = f"{comp['component']}: {p['provider']} {p['region']}" + (" ✔" if label == "chosen" else "")
                bars.append((name, {k: v for k, v in p["cost"]["breakdown"].items() if v and v > 0}))
    if bars:
        out["cost"] = svg.stacked_bars("Monthly cost by component and venue (chosen ✔ and alternatives)", bars)
    points = []
    for i, comp in enumerate(data["components"]):
        for f in comp.get("frontier", []):
            if f["latency_ms"] is None:
                continue
            points.append({"x": f["usd_per_month"], "y": f["latency_ms"], "size": f["privacy_level"], "group": i,
                           "highlight": f["chosen"],
                           "label": f"{comp['component']}: {f['offer_id']} ${f['usd_per_month']:,.0f}/month, "
                                    f"{f['latency_ms']:.0f} ms, privacy {f['privacy_level']}/6"})
    if points:
        out["pareto"] = svg.scatter("Pareto front: cost × latency (dot size = privacy level, ringed = chosen)",
                                    points, "$ per month (log scale)", "latency p95, ms")
    for comp in data["components"]:
        owned = comp.get("owned_vs_cloud")
        if not owned or not owned.get("cloud_full_usd_per_month"):
            continue
        flat, full = owned["owned_usd_per_month"], owned["cloud_full_usd_per_month"]
        series = [("owned", [(u / 20, flat) for u in range(21)]),
                  ("cloud, busy hours only", [(u / 20, full * u / 20) for u in range(21)])]
        marks = [(owned.get("owned_utilisation") or 0.0, f"today {owned.get('owned_utilisation') or 0:.0%}")]
        if owned.get("break_even_utilisation") is not None:
            marks.append((owned["break_even_utilisation"], f"break-even {owned['break_even_utilisation']:.0%}"))
        out[f"breakeven:{comp['component']}"] = svg.lines(
            f"{comp['component']}: monthly cost against utilisation, owned versus cloud billed for busy hours "
            f"({owned['cloud_offer']})", series, "average utilisation of the owned capacity", "$ per month", marks)
    venues, users, links, index = [], [], [], {}
    for comp in data["components"]:
        p = comp.get("chosen")
        if not p or p.get("latitude") is None:
            continue
        if p["venue_id"] not in index:
            index[p["venue_id"]] = len(venues)
            venues.append({"lat": p["latitude"], "lon": p["longitude"], "short": f"{p['provider']} {p['region']}",
                           "label": f"{p['venue_id']} ({p['metro']}): {comp['component']}"})
        for u in comp["demand"].get("users", []):
            if "latitude" in u:
                users.append({"lat": u["latitude"], "lon": u["longitude"], "label": f"{u['metro']} users of {comp['component']} ({u['share']:.0%})"})
                links.append((len(users) - 1, index[p["venue_id"]]))
    if venues:
        out["map"] = svg.world_map("Where each component runs (squares) and where its users are (circles)", venues, users, links)
    return out


def environment(template_dir: Path | None = None) -> Environment:
    loaders = [PackageLoader("advisor", "templates/report")]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(str(template_dir)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = lambda v: "unpriced" if v is None else f"${v:,.2f}"
    env.filters["num"] = lambda v, d=0: "-" if v is None else f"{v:,.{d}f}"
    return env


class _Inert(str):
    """Text already escaped for Markdown (by the ``md`` filter): ``finalize`` leaves it alone."""


def _md_filter(value: Any) -> _Inert:
    return _Inert(markdown_inline(value))


def _md_finalize(value: Any) -> str:
    """Every ``{{ }}`` of a Markdown template, filtered or not, comes out inert (custom templates too)."""
    return value if isinstance(value, _Inert) else markdown_inline(value)


def render_html(data: dict[str, Any], template_dir: Path | None = None) -> str:
    from markupsafe import Markup

    drawn = {k: Markup(v) for k, v in charts(data).items()}  # built by svg.py, which escapes every value
    return environment(template_dir).get_template("report.html.j2").render(r=data, charts=drawn)


def render_markdown(data: dict[str, Any], chart_dir_name: str, template_dir: Path | None = None) -> tuple[str, dict[str, str]]:
    """Markdown text and the SVG files to write beside it (name → content)."""
    files = {f"{name.replace(':', '-')}.svg": content for name, content in charts(data).items()}
    env = environment(template_dir)
    env.autoescape = False
    env.finalize = _md_finalize
    env.filters["md"] = _md_filter
    text = env.get_template("report.md.j2").render(r=data, charts=sorted(files), chart_dir=chart_dir_name)
    return text, files
