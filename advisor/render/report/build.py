"""The architecture-review decision record, built from the canonical Recommendation JSON only.

An ADR (context, options, decision, consequences) with charts, the rule trace, assumptions, price
provenance and sensitivity. Templates are Jinja2 with autoescaping; a team may supply its own
template directory (``--template DIR``) containing ``report.html.j2`` and/or ``report.md.j2``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from advisor.render.escape import markdown_inline
from advisor.render.report import svg


def charts(data: dict[str, Any]) -> dict[str, str]:
    """SVG charts keyed by name: cost, pareto, breakeven (when an owned option exists), breakeven-api (when a
    managed API and a self-hosted plan are both eligible), map."""
    out: dict[str, str] = {}
    bars: list[tuple[str, dict[str, float]]] = []
    for comp in data["components"]:
        for label, p in [("chosen", comp.get("chosen"))] + [("alt", a) for a in comp.get("alternatives", [])]:
            if p:
                name = f"{comp['component']}: {p['provider']} {p['region']}" + (" ✔" if label == "chosen" else "")
                bars.append((name, {k: v for k, v in p["cost"]["breakdown"].items() if v and v > 0}))
    if bars:
        out["cost"] = svg.stacked_bars("Monthly cost by component and venue (chosen ✔ and alternatives)", bars)
    points: list[svg.Point] = []
    for i, comp in enumerate(data["components"]):
        for f in comp.get("frontier", []):
            if f["latency_ms"] is None:
                continue
            points.append({"x": f["usd_per_month"], "y": f["latency_ms"], "size": f["privacy_level"], "group": i,
                           "highlight": f["chosen"],
                           "label": f"{comp['component']}: {f['offer_id']} ${f['usd_per_month']:,.0f}/month, "
                                    f"{f['latency_ms']:.0f} ms, privacy {f['privacy_level']}/6"})
    if points:
        out["pareto"] = svg.scatter("Pareto front: monthly cost against latency (each dot an option no other beats on every criterion)",
                                    points, "cost, US$ per month (log scale)", "latency p95, ms",
                                    groups=[c["component"] for c in data["components"]])
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
    venues: list[svg.VenuePlace] = []
    users: list[svg.Place] = []
    links: list[tuple[int, int]] = []
    index: dict[str, int] = {}
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
    points: list[tuple[float, float, float]] = []
    for k in range(API_CURVE_POINTS):
        v = top * k / (API_CURVE_POINTS - 1)
        units = max(1, math.ceil(peak * v / cap - 1e-9))
        points.append((v, a * v, max(floor, units * fixed + b * v)))
    return points


def _api_chart(comp: dict[str, Any]) -> str | None:
    """Monthly cost against monthly volume: the managed API's line and the self-hosted plan's steps."""
    api = comp.get("api_vs_self_host")
    points = api_curve(api) if api else None
    if not api or not points:
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
    """The shipped report templates, behind a team's own directory when given; HTML autoescaped."""
    loaders: list[BaseLoader] = [PackageLoader("advisor", "templates/report")]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(str(template_dir)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = lambda v: "unpriced" if v is None else f"${v:,.2f}"
    env.filters["num"] = lambda v, d=0: "-" if v is None else f"{v:,.{d}f}"
    env.filters["label"] = label
    return env


class _Inert(str):
    """Text already escaped for Markdown (by the ``md`` filter): ``finalize`` leaves it alone."""


def _md_filter(value: Any) -> _Inert:
    return _Inert(markdown_inline(value))


def _md_finalize(value: Any) -> str:
    """Every ``{{ }}`` of a Markdown template, filtered or not, comes out inert (custom templates too)."""
    return value if isinstance(value, _Inert) else markdown_inline(value)


def render_html(data: dict[str, Any], template_dir: Path | None = None) -> str:
    """The self-contained HTML review page: charts inline, the what-if panel's data and script hashed for CSP."""
    import json

    from markupsafe import Markup

    drawn = {k: Markup(v) for k, v in charts(data).items()}  # built by svg.py, which escapes every value
    panel = whatif_data(data)
    # JSON inside <script type="application/json">: '<' escaped so no text can close the element
    panel_json = Markup(json.dumps(panel, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return environment(template_dir).get_template("report.html.j2").render(
        r=data, charts=drawn, trace=rule_trace(data), whatif=panel, whatif_json=panel_json,
        whatif_js=Markup(WHATIF_JS), script_hash=script_hash(WHATIF_JS))


def render_markdown(data: dict[str, Any], chart_dir_name: str, template_dir: Path | None = None) -> tuple[str, dict[str, str]]:
    """Markdown text and the SVG files to write beside it (name → content)."""
    files = {f"{name.replace(':', '-')}.svg": content for name, content in charts(data).items()}
    env = environment(template_dir)
    env.autoescape = False
    env.finalize = _md_finalize
    env.filters["md"] = _md_filter
    text = env.get_template("report.md.j2").render(r=data, charts=sorted(files), chart_dir=chart_dir_name, trace=rule_trace(data))
    return text, files


# -- the review page's helpers: plain labels, the grouped rule trace, the what-if panel ----------------

LABELS = {
    "ttft_ms_p95": "time to first token p95 (ms)", "tokens_per_second_per_user": "tokens per second per user",
    "on_demand": "on-demand", "savings_plan": "savings plan", "committed_use": "committed use",
    "does-not-fit": "does not fit", "slo": "misses the SLO", "veto": "vetoed by a rule",
    "unknown": "a rule cannot tell (facts missing)", "unpriced": "no price", "constraint": "a plan constraint",
}


def label(value: Any) -> str:
    """A key or code as a reader says it: 'ttft_ms_p95' → 'time to first token p95 (ms)', 'a_b' → 'a b'."""
    text = str(value)
    return LABELS.get(text, text.replace("_", " "))


def rule_trace(data: dict[str, Any], examples: int = 3) -> list[dict[str, Any]]:
    """Vetoes and unknowns grouped by component, rule and outcome, with how many venues each hit,
    a few of them by name and one detail: eighty near-identical rows become one."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for comp in data["components"]:
        for e in comp.get("excluded", []):
            if e["reason"] not in ("veto", "unknown"):
                continue
            key = (comp["component"], ", ".join(e["rule_ids"]) or "-", e["reason"])
            group = groups.setdefault(key, {"component": key[0], "rules": key[1], "outcome": label(key[2]),
                                            "venues": [], "detail": e["detail"]})
            if e["venue_id"] not in group["venues"]:
                group["venues"].append(e["venue_id"])
    rows = sorted(groups.values(), key=lambda g: (g["component"], -len(g["venues"]), g["rules"]))
    for g in rows:
        g["count"] = len(g["venues"])
        g["examples"] = g["venues"][:examples]
    return rows


WHATIF_JS = """(function () {
  var data = JSON.parse(document.getElementById("whatif-data").textContent);
  var keys = data.criteria;
  function costValue(usd, ref) {
    var s = data.cost_scale, x = usd <= ref ? 1 : usd / ref, t;
    if (s.shape === "log") { t = (Math.log10(Math.max(x, 1e-300)) - Math.log10(s.best)) / (Math.log10(s.worst) - Math.log10(s.best)); }
    else { t = (x - s.best) / (s.worst - s.best); }
    return 1 - Math.min(Math.max(t, 0), 1);
  }
  function weights() {
    var raw = {}, total = 0;
    keys.forEach(function (k) { raw[k] = parseFloat(document.getElementById("w-" + k).value); total += raw[k]; });
    var w = {};
    keys.forEach(function (k) { w[k] = total > 0 ? raw[k] / total : 1 / keys.length; });
    return w;
  }
  function cell(text, cls) { var td = document.createElement("td"); td.textContent = text; if (cls) { td.className = cls; } return td; }
  function update() {
    var w = weights(), factor = 1 + parseFloat(document.getElementById("a-price").value) / 100;
    keys.forEach(function (k) { document.getElementById("wv-" + k).textContent = w[k].toFixed(2); });
    document.getElementById("av-price").textContent = (factor >= 1 ? "+" : "") + ((factor - 1) * 100).toFixed(0) + " %";
    data.components.forEach(function (comp, ci) {
      var priced = comp.options.map(function (o) { return o.rented ? o.usd_per_month * factor : o.usd_per_month; });
      var ref = Math.min.apply(null, priced);  // cost is scored against the cheapest option (it is on the frontier)
      var scored = comp.options.map(function (o, oi) {
        var v = {};
        keys.forEach(function (k) { v[k] = o.criteria[k]; });
        var usd = priced[oi];
        if (factor !== 1) { v.cost = costValue(usd, ref); }
        var s = 0;
        keys.forEach(function (k) { s += w[k] * v[k]; });
        return { o: o, s: s, usd: usd };
      });
      scored.sort(function (a, b) { return b.s - a.s || (a.o.id < b.o.id ? -1 : 1); });
      var body = document.getElementById("wi-" + ci);
      while (body.firstChild) { body.removeChild(body.firstChild); }
      scored.forEach(function (x, i) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-offer", x.o.id);
        tr.appendChild(cell(String(i + 1)));
        tr.appendChild(cell((x.o.id === comp.chosen ? "\\u2714 " : "") + x.o.label));
        tr.appendChild(cell(x.usd === null ? "unpriced" : "$" + x.usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }), "num"));
        tr.appendChild(cell(x.s.toFixed(3), "num"));
        body.appendChild(tr);
      });
    });
  }
  document.querySelectorAll("#whatif input").forEach(function (el) { el.addEventListener("input", update); });
  document.getElementById("whatif-reset").addEventListener("click", function () {
    keys.forEach(function (k) { document.getElementById("w-" + k).value = data.weights[k]; });
    document.getElementById("a-price").value = 0;
    update();
  });
  update();
})();
"""


def whatif_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the what-if panel re-ranks: every option the recommendation carries for a component (the
    chosen one, its alternatives, then the Pareto-efficient candidates listed in ``frontier``) with their
    criterion values, the weights and the cost scale, all from the canonical JSON and scoring.toml.
    A frontier point without criterion values (a recommendation written before they were recorded) is left out."""
    from advisor.paths import data_table

    scale = data_table("scoring.toml")["cost"]  # the scale file the scorer reads (render sits below scoring)
    criteria = sorted(data["weights"])
    comps = []
    for comp in data["components"]:
        placed = ([comp["chosen"]] if comp.get("chosen") else []) + list(comp.get("alternatives", []))
        options = [_option(p, f"{p['provider']} {p['region']} · {p['units']} × {p['sku']} ({label(p['billing'])})", criteria)
                   for p in placed]
        seen = {o["id"] for o in options}
        front = [f for f in comp.get("frontier", []) if f.get("criteria") and f["offer_id"] not in seen]
        options += [_option(f, f"{f['units']} × {f['offer_id']} (Pareto frontier)", criteria) for f in front]
        if not options:
            continue
        comps.append({
            "component": comp["component"], "chosen": (comp.get("chosen") or {}).get("offer_id"), "options": options,
            "alternatives": len(placed) - bool(comp.get("chosen")), "frontier_only": len(front),
            "considered": comp.get("candidates_considered"),
        })
    return {"criteria": criteria, "weights": {k: round(data["weights"][k], 4) for k in criteria},
            "cost_scale": {"shape": scale["shape"], "best": scale["best"], "worst": scale["worst"]}, "components": comps}


def _option(p: dict[str, Any], text: str, criteria: list[str]) -> dict[str, Any]:
    """One row of the panel: a placement or a frontier point, with what the scorer needs of it."""
    return {"id": p["offer_id"], "label": text, "criteria": {k: p["criteria"].get(k, 0.0) for k in criteria},
            "usd_per_month": p["usd_per_month"], "rented": p["kind"] != "onprem" and p.get("billing") not in ("capex", "owned")}


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-<base64 of its SHA-256>'."""
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
