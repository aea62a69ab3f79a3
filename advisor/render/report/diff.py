"""What changed between two recommendations, and why: inputs, decisions, unit costs, vetoes, prices.

Read from the canonical Recommendation JSON only. Every section is plain sentences with money
formatted; the input changes (demand, data classes, weights, evaluation date) come first because
they explain the rest. ``gate`` turns ``--fail-on`` conditions into the reasons a CI job fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import InputError

SECTIONS = ("inputs", "decisions", "costs", "sizing", "options", "vetoes", "prices", "catalog", "totals")


@dataclass(frozen=True)
class Diff:
    """The changes by section, and the facts a gate checks."""

    sections: dict[str, list[str]]
    total_before: float | None
    total_after: float | None
    decisions_changed: tuple[str, ...] = ()
    new_vetoes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return any(self.sections.values())

    @property
    def total_change(self) -> float | None:
        """Relative change of the plan's monthly total (0.1 = +10%); None when either side is unknown or zero."""
        if self.total_before in (None, 0) or self.total_after is None:
            return None
        return (self.total_after - self.total_before) / self.total_before

    def as_json(self) -> dict[str, Any]:
        return {**self.sections, "summary": {
            "changed": self.changed, "total_usd_per_month_before": self.total_before,
            "total_usd_per_month_after": self.total_after, "total_change": self.total_change,
            "decisions_changed": list(self.decisions_changed), "new_vetoes": list(self.new_vetoes)}}


# -- formatting -------------------------------------------------------------------------------------


def money(value: float | None, per: str = "") -> str:
    if value is None:
        return "unpriced"
    digits = 4 if abs(value) < 1 and value != 0 else 2
    return f"${value:,.{digits}f}{per}"


def _delta(a: float | None, b: float | None, unit: str = "$") -> str:
    """' (+$692.78, +62.6%)' for money; '' when either side is unknown."""
    if a is None or b is None:
        return ""
    d = b - a
    shown = f"{'+' if d >= 0 else '-'}${abs(d):,.2f}" if unit == "$" else f"{d:+,.2f}{unit}"
    return f" ({shown}, {(d / a):+.1%})" if a else f" ({shown})"


def quantity(value: Any) -> str:
    """157000000 → '157M', 2e9 → '2B'; 0.5 → '0.5'; text unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.3g}{suffix}"
    return f"{value:,.4g}"


def _ratio(a: Any, b: Any) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) and a:
        return f" (×{b / a:.2f})" if b / a >= 1 else f" ({(b - a) / a:+.0%})"
    return ""


# -- the sections -----------------------------------------------------------------------------------


def _flat(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(f"{prefix}.{k}" if prefix else str(k), v))
        return out
    return {prefix: value}


def _users(demand: dict[str, Any]) -> str:
    return ", ".join(f"{u['metro']} {u['share']:.0%}" for u in demand.get("users", [])) or "none"


def _inputs(old: dict[str, Any], new: dict[str, Any], out: list[str]) -> None:
    if old["evaluated_on"] != new["evaluated_on"]:
        out.append(f"evaluation date {old['evaluated_on']} → {new['evaluated_on']}")
    for key in sorted(old["weights"].keys() | new["weights"].keys()):
        a, b = old["weights"].get(key), new["weights"].get(key)
        if a != b:
            out.append(f"weight of {key} {quantity(a)} → {quantity(b)}")
    files_a = {f["name"]: f["sha256"] for f in old.get("inputs", [])}
    for f in new.get("inputs", []):
        if f["name"] in files_a and files_a[f["name"]] != f["sha256"]:
            out.append(f"{f['name']} changed (sha256 {files_a[f['name']][:12]} → {f['sha256'][:12]})")
    old_c = {c["component"]: c for c in old["components"]}
    for b in new["components"]:
        a = old_c.get(b["component"])
        if a is None:
            continue
        name = b["component"]
        for key in ("model", "precision", "kind"):
            if a[key] != b[key]:
                out.append(f"{name}: {key} {a[key]} → {b[key]}")
        if list(a["data_classes"]) != list(b["data_classes"]):
            out.append(f"{name}: data classes {', '.join(a['data_classes'])} → {', '.join(b['data_classes'])}")
        da, db = a.get("demand", {}), b.get("demand", {})
        fa, fb = _flat("", {k: v for k, v in da.items() if k != "users"}), _flat("", {k: v for k, v in db.items() if k != "users"})
        for key in sorted(fa.keys() | fb.keys()):
            if fa.get(key) != fb.get(key):
                label = key.replace("_", " ").replace(".", " ")
                out.append(f"{name}: demand {label} {quantity(fa.get(key, 'unset'))} → {quantity(fb.get(key, 'unset'))}"
                           f"{_ratio(fa.get(key), fb.get(key))}")
        if _users(da) != _users(db):
            out.append(f"{name}: users {_users(da)} → {_users(db)}")


def _label(p: dict[str, Any]) -> str:
    return f"{p['provider']} {p['region']} {p['units']}× {p['sku']} ({p['billing']})"


def _options(comp: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The placements a component shows: chosen, failover, alternatives; by offer id."""
    shown = ([comp["chosen"]] if comp.get("chosen") else []) + list(comp.get("alternatives", []))
    shown += [comp["failover"]] if comp.get("failover") else []
    return {p["offer_id"]: p for p in shown}


