"""``explain`` and ``compare`` as data (their JSON) and as text, read from the canonical Recommendation JSON."""

from __future__ import annotations

from typing import Any

from advisor.render import text as t


def _components(data: dict[str, Any], component: str | None) -> list[dict[str, Any]]:
    comps = [c for c in data["components"] if component in (None, c["component"])]
    if not comps:
        from advisor.errors import InputError, did_you_mean

        names = [c["component"] for c in data["components"]]
        raise InputError(None, [f"--component: no component '{component}'{did_you_mean(component or '', names)}; "
                                f"components: {', '.join(names)}"])
    return comps


def _exclusion_reasons(comp: dict[str, Any]) -> list[dict[str, Any]]:
    """One exclusion per (provider, reason): the first venue's detail stands for the rest."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for e in comp.get("excluded", []):
        key = (e["provider"], e["reason"])
        if key not in seen:
            seen[key] = {"provider": e["provider"], "reason": e["reason"], "venue_id": e["venue_id"], "detail": e["detail"],
                         "rule_ids": list(e.get("rule_ids", [])), "count": 0}
        seen[key]["count"] += 1
    return list(seen.values())


def explanation(data: dict[str, Any], component: str | None = None) -> dict[str, Any]:
    """Per component: the choice, its criteria and contributions, why the others lost, exclusions, sensitivity."""
    out = []
    for c in _components(data, component):
        p = c.get("chosen")
        chosen = None
        if p is not None:
            chosen = {
                "offer_id": p["offer_id"], "provider": p["provider"], "region": p["region"], "sku": p["sku"],
                "hardware": p["hardware"], "units": p["units"], "billing": p["billing"], "usd_per_month": p["usd_per_month"],
                "usd_per_million_output_tokens": p.get("usd_per_million_output_tokens"), "price": p["price"],
                "score": p["score"], "criteria": p["criteria"], "contributions": p["contributions"],
                "findings": [{k: f[k] for k in ("rule_id", "title", "effect", "status")} for f in p.get("findings", [])],
                "evidence_owed": list(p.get("evidence_owed", [])),
            }
        alternatives = [
            {"offer_id": a["offer_id"], "provider": a["provider"], "region": a["region"], "sku": a["sku"], "units": a["units"],
             "hardware": a["hardware"], "usd_per_month": a["usd_per_month"], "score": a["score"],
             "score_behind": round(p["score"] - a["score"], 6) if p else None}
            for a in c.get("alternatives", [])
        ]
        out.append({
            "component": c["component"], "kind": c["kind"], "model": c["model"], "precision": c["precision"],
            "data_classes": list(c["data_classes"]), "chosen": chosen, "why": list(c.get("why", [])),
            "owned_vs_cloud": (c.get("owned_vs_cloud") or {}).get("summary"),
            "api_vs_self_host": (c.get("api_vs_self_host") or {}).get("summary"), "alternatives": alternatives,
            "sensitivity": list(c.get("sensitivity", {}).get("statements", [])),
            "excluded_counts": dict(c.get("excluded_counts") or {}), "exclusions": _exclusion_reasons(c),
        })
    return {"evaluated_on": data["evaluated_on"], "workloads": list(data["workloads"]), "components": out}


def explain_text(data: dict[str, Any], component: str | None = None) -> str:
    """The explanation as plain text, one block per component."""
    raw = {c["component"]: c for c in data["components"]}
    lines: list[str] = []
    for c in explanation(data, component)["components"]:
        full = raw[c["component"]]
        lines.append(f"{c['component']} ({c['kind']}, {c['model']} {c['precision']}, data {', '.join(c['data_classes'])})")
        p = full.get("chosen")
        if p is None:
            lines.append("  no placement: " + "; ".join(c["why"]))
        else:
            lines.append(f"  chosen: {t.where(p)} {t.hardware(p)} {p['billing']} {t.money(p['usd_per_month'])}/month")
            lines.append(f"  price: {t.price_line(p)}")
            lines += [f"  why: {w}" for w in c["why"]]
            lines.append("  criteria (value 0-1 on fixed scales → weighted contribution):")
            for k in sorted(p["criteria"]):
                lines.append(f"    {k:<11} {p['criteria'][k]:.3f} → {p['contributions'].get(k, 0):.3f}")
            lines += [f"  finding: {f['rule_id']} {f['title']} ({f['effect']}, {f['status']})" for f in c["chosen"]["findings"]]
            lines += [f"  evidence owed: {e}" for e in c["chosen"]["evidence_owed"]]
        if c["owned_vs_cloud"]:
            lines.append(f"  owned vs cloud: {c['owned_vs_cloud']}")
            like = (full.get("owned_vs_cloud") or {}).get("like_for_like")
            if like:
                lines.append(f"  like for like: {like.get('summary')}")
        if c["api_vs_self_host"]:
            lines.append(f"  API vs self-host: {c['api_vs_self_host']}")
        for a, alt in zip(c["alternatives"], full.get("alternatives", []), strict=True):
            gap = a["score_behind"] or 0.0
            lines.append(f"  why not {t.where(alt)} {t.hardware(alt)}: score {a['score']:.3f} ({-gap:+.3f} behind), "
                         f"{t.money(a['usd_per_month'])}/month")
        lines += [f"  sensitivity: {s}" for s in c["sensitivity"]]
        lines.append(f"  excluded: {t.excluded_summary(full)}")
        for e in c["exclusions"]:
            more = f" (and {e['count'] - 1} more)" if e["count"] > 1 else ""
            lines.append(f"    why not {e['provider']} ({e['reason']}): {e['venue_id']}: {e['detail']}{more}")
        lines.append("")
    return "\n".join(lines)


def _side(comp: dict[str, Any] | None) -> dict[str, Any] | None:
    p = (comp or {}).get("chosen")
    if not p:
        return None
    return {"offer_id": p["offer_id"], "provider": p["provider"], "region": p["region"], "sku": p["sku"], "units": p["units"],
            "hardware": p["hardware"], "usd_per_month": p["usd_per_month"], "score": p["score"]}


def comparison(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Each component's chosen placement in both plans (None where a plan has no placement for it)."""
    by_a = {c["component"]: c for c in a["components"]}
    by_b = {c["component"]: c for c in b["components"]}
    names = list(by_a) + [n for n in by_b if n not in by_a]
    rows = [{"component": n, "first": _side(by_a.get(n)), "second": _side(by_b.get(n))} for n in names]
    return {"components": rows, "total_usd_per_month": {"first": a["plan"]["total_usd_per_month"],
                                                          "second": b["plan"]["total_usd_per_month"]}}
