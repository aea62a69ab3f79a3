"""A ranked row as the Placement record the JSON shows (hardware label, published price with its
provenance, scores, notes): how one option reads, apart from how the recommendation is laid out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from advisor.assembly.owned_vs_cloud import rounded
from advisor.evaluation.evaluated import Evaluated, Row, source_key
from advisor.model.candidates import Candidate
from advisor.model.offers import Hardware, Offer, TokenTerms, Venue
from advisor.model.recommendation import Placement

__all__ = ["Placements", "alternatives", "placement"]


def _cpu_label(hw: Hardware) -> str:
    """A CPU offer's hardware as a reader says it: sockets, or vCPUs of a model."""
    if hw.cpu_sockets:
        return f"{hw.cpu_sockets}× {hw.cpu}"
    return f"{hw.vcpus:g} vCPUs of {hw.cpu}" if hw.vcpus else f"1× {hw.cpu}"


def placement(row: Row, weights: dict[str, float]) -> Placement:
    """The record of one row as the JSON shows it, scored under ``weights``."""
    from advisor.scoring.scores import score

    offer, venue, sizing, cost = row.offer, row.venue, row.sizing, row.cost
    scored = score(row.candidate, weights)
    hw = offer.hardware
    hardware = f"{hw.accelerator_count:g}× {hw.accelerator}" if hw.accelerator else (
        _api_label(offer.tokens, offer.billing) if offer.tokens is not None else _cpu_label(hw))
    return Placement(
        offer_id=offer.id,
        venue_id=venue.id,
        provider=offer.provider,
        kind=venue.kind,
        region=venue.region,
        country=venue.country,
        metro=venue.metro,
        latitude=venue.latitude,
        longitude=venue.longitude,
        sku=offer.sku,
        billing=offer.billing,
        hardware=hardware,
        units=row.candidate.units,
        usd_per_month=rounded(cost.usd_per_month),
        usd_per_million_output_tokens=rounded(cost.usd_per_million_output_tokens, 4),
        usd_per_million_visible_tokens=rounded(cost.usd_per_million_visible_tokens, 4),
        price={
            "usd_per_hour": None if offer.usd_per_hour is None else str(offer.usd_per_hour),
            **_owned_price(offer),
            **_token_price(offer),
            "source": offer.provenance.source,
            "as_of": offer.provenance.as_of.date().isoformat(),
            "reference": offer.provenance.reference,
        },
        sizing=sizing,
        cost=cost,
        latency=row.latency,
        privacy_level=row.privacy[0],
        privacy_reasons=tuple(row.privacy[1]),
        carbon_kg_per_month=row.carbon_kg_per_month,
        regulation_penalty=row.verdict.penalty,
        findings=tuple(f for f in row.verdict.findings if f.status != "pass" or f.effect != "veto"),
        evidence_owed=tuple(f.requirement for f in row.verdict.findings if f.requirement and f.status != "pass"),
        score=round(scored.total, 4),
        contributions={k: round(v, 4) for k, v in sorted(scored.contributions.items())},
        criteria={k: round(v, 4) for k, v in sorted(scored.values.items())},  # criteria_values, as score read them
        reliability=offer.reliability,
        # an API's sizing notes say what differs from self-hosting the model: a substitute, quantisation, limits
        notes=tuple(row.notes) + (tuple(sizing.notes) if venue.kind == "api" else ()) + _reliability_notes(offer, venue),
    )


def _reliability_notes(offer: Offer, venue: Venue) -> tuple[str, ...]:
    """A marketplace host's uptime and restart overhead, or that nobody audits it."""
    if offer.reliability is None:
        if venue.kind == "depin":
            return ("host reliability unknown: marketplace hosts are not audited and may go away mid-run; "
                    "checkpoint, and keep a failover for critical work",)
        return ()
    overhead = offer.interruption_overhead
    extra = f"; restarts add {overhead:.1%} to the work billed" if overhead else ""
    return (f"host reliability {offer.reliability:.1%} (marketplace uptime){extra}; keep a failover for critical work",)


def _api_label(t: TokenTerms, billing: str) -> str:
    """'managed API serving llama-3-8b': the model served, not a machine (the sku names the API's model id)."""
    unit = f", provisioned {t.capacity_unit or 'unit'}" if billing == "provisioned" else ""
    return f"managed API serving {t.serves}{', ' + t.quantisation if t.quantisation else ''}{unit}"


def _token_price(offer: Offer) -> dict[str, Any]:
    """Per-token prices as published (strings, like every price in the record); None when unpublished."""
    t = offer.tokens
    if t is None or offer.billing != "per_token":
        return {}
    return {"usd_per_million_input": _text(t.usd_per_million_input), "usd_per_million_output": _text(t.usd_per_million_output),
            "usd_per_million_cached_input": _text(t.usd_per_million_cached_input), "batch_discount": t.batch_discount}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _owned_price(offer: Offer) -> dict[str, Any]:
    """What an owned box's price rests on: capital, whether it is already bought, its life."""
    if offer.owned is None:
        return {}
    capex = offer.owned.capex_usd
    return {"capex_usd": None if capex is None else str(capex), "already_owned": offer.owned.already_owned,
            "life_months": offer.owned.life_months}


class Placements:
    """The Placement records of one recommendation's rows, each made once per (source evaluation, row):
    a renamed evaluation's row reads as its source's (the same offer, sizing, cost, verdict and figures;
    the component name, the only difference, is not in the record)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self._made: dict[tuple[tuple[str, str], int], Placement] = {}

    def of(self, ev: Evaluated, j: int) -> Placement:
        key = (source_key(ev), j)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = placement(ev.row(j), self.weights)
        return found


def alternatives(ev: Evaluated, bests: list[int], chosen: Candidate | None, placements: Placements,
                 n: int) -> list[Placement]:
    """The best other options, one per provider (``bests``: each provider's best row, best first), so
    the list shows real choices."""
    out: list[Placement] = []
    for j in bests:
        if chosen is not None and ev.rows_table.offers.offer(j).provider == chosen.provider:
            continue
        out.append(placements.of(ev, j))
        if len(out) >= n:
            break
    return out