def _exclusion(comp: dict[str, Any], offer_id: str | None = None, venue_id: str | None = None) -> dict[str, Any] | None:
    excluded: list[dict[str, Any]] = comp.get("excluded", [])
    for e in excluded:
        if (offer_id is not None and e["offer_id"] == offer_id) or (offer_id is None and e["venue_id"] == venue_id):
            return e
    return None


def _why_excluded(e: dict[str, Any]) -> str:
    rules = f" by {', '.join(e['rule_ids'])}" if e.get("rule_ids") else ""
    return f"{e['reason']}{rules}: {e['detail']}"


def _fate(old: dict[str, Any], new_comp: dict[str, Any]) -> str:
    """What became of an option (its old placement) in the new recommendation, in words.

    Found in order: still shown; excluded by name; refused by a constraint the new recommendation lists
    for its provider, venue kind or billing (a constraint refuses all of them alike); still on the Pareto
    frontier. Otherwise the recommendation does not say, and neither does this."""
    offer_id = old["offer_id"]
    shown = _options(new_comp)
    if offer_id in shown:
        p = shown[offer_id]
        role = "still chosen" if new_comp.get("chosen") and new_comp["chosen"]["offer_id"] == offer_id else "now an alternative"
        return f"{role} (score {p['score']:.3f}, {money(p['usd_per_month'], '/month')})"
    excluded = _exclusion(new_comp, offer_id=offer_id) or _constraint_on(old, new_comp)
    if excluded:
        return f"now excluded: {_why_excluded(excluded)}"
    if any(f["offer_id"] == offer_id for f in new_comp.get("frontier", [])):
        return "still eligible (on the Pareto frontier) but outscored by the options shown"
    return "no longer among the options shown: outscored, or excluded among those the recommendation counts but does not list"


def _constraint_on(old: dict[str, Any], new_comp: dict[str, Any]) -> dict[str, Any] | None:
    """The listed constraint exclusion that applies to ``old``'s provider, venue kind or billing, if any."""
    refused = (f"provider '{old.get('provider')}' ", f"venue kind '{old.get('kind')}' ", f"billing '{old.get('billing')}' ")
    return next((e for e in new_comp.get("excluded", []) if e["reason"] == "constraint" and e["detail"].startswith(refused)), None)


