"""CSV for spreadsheets: one row per option shown (chosen, failover, alternatives) of every component.

An unknown value is an empty cell, never 0; money is plain numbers in US dollars (no symbols) so a
spreadsheet can sum it; each price carries its source and date.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = (
    "workload", "component", "role", "provider", "kind", "region", "venue_id", "sku", "hardware", "units", "billing",
    "usd_per_hour", "usd_per_month", "usd_per_million_output_tokens", "latency_p95_ms", "privacy_level",
    "carbon_kg_per_month", "score", "price_source", "price_as_of", "usd_per_month_when_serving",
)


def _row(comp: dict[str, Any], role: str, p: dict[str, Any]) -> dict[str, Any]:
    price = p.get("price", {})
    return {
        "workload": comp["workload"], "component": comp["component"], "role": role, "provider": p["provider"],
        "kind": p["kind"], "region": p["region"], "venue_id": p["venue_id"], "sku": p["sku"], "hardware": p["hardware"],
        "units": p["units"], "billing": p["billing"], "usd_per_hour": price.get("usd_per_hour"),
        "usd_per_month": p["usd_per_month"], "usd_per_million_output_tokens": p.get("usd_per_million_output_tokens"),
        "latency_p95_ms": p["latency"].get("total_ms") or p["latency"].get("network_rtt_ms"),
        "privacy_level": p["privacy_level"], "carbon_kg_per_month": p.get("carbon_kg_per_month"), "score": p["score"],
        "price_source": price.get("source"), "price_as_of": price.get("as_of"),
    }


def _failover_row(comp: dict[str, Any]) -> dict[str, Any]:
    """The failover as billed while it waits (its standby cost), with its cost when serving beside it."""
    f = comp["failover"]
    row = _row(comp, "failover", f)
    if f.get("standby_usd_per_month") is not None:
        row["usd_per_month"] = f["standby_usd_per_month"]
    row["usd_per_month_when_serving"] = f["usd_per_month"]
    return row


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The chosen option, the failover and the alternatives of each component, in that order, then the
    plan's egress: the chosen, failover and egress rows add up to the plan total."""
    out: list[dict[str, Any]] = []
    for comp in data["components"]:
        if comp.get("chosen"):
            out.append(_row(comp, "chosen", comp["chosen"]))
        if comp.get("failover"):
            out.append(_failover_row(comp))
        out += [_row(comp, f"alternative {i}", a) for i, a in enumerate(comp.get("alternatives", []), start=1)]
    if data["plan"].get("egress_usd_per_month"):
        out.append({"role": "egress", "usd_per_month": data["plan"]["egress_usd_per_month"]})
    return out


def write_csv(records: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """RFC 4180 text with a header; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
    return buffer.getvalue()


def render_csv(data: dict[str, Any]) -> str:
    return write_csv(rows(data), COLUMNS)
