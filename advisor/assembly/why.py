"""The ``why`` lines of a component: each sentence a reviewer reads about its choice, written from the
records assembly already built (the layout of the recommendation lives in build.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.assembly.close_calls import close_calls
from advisor.assembly.preemptible import preemptible_risk
from advisor.evaluation.evaluated import Evaluated, Row
from advisor.model.recommendation import Placement
from advisor.model.records import Sizing
from advisor.model.workload import InferenceComponent, TrainingComponent

__all__ = ["privacy_why", "why"]


def why(ev: Evaluated, chosen: Placement | None, scored: list[Row], weights: dict[str, float],
        shared: Sequence[str] = ()) -> list[str]:
    """The reasons a reviewer reads for the choice: price and score, sizing, what it shares, reasoning and
    spot risk, network and privacy, the rules that excluded venues, and the close calls; or why nothing was."""
    if chosen is None:
        if not ev.rows:
            return ["no offer is eligible: " + ", ".join(f"{n} {r}" for r, n in sorted(ev.excluded_counts.items()))]
        return ["eligible offers exist but no plan satisfies the plan constraints (see hints)"]
    top = sorted(chosen.contributions.items(), key=lambda kv: -kv[1])
    reasons = [
        f"{chosen.provider} {chosen.region}: {chosen.hardware} × {chosen.units} {chosen.billing} at "
        f"${chosen.usd_per_month:,.2f}/month; score {chosen.score:.3f} ("
        + ", ".join(f"{k} {v:.3f}" for k, v in top) + ")"
    ]
    s = chosen.sizing
    if chosen.kind == "api":
        reasons.append(_api_why(s))
    elif s.ttft_ms is not None:
        reasons.append(
            f"sized at batch {s.batch} of at most {s.max_batch}: TTFT {s.ttft_ms:.0f} ms, {s.tpot_ms:.1f} ms per token, "
            f"{s.output_tokens_per_second_per_replica:,.0f} output tok/s per replica, {s.replicas} replica(s) at "
            f"{s.utilisation:.0%} average utilisation" + _estimate_note(s.uncertainty)
        )
    reasons += shared
    reasons += _reasoning(ev.component, chosen)
    reasons += preemptible_risk(ev, chosen)
    if chosen.latency.network_rtt_ms is not None:
        farthest = " to the farthest site it may serve from" if chosen.latitude is None else ""  # an API's serving sites
        reasons.append(f"network p95 {chosen.latency.network_rtt_ms:.1f} ms from the users{farthest} (an estimate from "
                       "great-circle distance, route factor 1.4, fibre at 200 km/ms, plus access)")
    reasons.append(privacy_why(chosen.privacy_level, chosen.privacy_reasons))
    vetoes = ev.rule_counts
    if vetoes:
        venues = len(ev.venues_by_reason.get("veto", ()))
        reasons.append(f"rules excluded {venues} venue(s): " + ", ".join(f"{rid} ({n} offers)" for rid, n in vetoes.most_common(6)))
    if scored and scored[0].offer.id != chosen.offer_id:
        reasons.append(f"not the best-scoring single option ({scored[0].offer.id}): plan constraints chose this one")
    reasons += close_calls(chosen, scored, weights)
    return reasons


def _reasoning(component: InferenceComponent | TrainingComponent, chosen: Placement) -> list[str]:
    """A reasoning model's bill per visible token and its time to the final answer, beside the SLO."""
    multiplier = float(getattr(component, "reasoning_multiplier", 1.0) or 1.0)
    if multiplier <= 1 or chosen.usd_per_million_visible_tokens is None:
        return []
    line = (f"reasoning: {multiplier:g} generated tokens per visible token, so "
            f"${chosen.usd_per_million_visible_tokens:,.2f} per million visible answer tokens "
            f"(${chosen.usd_per_million_output_tokens or 0:,.2f} per million generated)")
    answer = chosen.latency.answer_ms
    if answer is not None:
        line += f"; the final answer arrives after {answer / 1000:,.1f} s, reasoning included"
        slo = getattr(getattr(component, "slo", None), "answer_ms_p95", None)
        ttft = getattr(getattr(component, "slo", None), "ttft_ms_p95", None)
        if slo is not None:
            line += f" (SLO {slo / 1000:,.1f} s)"
        elif ttft is not None:
            line += (f", while the TTFT SLO of {ttft / 1000:,.1f} s counts only the first hidden token: set "
                     "slo.answer_ms_p95 to hold the answer itself to a time")
    return [line]


def _api_why(s: Sizing) -> str:
    """A managed API is not sized in GPUs: say what was checked instead."""
    speed = "" if s.tpot_ms is None else f", {1000 / s.tpot_ms:,.0f} tokens/s per request"
    ttft = "" if s.ttft_ms is None else f"TTFT {s.ttft_ms:.0f} ms{speed} (see the latency note); "
    return f"managed API, not sized in GPUs: {ttft}model, context, output cap and quota checked against the peak"


def _estimate_note(u: dict[str, Any]) -> str:
    """How wide the capacity model's figures are and which end was planned on (issue 22, point 3)."""
    if not u:
        return ""
    low, high = u["output_tokens_per_second_range"]
    return (f" (capacity-model estimates, row {u['row']} ±{u['band']:.0%}: {low:,.0f}-{high:,.0f} tok/s per replica; "
            f"TTFT and per-token time are p95 at the {u['planned_at']})")


def privacy_why(level: int, reasons: Sequence[str]) -> str:
    """The privacy line names the rule that set the final level (a cap or a lift), not the first one applied."""
    setting = [r for r in reasons if f": level {level} (" in r]
    return f"privacy level {level}/6" + (f": {setting[-1]}" if setting else "")
