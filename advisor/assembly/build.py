"""From evaluated candidates and the solved plan to the canonical Recommendation.

Builds the explanation a review needs: per component the choice and why, the next-best
alternatives, owned versus cloud economics, sensitivity, and every exclusion with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from advisor import __version__
from advisor.assembly.api_vs_self_host import api_vs_self_host
from advisor.assembly.owned_vs_cloud import owned_vs_cloud, rounded
from advisor.assembly.placements import Placements, alternatives
from advisor.assembly.ranked import Candidates, ranked
from advisor.assembly.shared_box import shared_box_lines, shared_box_placement
from advisor.assembly.why import why
from advisor.costing.standby import standby_words
from advisor.evaluation.evaluated import Evaluated, source_key
from advisor.model.candidates import Candidate
from advisor.redact import redact, redact_optional
from advisor.trusted import trusted
from advisor.reference.models import closed_weights
from advisor.scoring.sensitivity import MONTE_CARLO_CANDIDATES, sensitivity_summary
from advisor.model.workload import InferenceComponent, LoadedWorkload, TrainingComponent
from advisor.placement.portfolio import Placed
from advisor.model.recommendation import (
    CatalogSource,
    ComponentResult,
    Exclusion,
    FrontierPoint,
    InputFile,
    PlanSummary,
    Recommendation,
)

if TYPE_CHECKING:
    from advisor.catalog.gathering import Gathered
    from advisor.model.offers import Offer
    from advisor.placement.plan import Plan
    from advisor.rules.model import RuleSet


class ProblemSource(Protocol):
    """What assembly reads of the run's plugin manager: its plugins' problems (an inventory worker passes
    the ones the driver's manager recorded)."""

    @property
    def problems(self) -> Sequence[object]: ...


REASON_ORDER = ("veto", "unknown", "does-not-fit", "slo", "unpriced", "constraint")
EXCLUSIONS_PER_REASON = {"veto": 80, "unknown": 40, "does-not-fit": 40, "slo": 40, "unpriced": 40, "constraint": 10}
FRONTIER_LISTED = 60
PRICES_PER_COMPONENT = 50
RANKED_PER_COMPONENT = max(PRICES_PER_COMPONENT, MONTE_CARLO_CANDIDATES + 1)
"""Best rows ranked per component: the price index reads 50, the Monte Carlo the best 20 and the runner-up."""
def assemble(loaded: Sequence[LoadedWorkload], evaluated: list[Evaluated], placed: Placed, weights: dict[str, float],
             gathered: Gathered, ruleset: RuleSet, plugins: ProblemSource, today: date, n_alternatives: int,
             relaxations: Sequence[str] = (), warnings: Sequence[str] = ()) -> Recommendation:
    """The Recommendation of a run from what the stages decided: reads, decides nothing.

    Takes the evaluations out of ``evaluated`` (left empty) one component at a time, so each is freed
    once its section is written: a portfolio never holds every evaluation and the whole output at once."""
    plan, single, explain = placed.plan, placed.single, placed.explain
    assignments = {a.component: a for a in plan.assignments} if plan.feasible else {}

    components = []
    fronts: dict[tuple[str, str], list[_FrontPoint]] = {}
    listed: dict[tuple[tuple[str, str], str | None], list[FrontierPoint]] = {}
    on_boxes = {k: a.chosen for k, a in assignments.items()}
    orders: dict[tuple[str, str], Any] = {}
    placements = Placements(weights)
    listed_by_source: dict[tuple[str, str], list[Exclusion]] = {}  # a renamed evaluation copied its source's
    priced: list[Offer] = []  # the best rows' offers, for the price index
    nothing: list[str] = []
    evaluated.reverse()
    while evaluated:
        ev = evaluated.pop()
        scored, bests = ranked(ev, weights, RANKED_PER_COMPONENT, orders)
        priced += [r.offer for r in scored[:PRICES_PER_COMPONENT]]
        nothing += _nothing_eligible(ev)
        assignment = assignments.get(ev.key)
        chosen_c = assignment.chosen if assignment else None
        failover_c = assignment.failover if assignment else None
        chosen = placements.of(ev, ev.position(chosen_c.offer_id)) if chosen_c else None
        if chosen is not None and chosen_c is not None:
            chosen = shared_box_placement(chosen, chosen_c, weights)
        failover = placements.of(ev, ev.position(failover_c.offer_id)) if failover_c else None
        if failover is not None and failover_c is not None:
            failover = failover.model_copy(update={
                "standby_usd_per_month": rounded(failover_c.standby_usd),
                "standby_basis": standby_words(ev.component, failover.billing)})
        others = alternatives(ev, bests, chosen_c, placements, n_alternatives)
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
                why=tuple(why(ev, chosen, scored, weights, shared_box_lines(ev.key, chosen_c, on_boxes))),
                alternatives=tuple(others),
                frontier=tuple(_frontier(ev, chosen_c, fronts, listed)),
                owned_vs_cloud=owned_vs_cloud(ev, loaded),
                api_vs_self_host=api_vs_self_host(ev, chosen_c.offer_id if chosen_c else None),
                sensitivity=sensitivity_summary(Candidates(scored[:MONTE_CARLO_CANDIDATES + 1]), chosen_c,
                                                weights, with_monte_carlo=explain),
                excluded_counts=dict(sorted(ev.excluded_counts.items())),
                excluded=tuple(_listed_of(ev, listed_by_source)),
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
        hints=tuple(h.message for h in plan.hints) + (() if plan.feasible else (*nothing, *relaxations)),
        single_provider=_single_summary(single, plan),
    )
    return Recommendation(
        prices=_price_index(priced, components),
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


def _price_index(best: list[Offer], components: list[ComponentResult]) -> dict[str, str]:
    """Unit prices of the offers a reader sees plus the best eligible ones, so ``advisor diff`` can compare."""
    index: dict[str, str] = {}
    for offer in best:
        index[offer.id] = "unpriced" if offer.usd_per_hour is None else str(offer.usd_per_hour)
    for comp in components:
        for p in [comp.chosen, comp.failover, *comp.alternatives]:
            if p is not None:
                index[p.offer_id] = p.price.get("usd_per_hour") or "unpriced"
    return dict(sorted(index.items()))


def _listed_of(ev: Evaluated, listed: dict[tuple[str, str], list[Exclusion]]) -> list[Exclusion]:
    """``listed_exclusions`` of the evaluation, once per source (a renamed one holds its source's)."""
    key = source_key(ev)
    if key not in listed:
        listed[key] = listed_exclusions(ev.exclusions)
    return listed[key]


def listed_exclusions(exclusions: Sequence[Exclusion]) -> list[Exclusion]:
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


_FrontPoint = tuple[Candidate, dict[str, float]]
"""A frontier candidate and its criterion values, kept per evaluation so renamed ones share them."""


def _frontier(ev: Evaluated, chosen: Candidate | None, fronts: dict[tuple[str, str], list[_FrontPoint]],
              listed: dict[tuple[tuple[str, str], str | None], list[FrontierPoint]]) -> list[FrontierPoint]:
    """Pareto-efficient rows by cost, each with its criterion values (so the frontier can be re-ranked
    under other weights); a renamed evaluation shares its source's (same figures), and its points too
    when it chose the same offer (``listed``; records are values: 2,000 components list up to 60 each)."""
    from advisor.scoring.ranking import frontier_rows
    from advisor.scoring.scores import CRITERIA, value_matrix

    src, src_key = ev.source or ev, source_key(ev)
    if src_key not in fronts:
        t = src.table
        rows = [] if t is None else frontier_rows(t.raw, t.usd, t.offers.rank, t.pair)[:FRONTIER_LISTED].tolist()
        candidates = [src.candidate(j) for j in rows]
        values = value_matrix(candidates)
        order = sorted(range(len(CRITERIA)), key=lambda i: CRITERIA[i])  # keys sorted, as in a placement's criteria
        fronts[src_key] = [(c, {CRITERIA[i]: round(float(v[i]), 4) for i in order})
                           for c, v in zip(candidates, values, strict=True)]
    key = (src_key, None if chosen is None else chosen.offer_id)
    if key not in listed:
        # the types validation would give, from a candidate's checked figures (60 points a component)
        listed[key] = [
            trusted(FrontierPoint, {
                "offer_id": c.offer_id, "provider": c.provider, "kind": c.kind,
                "usd_per_month": float(round(c.usd_per_month, 2)),
                "latency_ms": None if c.latency_ms is None else float(c.latency_ms),
                "privacy_level": int(c.privacy_level),
                "carbon_kg_per_month": None if c.carbon_kg_per_month is None else float(c.carbon_kg_per_month),
                "chosen": chosen is not None and c.offer_id == chosen.offer_id, "billing": c.billing,
                "units": int(c.units), "criteria": criteria,
            })
            for c, criteria in fronts[src_key]
        ]
    return listed[key]


def _demand(component: InferenceComponent | TrainingComponent) -> dict[str, Any]:
    """The demand the component states, as the JSON shows it, with each user metro's coordinates."""
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


def _single_summary(single: Plan | None, plan: Plan) -> dict[str, Any] | None:
    """The best plan on one provider against the recommended one (the comparison a review asks for)."""
    if single is None or not single.feasible:
        return None
    assert single.total_usd_per_month is not None and plan.total_usd_per_month is not None, "feasible plans are priced"
    provider = list(single.providers)
    extra = single.total_usd_per_month - plan.total_usd_per_month
    return {
        "provider": ", ".join(provider),
        "total_usd_per_month": rounded(single.total_usd_per_month),
        "score": round(single.total_score or 0.0, 4),
        "summary": f"all on {', '.join(provider)} at ${single.total_usd_per_month:,.2f}/month "
        f"({'+' if extra >= 0 else '-'}${abs(extra):,.2f} against the recommended plan), score {single.total_score or 0:.3f}",
    }


def _nothing_eligible(ev: Evaluated) -> list[str]:
    """For a component with no eligible offer at all: the most common exclusion reasons, as a hint."""
    if ev.rows:
        return []
    reasons = ", ".join(f"{n} {r}" for r, n in ev.excluded_counts.most_common())
    return [f"{ev.key}: no eligible offer among {ev.considered} ({reasons or 'no offers at all'}); "
            "see the component's exclusions for the rule or limit behind each"]


def _catalog_sources(gathered: Gathered, today: date) -> list[CatalogSource]:
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
    """A rule override as the JSON lists it: every field given, as text."""
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


