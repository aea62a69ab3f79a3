"""The architecture-review decision record, built from the canonical Recommendation JSON only.

An ADR (context, options, decision, consequences) with charts, the rule trace, assumptions, price
provenance and sensitivity. Templates are Jinja2 with autoescaping; a team may supply its own
template directory (``--template DIR``) containing ``report.html.j2`` and/or ``report.md.j2``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from advisor.render.escape import markdown_inline
from advisor.render.report import svg


def charts(data: dict[str, Any]) -> dict[str, str]:
    """SVG charts keyed by name: cost, pareto, breakeven (when an owned option exists), breakeven-api (when a
    managed API and a self-hosted plan are both eligible), map."""
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
    for comp in data["components"]:
        chart = _api_chart(comp)
        if chart:
            out[f"breakeven-api:{comp['component']}"] = chart
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


API_CURVE_POINTS = 41


def api_curve(result: dict[str, Any]) -> list[tuple[float, float, float]] | None:
    """(volume, API $, self-hosted $) from 0 to twice today's volume or the break-even, from the JSON's
    figures: ``a · V`` against ``max(floor, ceil(p · V / c) · F + b · V)`` (docs/tco.md §8)."""
    cap = result.get("self_host_unit_capacity_output_tokens_per_month")
    if not cap:
        return None
    a = result["api_usd_per_million_output_tokens"] / 1e6
    fixed, b = result["self_host_fixed_usd_per_unit_month"], result["self_host_usd_per_million_output_tokens_marginal"] / 1e6
    floor, peak = result.get("self_host_floor_usd_per_month") or 0.0, result.get("peak_to_average", 1.0)
    top = 2.0 * max(result["output_tokens_per_month"], result.get("break_even_output_tokens_per_month") or 0)
    points = []
    for k in range(API_CURVE_POINTS):
        v = top * k / (API_CURVE_POINTS - 1)
        units = max(1, math.ceil(peak * v / cap - 1e-9))
        points.append((v, a * v, max(floor, units * fixed + b * v)))
    return points


def _api_chart(comp: dict[str, Any]) -> str | None:
    """Monthly cost against monthly volume: the managed API's line and the self-hosted plan's steps."""
    api = comp.get("api_vs_self_host")
    points = api_curve(api) if api else None
    if not points:
        return None
    m = 1e6
    series = [(f"API ({api['api_offer']})", [(v / m, a) for v, a, _ in points]),
              (f"self-hosted ({api['self_host_offer']})", [(v / m, s) for v, _, s in points])]
    marks = [(api["output_tokens_per_month"] / m, f"today {api['output_tokens_per_month'] / m:,.0f} M")]
    if api.get("break_even_output_tokens_per_month") is not None:
        v = api["break_even_output_tokens_per_month"] / m
        marks.append((v, f"break-even {v:,.0f} M"))
    return svg.lines(f"{comp['component']}: monthly cost against monthly volume, managed API versus self-hosting",
                     series, "output tokens per month (millions)", "$ per month", marks, x_max=points[-1][0] / m)


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