def _component(name: str, a: dict[str, Any], b: dict[str, Any], out: dict[str, list[str]]) -> bool:
    """Decision, unit costs, sizing and options of one component; True when the decision changed."""
    pa, pb = a.get("chosen"), b.get("chosen")
    if (pa or {}).get("offer_id") != (pb or {}).get("offer_id"):
        before = _label(pa) if pa else "nothing feasible"
        after = _label(pb) if pb else "nothing feasible"
        reason = f"; why: {b['why'][0]}" if b.get("why") else ""
        fate = f"; the previous choice is {_fate(pa, b)}" if pa else ""
        out["decisions"].append(f"{name}: moved from {before} to {after}{reason}{fate}")
        changed = True
    else:
        changed = False
    if pa and pb:
        where = "" if changed else f" on {pb['provider']} {pb['region']}"
        lines: list[tuple[str, Any, Any, Callable[[Any], str], str | None]] = [
            ("cost", pa["usd_per_month"], pb["usd_per_month"], lambda v: money(v, "/month"), "$"),
            ("cost per million output tokens", pa.get("usd_per_million_output_tokens"), pb.get("usd_per_million_output_tokens"),
             lambda v: money(v, "/M"), "$"),
            ("utilisation", pa["sizing"].get("utilisation"), pb["sizing"].get("utilisation"),
             lambda v: "unknown" if v is None else f"{v:.1%}", None),
            ("carbon", pa.get("carbon_kg_per_month"), pb.get("carbon_kg_per_month"),
             lambda v: "unknown" if v is None else f"{v:,.0f} kg CO2e/month", None),
        ]
        for label, x, y, fmt, unit in lines:
            if fmt(x) != fmt(y):
                extra = _delta(x, y) if unit == "$" else _ratio(x, y)
                out["costs"].append(f"{name}: {label} {fmt(x)} → {fmt(y)}{extra}{where}")
        if not changed:
            sa, sb = pa["sizing"], pb["sizing"]
            for key in ("units", "replicas", "batch", "tensor_parallel"):
                if sa.get(key) != sb.get(key):
                    out["sizing"].append(f"{name}: {key.replace('_', ' ')} {sa.get(key)} → {sb.get(key)}{where}")
    left = [oid for oid in _options(a) if oid not in _options(b) and oid != (pa or {}).get("offer_id")]
    for oid in left:
        out["options"].append(f"{name}: {_label(_options(a)[oid])} left the options shown; {_fate(_options(a)[oid], b)}")
    return changed


