"""What changed between two recommendations: prices, sizing, vetoes and decisions."""

from __future__ import annotations

from typing import Any


def _placements(rec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for comp in rec["components"]:
        for p in ([comp["chosen"]] if comp.get("chosen") else []) + list(comp.get("alternatives", [])) + list(
            [comp["failover"]] if comp.get("failover") else []
        ):
            out[p["offer_id"]] = p
    return out


def _vetoes(rec: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (c["component"], e["venue_id"], ",".join(e["rule_ids"]))
        for c in rec["components"]
        for e in c.get("excluded", [])
        if e["reason"] == "veto"
    }


def _price(p: dict[str, Any]) -> str:
    value = p.get("usd_per_hour")
    shown = "unpriced" if value in (None, "unpriced") else f"${value}/h"
    when = f" ({p['source']} {p['as_of']})" if p.get("source") else ""
    return shown + when


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    """Sections of plain sentences: decisions, prices, sizing, vetoes, catalog, totals."""
    out: dict[str, list[str]] = {"decisions": [], "prices": [], "sizing": [], "vetoes": [], "catalog": [], "totals": []}
    old_c = {c["component"]: c for c in old["components"]}
    new_c = {c["component"]: c for c in new["components"]}
    for name in sorted(old_c.keys() | new_c.keys()):
        a, b = old_c.get(name), new_c.get(name)
        if a is None or b is None:
            out["decisions"].append(f"{name}: component {'added' if a is None else 'removed'}")
            continue
        pa, pb = a.get("chosen"), b.get("chosen")
        ida, idb = (pa or {}).get("offer_id"), (pb or {}).get("offer_id")
        if ida != idb:
            out["decisions"].append(f"{name}: decision flipped from {ida or 'nothing feasible'} to {idb or 'nothing feasible'}")
        elif pa and pb:
            sa, sb = pa["sizing"], pb["sizing"]
            for key in ("units", "replicas", "batch", "tensor_parallel"):
                if sa.get(key) != sb.get(key):
                    out["sizing"].append(f"{name}: {key} {sa.get(key)} → {sb.get(key)} on {idb}")
    old_p, new_p = _placements(old), _placements(new)
    old_i, new_i = old.get("prices", {}), new.get("prices", {})
    for offer_id in sorted((old_i.keys() & new_i.keys()) | (old_p.keys() & new_p.keys())):
        a = old_p[offer_id]["price"] if offer_id in old_p else {"usd_per_hour": old_i.get(offer_id)}
        b = new_p[offer_id]["price"] if offer_id in new_p else {"usd_per_hour": new_i.get(offer_id)}
        if a.get("usd_per_hour") != b.get("usd_per_hour"):
            out["prices"].append(f"{offer_id}: {_price(a)} → {_price(b)}")
    va, vb = _vetoes(old), _vetoes(new)
    out["vetoes"] += [f"{c}: {v} newly vetoed by {r}" for c, v, r in sorted(vb - va)]
    out["vetoes"] += [f"{c}: {v} no longer vetoed by {r}" for c, v, r in sorted(va - vb)]
    old_s = {s["provider"]: s for s in old["catalog"]}
    for s in new["catalog"]:
        before = old_s.get(s["provider"])
        if before and (before["source"], before["as_of"]) != (s["source"], s["as_of"]):
            out["catalog"].append(f"{s['provider']}: {before['source']} {before['as_of']} → {s['source']} {s['as_of']}")
    ta, tb = old["plan"].get("total_usd_per_month"), new["plan"].get("total_usd_per_month")
    if ta != tb:
        change = "" if ta is None or tb is None else f" ({tb - ta:+,.2f})"
        out["totals"].append(f"plan total ${ta}/month → ${tb}/month{change}")
    return out


def render_diff(sections: dict[str, list[str]], markdown: bool) -> str:
    lines = ["# What changed" if markdown else "What changed"]
    if not any(sections.values()):
        return "\n".join(lines + ["", "nothing: same decisions, prices, sizing and vetoes"]) + "\n"
    for title, items in sections.items():
        if not items:
            continue
        lines += ["", f"## {title.capitalize()}" if markdown else f"{title}:"]
        lines += [f"- {item}" if markdown else f"  {item}" for item in items]
    return "\n".join(lines) + "\n"
