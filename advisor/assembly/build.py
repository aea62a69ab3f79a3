"""From evaluated candidates and the solved plan to the canonical Recommendation.

Builds the explanation a review needs: per component the choice and why, the next-best
alternatives, owned versus cloud economics, sensitivity, and every exclusion with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.assembly.api_vs_self_host import api_vs_self_host
from advisor.assembly.close_calls import close_calls
from advisor.assembly.owned_vs_cloud import owned_vs_cloud, rounded
from advisor.assembly.preemptible import preemptible_risk
from advisor.assembly.shared_box import shared_box_lines, shared_box_placement
from advisor.costing.standby import standby_words
from advisor.evaluation.evaluated import Evaluated, Row
from advisor.redact import redact, redact_optional
from advisor.reference.models import closed_weights
from advisor.model.offers import Hardware
from advisor.scoring.sensitivity import MONTE_CARLO_CANDIDATES, sensitivity_summary
from advisor.model.workload import LoadedWorkload
from advisor.placement.portfolio import Placed
from advisor.model.recommendation import (
    CatalogSource,
    ComponentResult,
    Exclusion,
    FrontierPoint,
    InputFile,
    Placement,
    PlanSummary,
    Recommendation,
)

if TYPE_CHECKING:
    from advisor.catalog.gathering import Gathered
    from advisor.plugin.manager import Plugins
    from advisor.rules.model import RuleSet

REASON_ORDER = ("veto", "unknown", "does-not-fit", "slo", "unpriced", "constraint")
EXCLUSIONS_PER_REASON = {"veto": 80, "unknown": 40, "does-not-fit": 40, "slo": 40, "unpriced": 40, "constraint": 10}
FRONTIER_LISTED = 60
PRICES_PER_COMPONENT = 50
def assemble(loaded: Sequence[LoadedWorkload], evaluated: Sequence[Evaluated], placed: Placed, weights: dict[str, float],
             gathered: Gathered, ruleset: RuleSet, plugins: Plugins, today: date, n_alternatives: int,
             relaxations: Sequence[str] = (), warnings: Sequence[str] = ()) -> Recommendation:
    """The Recommendation of a run from what the stages decided: reads, decides nothing."""
    plan, single, explain = placed.plan, placed.single, placed.explain
    assignments = {a.component: a for a in plan.assignments} if plan.feasible else {}

    components = []
    fronts: dict[str, list[Any]] = {}
    on_boxes = {k: a.chosen for k, a in assignments.items()}
    ranked = _all_ranked(evaluated, weights)
    for ev, (scored, bests) in zip(evaluated, ranked, strict=True):
        assignment = assignments.get(ev.key)
        chosen_c = assignment.chosen if assignment else None
        failover_c = assignment.failover if assignment else None
        chosen = _placement(ev.row(ev.position(chosen_c.offer_id)), weights) if chosen_c else None
        if chosen is not None and chosen_c is not None:
            chosen = shared_box_placement(chosen, chosen_c, weights)
        failover = _placement(ev.row(ev.position(failover_c.offer_id)), weights) if failover_c else None
        if failover is not None and failover_c is not None:
            failover = failover.model_copy(update={
                "standby_usd_per_month": rounded(failover_c.standby_usd),
                "standby_basis": standby_words(ev.component, failover.billing)})
        alternatives = _alternatives(bests, chosen_c, weights, n_alternatives)
        components.append(
            ComponentResult(
                workload=ev.loaded.workload.workload.name,
                component=ev.key,
                kind=ev.component.kind,
                model=ev.component.model_id,
                precision="closed weights" if closed_weights(ev.model) else ev.component.precision,
                demand=_demand(ev.component),
                data_classes=tuple(ev.loaded.workload.data_classes_of(ev.component)),
                chosen=chosen,
                failover=failover,
                why=tuple(_why(ev, chosen, scored, weights, shared_box_lines(ev.key, chosen_c, on_boxes))),
                alternatives=tuple(alternatives),
                frontier=tuple(_frontier(ev, chosen_c, fronts)),
                owned_vs_cloud=owned_vs_cloud(ev, loaded),
                api_vs_self_host=api_vs_self_host(ev, chosen_c.offer_id if chosen_c else None),
                sensitivity=sensitivity_summary([r.candidate for r in scored[:MONTE_CARLO_CANDIDATES + 1]], chosen_c,
                                                weights, with_monte_carlo=explain),
                excluded_counts=dict(sorted(ev.excluded_counts.items())),
                excluded=tuple(_listed_exclusions(ev.exclusions)),
                candidates_considered=ev.considered,
            )
        )
    summary = PlanSummary(
        feasible=plan.feasible,
        total_usd_per_month=rounded(plan.total_usd_per_month) if plan.feasible else None,
        egress_usd_per_month=rounded(plan.egress_usd_per_month) if plan.feasible and plan.egress_usd_per_month else None,
        providers=tuple(sorted(plan.providers)),
        kinds=tuple(sorted({a.chosen.kind for a in plan.assignments})),
        score=round(plan.total_score, 4) if plan.feasible and plan.total_score is not None else None,
        binding_constraints=tuple(b.message for b in plan.binding),
        hints=tuple(h.message for h in plan.hints) + (() if plan.feasible else (*_nothing_eligible(evaluated), *relaxations)),
        single_provider=_single_summary(single, plan),
    )
    return Recommendation(
        prices=_price_index([scored for scored, _ in ranked], components),
        advisor_version=__version__,
        evaluated_on=today,
        workloads=tuple(lw.workload.workload.name for lw in loaded),
        inputs=tuple(InputFile(name=lw.path.name, sha256=lw.digest) for lw in loaded),
        weights={k: round(v, 4) for k, v in weights.items()},
        catalog=tuple(_catalog_sources(gathered, today)),
        plan=summary,
        components=tuple(components),
        rule_overrides=tuple(_override(o) for o in ruleset.overrides_summary()),
        assumptions=tuple(_assumptions()),
        warnings=tuple(dict.fromkeys(redact(w) for w in [*warnings, *placed.warnings, *gathered.problems, *map(str, plugins.problems)])),
    )


def _price_index(ranked: list[list[Row]], components: list[ComponentResult]) -> dict[str, str]:
    """Unit prices of the offers a reader sees plus the best eligible ones, so ``advisor diff`` can compare."""
    index: dict[str, str] = {}
    for rows in ranked:
        for row in rows[:PRICES_PER_COMPONENT]:
            index[row.offer.id] = "unpriced" if row.offer.usd_per_hour is None else str(row.offer.usd_per_hour)
    for comp in components:
        for p in [comp.chosen, comp.failover, *comp.alternatives]:
            if p is not None:
                index[p.offer_id] = p.price.get("usd_per_hour") or "unpriced"
    return dict(sorted(index.items()))


def _listed_exclusions(exclusions: Sequence[Exclusion]) -> list[Exclusion]:
    """Exclusions to list: rule vetoes and unknowns first, then fit, SLO, price; the user's own filters last.

    Every reason keeps a share of the list, so thousands of filtered offers never hide a veto. Each of
    the user's constraints that excluded anything is listed once at least (its detail names the provider,
    venue kind or billing it refused), so ``advisor diff`` can say which constraint removed an option.
    """
    out = []
    for reason in REASON_ORDER:
        group = sorted((e for e in exclusions if e.reason == reason), key=lambda e: e.offer_id)
        picked: dict[str, Exclusion] = {}  # by offer id: unique within a reason (pydantic's == is slow)
        cap = EXCLUSIONS_PER_REASON[reason]
        if reason == "constraint":
            by_detail: dict[str, Exclusion] = {}
            for e in group:
                by_detail.setdefault(e.detail, e)
            picked = {e.offer_id: e for e in by_detail.values()}
            cap = max(cap, len(picked))
        seen = {e.venue_id for e in picked.values()}
        for e in group:
            if e.venue_id not in seen:
                seen.add(e.venue_id)
                picked[e.offer_id] = e
        rest = [e for e in group if e.offer_id not in picked]
        out += (list(picked.values()) + rest)[:cap]
    return out


def _cpu_label(hw: Hardware) -> str:
    if hw.cpu_sockets:
        return f"{hw.cpu_sockets}× {hw.cpu}"
    return f"{hw.vcpus:g} vCPUs of {hw.cpu}" if hw.vcpus else f"1× {hw.cpu}"


def _placement(row: Row, weights: dict[str, float]) -> Placement:
    from advisor.scoring.scores import score

    offer, venue, sizing, cost = row.offer, row.venue, row.sizing, row.cost
    scored = score(row.candidate, weights)
    hw = offer.hardware
    hardware = f"{hw.accelerator_count:g}× {hw.accelerator}" if hw.accelerator else (
        _api_label(offer) if offer.tokens is not None else _cpu_label(hw))
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


def _reliability_notes(offer: Any, venue: Any) -> tuple[str, ...]:
    if offer.reliability is None:
        if venue.kind == "depin":
            return ("host reliability unknown: marketplace hosts are not audited and may go away mid-run; "
                    "checkpoint, and keep a failover for critical work",)
        return ()
    overhead = offer.interruption_overhead
    extra = f"; restarts add {overhead:.1%} to the work billed" if overhead else ""
    return (f"host reliability {offer.reliability:.1%} (marketplace uptime){extra}; keep a failover for critical work",)


def _api_label(offer: Any) -> str:
    """'managed API serving llama-3-8b': the model served, not a machine (the sku names the API's model id)."""
    t = offer.tokens
    unit = f", provisioned {t.capacity_unit or 'unit'}" if offer.billing == "provisioned" else ""
    return f"managed API serving {t.serves}{', ' + t.quantisation if t.quantisation else ''}{unit}"


def _token_price(offer: Any) -> dict[str, Any]:
    """Per-token prices as published (strings, like every price in the record); None when unpublished."""
    t = offer.tokens
    if t is None or offer.billing != "per_token":
        return {}
    return {"usd_per_million_input": _text(t.usd_per_million_input), "usd_per_million_output": _text(t.usd_per_million_output),
            "usd_per_million_cached_input": _text(t.usd_per_million_cached_input), "batch_discount": t.batch_discount}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _owned_price(offer: Any) -> dict[str, Any]:
    if offer.owned is None:
        return {}
    capex = offer.owned.capex_usd
    return {"capex_usd": None if capex is None else str(capex), "already_owned": offer.owned.already_owned,
            "life_months": offer.owned.life_months}


def _alternatives(bests: list[Row], chosen: Any, weights: dict[str, float], n: int) -> list[Placement]:
    """The best other options, one per provider (``bests``: each provider's best row, best first), so
    the list shows real choices."""
    out = []
    for row in bests:
        if chosen is not None and row.offer.provider == chosen.provider:
            continue
        out.append(_placement(row, weights))
        if len(out) >= n:
            break
    return out


def _all_ranked(evaluated: Sequence[Evaluated], weights: dict[str, float]) -> list[tuple[list[Row], list[Row]]]:
    """Per component: its best rows (as many as any section reads) and each provider's best row, both
    in rank order; a renamed evaluation takes its source's order (same figures, same ids)."""
    from advisor.scoring.ranking import rank_rows

    orders: dict[str, Any] = {}
    out: list[tuple[list[Row], list[Row]]] = []
    for ev in evaluated:
        src = ev.source or ev
        if src.key not in orders:
            t = src.table
            orders[src.key] = None if t is None else rank_rows(
                t.raw, weights, t.offers.ids, t.offers.provider, max(PRICES_PER_COMPONENT, MONTE_CARLO_CANDIDATES + 1))
        ranking = orders[src.key]
        if ranking is None:
            out.append(([], []))
        else:
            out.append(([ev.row(j) for j in ranking.top], [ev.row(j) for j in ranking.per_provider]))
    return out


def _frontier(ev: Evaluated, chosen: Any, fronts: dict[str, list[Any]]) -> list[FrontierPoint]:
    """Pareto-efficient rows by cost, each with its criterion values (so the frontier can be re-ranked
    under other weights); a renamed evaluation shares its source's (same figures)."""
    from advisor.scoring.ranking import frontier_rows
    from advisor.scoring.scores import CRITERIA, value_matrix

    src = ev.source or ev
    if src.key not in fronts:
        t = src.table
        rows = [] if t is None else frontier_rows(t.raw, t.usd, t.offers.rank, t.pair)[:FRONTIER_LISTED].tolist()
        candidates = [src.candidate(j) for j in rows]
        values = value_matrix(candidates)
        order = sorted(range(len(CRITERIA)), key=lambda i: CRITERIA[i])  # keys sorted, as in a placement's criteria
        fronts[src.key] = [(c, {CRITERIA[i]: round(float(v[i]), 4) for i in order})
                           for c, v in zip(candidates, values, strict=True)]
    return [
        FrontierPoint(
            offer_id=c.offer_id, provider=c.provider, kind=c.kind, usd_per_month=round(c.usd_per_month, 2),
            latency_ms=c.latency_ms, privacy_level=c.privacy_level, carbon_kg_per_month=c.carbon_kg_per_month,
            chosen=chosen is not None and c.offer_id == chosen.offer_id, billing=c.billing, units=c.units,
            criteria=criteria,
        )
        for c, criteria in fronts[src.key]
    ]


def _demand(component: Any) -> dict[str, Any]:
    keys = ("output_tokens_per_month", "input_tokens_per_request", "output_tokens_per_request", "peak_to_average",
            "reasoning_multiplier", "duty", "training_tokens", "runs_per_month", "deadline_hours", "method")
    out = {k: getattr(component, k) for k in keys if getattr(component, k, None) is not None}
    slo = getattr(component, "slo", None)
    if slo is not None:
        out["slo"] = slo.model_dump(exclude_none=True)
    users = getattr(component, "users", None)
    if users:
        from advisor.reference.geo import find_metro

        out["users"] = []
        for u in users:
            metro = find_metro(u.metro)
            out["users"].append({**u.model_dump(), "latitude": metro.latitude, "longitude": metro.longitude} if metro else u.model_dump())
    return out


def _why(ev: Evaluated, chosen: Placement | None, scored: list[Row], weights: dict[str, float],
         shared: Sequence[str] = ()) -> list[str]:
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


def _reasoning(component: Any, chosen: Placement) -> list[str]:
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


def _api_why(s: Any) -> str:
    """A managed API is not sized in GPUs: say what was checked instead."""
    speed = "" if s.tpot_ms is None else f", {1000 / s.tpot_ms:,.0f} tokens/s per request"
    ttft = "" if s.ttft_ms is None else f"TTFT {s.ttft_ms:.0f} ms{speed} (see the latency note); "
    return f"managed API, not sized in GPUs: {ttft}model, context, output cap and quota checked against the peak"


def _single_summary(single: Any, plan: Any) -> dict[str, Any] | None:
    if single is None or not getattr(single, "feasible", False):
        return None
    provider = list(single.providers)
    extra = single.total_usd_per_month - plan.total_usd_per_month
    return {
        "provider": ", ".join(provider),
        "total_usd_per_month": rounded(single.total_usd_per_month),
        "score": round(single.total_score or 0.0, 4),
        "summary": f"all on {', '.join(provider)} at ${single.total_usd_per_month:,.2f}/month "
        f"({'+' if extra >= 0 else '-'}${abs(extra):,.2f} against the recommended plan), score {single.total_score or 0:.3f}",
    }


def _nothing_eligible(evaluated: Sequence[Evaluated]) -> list[str]:
    """For components with no eligible offer at all: the most common exclusion reasons, as hints."""
    out = []
    for ev in evaluated:
        if ev.rows:
            continue
        counts = ev.excluded_counts
        reasons = ", ".join(f"{n} {r}" for r, n in counts.most_common())
        out.append(f"{ev.key}: no eligible offer among {ev.considered} ({reasons or 'no offers at all'}); "
                   "see the component's exclusions for the rule or limit behind each")
    return out


def _catalog_sources(gathered: Any, today: date) -> list[CatalogSource]:
    """Per provider: where its catalog came from, and the dates of the prices actually in it."""
    out = []
    for s in gathered.sources:
        priced = gathered.price_dates.get(s.provider, ())
        oldest = min(priced) if priced else None  # a catalog without prices has no price date
        out.append(
            CatalogSource(
                provider=s.provider, plugin=s.plugin, origin=s.origin, kind=s.kind, source=s.source,
                as_of=s.as_of.date().isoformat() if s.as_of else None,
                age_days=None if oldest is None or oldest > today else float((today - oldest).days),
                oldest_price=oldest.isoformat() if oldest else None,
                newest_price=max(priced).isoformat() if priced else None,
                dated_after_evaluation=bool(priced) and max(priced) > today,
                reference=redact_optional(s.reference), offers=s.offers, unpriced=s.unpriced, venues=s.venues, stale=s.stale,
                problems=tuple(redact(p) for p in s.problems), warnings=s.warnings, skipped=s.skipped,
            )
        )
    return out


def _override(o: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in o.items() if v is not None}


def _assumptions() -> list[dict[str, str]]:
    from advisor.criteria.carbon import DEFAULT_PUE, DEFAULT_PUE_SOURCE
    from advisor.reference.geo import RTT_SOURCE

    return [
        {"name": "hours per month (cost)", "value": "730", "source": "8,760 h / 12 (tco reference)"},
        {"name": "seconds per month (token demand)", "value": "2,592,000", "source": "30 days (capacity-model reference)"},
        {"name": "network round trip", "value": "modelled", "source": RTT_SOURCE},
        {"name": "PUE where a venue gives none", "value": str(DEFAULT_PUE), "source": DEFAULT_PUE_SOURCE},
    ]


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