def _vetoes(comp: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """venue → the rule ids that vetoed it."""
    return {e["venue_id"]: tuple(e["rule_ids"]) for e in comp.get("excluded", []) if e["reason"] == "veto"}


def _veto_changes(name: str, a: dict[str, Any], b: dict[str, Any], out: list[str]) -> list[str]:
    va, vb = _vetoes(a), _vetoes(b)
    new = []
    for venue in sorted(vb.keys() - va.keys()):
        rules = ", ".join(vb[venue])
        new.append(f"{name}: {venue} ({rules})")
        e = _exclusion(b, venue_id=venue) or {}
        detail = next((x["detail"] for x in b.get("excluded", []) if x["venue_id"] == venue and x["reason"] == "veto"), e.get("detail", ""))
        out.append(f"{name}: {venue} newly vetoed by {rules}: {detail}")
    for venue in sorted(va.keys() - vb.keys()):
        rules = ", ".join(va[venue])
        now = _exclusion(b, venue_id=venue)
        if now is not None:
            out.append(f"{name}: {venue} no longer vetoed by {rules}, but still excluded: {_why_excluded(now)}")
        else:
            out.append(f"{name}: {venue} no longer vetoed by {rules}; now eligible")
    for venue in sorted(va.keys() & vb.keys()):
        if va[venue] != vb[venue]:
            out.append(f"{name}: {venue} vetoed by {', '.join(vb[venue])} instead of {', '.join(va[venue])}")
    return new


def _placements(rec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {oid: p for comp in rec["components"] for oid, p in _options(comp).items()}


def _price(p: dict[str, Any]) -> str:
    value = p.get("usd_per_hour")
    shown = "unpriced" if value in (None, "unpriced") else money(float(value), "/h")
    when = f" ({p['source']} {p['as_of']})" if p.get("source") else ""
    return shown + when


def _prices(old: dict[str, Any], new: dict[str, Any], out: list[str]) -> None:
    old_p, new_p = _placements(old), _placements(new)
    old_i, new_i = old.get("prices", {}), new.get("prices", {})
    for offer_id in sorted((old_i.keys() & new_i.keys()) | (old_p.keys() & new_p.keys())):
        a = old_p[offer_id]["price"] if offer_id in old_p else {"usd_per_hour": old_i.get(offer_id)}
        b = new_p[offer_id]["price"] if offer_id in new_p else {"usd_per_hour": new_i.get(offer_id)}
        if a.get("usd_per_hour") != b.get("usd_per_hour"):
            out.append(f"{offer_id}: {_price(a)} → {_price(b)}")


def diff(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """Sections of plain sentences: inputs, decisions, costs, sizing, options, vetoes, prices, catalog, totals."""
    out: dict[str, list[str]] = {s: [] for s in SECTIONS}
    _inputs(old, new, out["inputs"])
    old_c = {c["component"]: c for c in old["components"]}
    new_c = {c["component"]: c for c in new["components"]}
    flipped, vetoed = [], []
    for name in sorted(old_c.keys() | new_c.keys()):
        a, b = old_c.get(name), new_c.get(name)
        if a is None or b is None:
            out["decisions"].append(f"{name}: component {'added' if a is None else 'removed'}")
            flipped.append(name)
            continue
        if _component(name, a, b, out):
            flipped.append(name)
        vetoed += _veto_changes(name, a, b, out["vetoes"])
    _prices(old, new, out["prices"])
    old_s = {s["provider"]: s for s in old["catalog"]}
    for s in new["catalog"]:
        before = old_s.get(s["provider"])
        if before and (before["source"], before["as_of"]) != (s["source"], s["as_of"]):
            out["catalog"].append(f"{s['provider']}: {before['source']} {before['as_of']} → {s['source']} {s['as_of']}")
    ta, tb = old["plan"].get("total_usd_per_month"), new["plan"].get("total_usd_per_month")
    if ta != tb:
        out["totals"].append(f"plan total {money(ta, '/month')} → {money(tb, '/month')}{_delta(ta, tb)}")
    return Diff(sections=out, total_before=ta, total_after=tb, decisions_changed=tuple(flipped), new_vetoes=tuple(vetoed))


TITLES = {"inputs": "Inputs (what caused the rest)", "decisions": "Decisions", "costs": "Unit costs, utilisation and carbon",
          "sizing": "Sizing", "options": "Options that left", "vetoes": "Vetoes", "prices": "Prices",
          "catalog": "Price catalogs", "totals": "Totals"}


def render_diff(result: Diff, markdown: bool) -> str:
    lines = ["# What changed" if markdown else "What changed"]
    if not result.changed:
        return "\n".join(lines + ["", "nothing: same inputs, decisions, costs, prices, sizing and vetoes"]) + "\n"
    for key, items in result.sections.items():
        if not items:
            continue
        lines += ["", f"## {TITLES[key]}" if markdown else f"{TITLES[key]}:"]
        lines += [f"- {_md(item)}" if markdown else f"  {item}" for item in items]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Plain text made inert in Markdown (no raw HTML, no emphasis from provider ids)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")


# -- the CI gate ------------------------------------------------------------------------------------

_COST = re.compile(r"^cost:\+(?P<value>\d+(?:\.\d+)?)(?P<unit>%|)$")
GATE_HELP = "cost:+N% (plan total rose more than N%), cost:+N (more than $N/month), veto (a new veto), decision (a changed decision)"


@dataclass(frozen=True)
class Gate:
    """One --fail-on condition."""

    kind: str
    threshold: float | None = None
    percent: bool = False
    text: str = field(default="")


def parse_gate(spec: str) -> Gate:
    """'cost:+10%', 'cost:+250', 'veto' or 'decision'; InputError naming --fail-on otherwise."""
    spec = spec.strip().lower()
    if spec in ("veto", "vetoes", "decision", "decisions"):
        return Gate(kind=spec.rstrip("s"), text=spec)
    match = _COST.match(spec)
    if match is None:
        raise InputError(None, [f"--fail-on: cannot read '{spec}'; expected {GATE_HELP}"])
    return Gate(kind="cost", threshold=float(match["value"]), percent=match["unit"] == "%", text=spec)


def gate(result: Diff, gates: list[Gate]) -> list[str]:
    """The reasons the gates trip (empty: pass)."""
    tripped: list[str] = []
    for g in gates:
        if g.kind == "decision" and result.decisions_changed:
            tripped.append(f"decision changed for {', '.join(result.decisions_changed)}")
        elif g.kind == "veto" and result.new_vetoes:
            tripped.append(f"new veto: {'; '.join(result.new_vetoes)}")
        elif g.kind == "cost":
            before, after = result.total_before, result.total_after
            if before is not None and after is None:
                tripped.append(f"plan total was {money(before, '/month')} and is now unknown ({g.text})")
            elif before is not None and after is not None:
                rise = (after - before) / before * 100 if g.percent and before else after - before
                if g.threshold is not None and rise > g.threshold:
                    tripped.append(f"plan total {money(before, '/month')} → {money(after, '/month')}{_delta(before, after)} "
                                   f"exceeds {g.text}")
    return tripped
