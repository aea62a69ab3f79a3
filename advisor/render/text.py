"""Formatting shared by the table and Markdown renderers, so both say the same thing."""

from __future__ import annotations

from typing import Any

from advisor.clock import AFTER_EVALUATION


def money(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "unpriced"
    return f"${value:,.{digits}f}"


def in_currency(data: dict[str, Any]) -> str:
    """' (EUR 1,234.56/month at 0.92 EUR per USD, as of 2026-11-28, source)' when a currency was asked for."""
    cur = data.get("currency")
    if not cur or cur.get("total_per_month") is None:
        return ""
    return (f" ({cur['code']} {cur['total_per_month']:,.2f}/month at {cur['per_usd']} {cur['code']} per USD, "
            f"as of {cur['as_of']}, {cur['source']})")


def per_million(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}/M"


def standby_usd(fo: dict[str, Any]) -> float | None:
    """A failover's bill while it waits (older recommendations: its full monthly cost)."""
    held = fo.get("standby_usd_per_month")
    return held if held is not None else fo.get("usd_per_month")


def visible_per_million(p: dict[str, Any]) -> float | None:
    """The $/M a reader pays per visible answer token (older recommendations: per generated token)."""
    visible = p.get("usd_per_million_visible_tokens")
    return visible if visible is not None else p.get("usd_per_million_output_tokens")


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def kg(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.0f} kg"


def where(p: dict[str, Any]) -> str:
    return f"{p['provider']} {p['region']}"


def hardware(p: dict[str, Any]) -> str:
    return f"{p['units']} × {p['sku']} ({p['hardware']})"


def price_line(p: dict[str, Any]) -> str:
    price = p["price"]
    if price.get("usd_per_million_output") is not None:
        unit = f"${price['usd_per_million_input']}/M input + ${price['usd_per_million_output']}/M output tokens"
    elif price.get("usd_per_hour") is not None:
        unit = f"${float(price['usd_per_hour']):,.4g}/h"
    elif price.get("already_owned"):
        unit = "already owned (running costs only)"
    elif price.get("capex_usd") is not None:
        unit = f"capex ${float(price['capex_usd']):,.0f} per unit over {price.get('life_months')} months"
    else:
        unit = "unpriced"
    billing = "" if price.get("capex_usd") is not None or price.get("already_owned") else f" {p['billing']}"
    return f"{unit}{billing}, {price.get('source')} {price.get('as_of')} ({price.get('reference')})"


STALE_NOTE = "stale: past its TTL, refresh advised"


def catalog_lines(sources: list[dict[str, Any]]) -> list[str]:
    """One line per provider read, then one per reason for the providers skipped (not read at all,
    ``advisor.catalog.usable``), naming them: a run restricted to two providers stays short."""
    skipped: dict[str, list[str]] = {}
    for src in sources:
        if src.get("skipped"):
            skipped.setdefault(src["skipped"], []).append(src["provider"])
    return ([catalog_line(src) for src in sources if not src.get("skipped")]
            + [f"not read ({why}): {', '.join(names)}" for why, names in skipped.items()])


def catalog_line(src: dict[str, Any]) -> str:
    oldest, newest = src.get("oldest_price"), src.get("newest_price")
    dated = f"prices dated {oldest}" if oldest == newest or not newest else f"prices dated {oldest} to {newest}"
    age = "" if src.get("age_days") is None else f" (oldest {src['age_days']:.0f} days old)"
    if src.get("dated_after_evaluation"):
        age = f" (all {AFTER_EVALUATION})" if not age else f"{age[:-1]}; some {AFTER_EVALUATION})"
    unpriced = f", {src['unpriced']} unpriced" if src.get("unpriced") else ""
    problems = f"; PROBLEM: {'; '.join(src['problems'])}" if src.get("problems") else ""
    problems += f"; WARNING: {'; '.join(src['warnings'])}" if src.get("warnings") else ""
    if src.get("stale"):
        src = {**src, "source": f"{src['source']} ({STALE_NOTE})"}
    if not src["offers"]:
        return f"{src['provider']}: {src['source']}, no offers for this workload{problems}"
    offers = f"{src['offers']:,} offer{'' if src['offers'] == 1 else 's'}"
    if src.get("unpriced") == src["offers"]:
        return f"{src['provider']}: {src['source']}, {offers}, all unpriced{problems}"
    return f"{src['provider']}: {src['source']}, {dated}{age}, {offers}{unpriced}{problems}"


def excluded_summary(comp: dict[str, Any]) -> str:
    counts = comp.get("excluded_counts") or {}
    if not counts:
        return "none excluded"
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))


def top_vetoes(comp: dict[str, Any], limit: int = 5) -> list[str]:
    """One line per (rule, provider): 'why not akash: REG-HIPAA-001 ...'."""
    seen: dict[tuple[str, str], str] = {}
    for ex in comp.get("excluded", []):
        if ex["reason"] != "veto":
            continue
        key = (ex["provider"], ",".join(ex["rule_ids"]))
        seen.setdefault(key, f"why not {ex['provider']} ({ex['venue_id']}): {ex['detail']}")
    return list(seen.values())[:limit]
