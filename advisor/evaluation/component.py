"""Per component: size every offer, cost it, apply the rules, and keep the eligible candidates.

Every offer that is not eligible is kept as an Exclusion with its reason, so "why not X" always
has an answer: a rule id, a fit problem, a missed SLO, an unknown price, or a constraint. The work
is done on columns (``advisor.catalog.columns``): per offer only array lookups, per (venue, unit) pair
the latency, SLO, privacy and carbon questions, and records only for what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Any

import numpy as np

from advisor.costing.component import stated_cost
from advisor.costing.availability import PREEMPTIBLE, expected_share
from advisor.costing.columns import Bill
from advisor.evaluation.boxes import cost_reference
from advisor.evaluation.evaluated import EXCLUSIONS_KEPT, Evaluated, Row, Rows, Table
from advisor.catalog.columns import OfferColumns
from advisor.evaluation.pairs import PairColumns, PerPair
from advisor.evaluation.shared import Shared
from advisor.model.offers import Offer, Venue, is_shared_box
from advisor.model.records import Verdict
from advisor.model.recommendation import Exclusion
from advisor.rules.engine import JudgementKey, evaluate_keyed
from advisor.sizing import Sizings
from advisor.model.workload import LoadedWorkload
from advisor.costing.standby import ELASTIC_BILLING, standby_costs
from advisor.criteria.privacy import GOVERNMENT_REGIMES
from advisor.evaluation.held_terms import depin_barred, held_terms, obligation_horizon
from advisor.rules.regimes import effective_regimes
from advisor.scoring.scores import raw_columns

__all__ = ["EXCLUSIONS_KEPT", "Evaluated", "Row", "Rows", "Shared", "evaluate_component"]

REASONS = ("veto", "unknown", "does-not-fit", "slo", "unpriced", "constraint")
_RULE, _FIT, _PAIR, _PRICE, _TERMS = 1, 2, 3, 4, 5
"""Which step excluded an offer (a reason may come from two steps: an SLO from sizing or from latency)."""


def _allowed(offer: Offer, venue: Venue, loaded: LoadedWorkload, component: Any, hardware: Any) -> str | None:
    """Why the workload's own constraints exclude this offer, or None."""
    c = loaded.workload.constraints
    if c.allowed_providers is not None and offer.provider not in c.allowed_providers:
        return f"provider '{offer.provider}' is not in constraints.allowed_providers"
    if offer.provider in c.excluded_providers:
        return f"provider '{offer.provider}' is in constraints.excluded_providers"
    if c.allowed_kinds is not None and venue.kind not in c.allowed_kinds:
        return f"venue kind '{venue.kind}' is not in constraints.allowed_kinds"
    if c.allowed_billing is not None and offer.billing not in c.allowed_billing:
        return f"billing '{offer.billing}' is not in constraints.allowed_billing"
    if component.hardware and offer.tokens is None:  # a managed API sells no hardware to restrict
        wanted = {hardware.get(h).id for h in component.hardware if hardware.get(h) is not None}
        have = offer.hardware.accelerator or offer.hardware.cpu
        spec = hardware.get(have) if have else None
        if spec is None or spec.id not in wanted:
            return f"hardware '{have}' is not in the component's hardware list"
    return None


def evaluate_component(
    loaded: LoadedWorkload,
    component: Any,
    model: Any,
    offers: list[Offer],
    venues: Mapping[str, Venue],
    hardware: Any,
    ruleset: Any,
    today: date,
    key: str,
    shared: Shared | None = None,
) -> Evaluated:
    out = Evaluated(loaded=loaded, component=component, model=model, key=key, considered=len(offers))
    shared = shared or Shared()
    cols = shared.bind(offers, venues, hardware, ruleset)
    usable = _constrained(out, cols, venues, loaded, component, hardware, shared)
    usable = held_terms(out, cols, venues, loaded, component, usable, shared.exclusions)
    if not len(usable):
        return out
    # the distinct venue codes by a set: np.unique imports numpy.ma on its first call (6 ms of a process)
    venue_ids = sorted(cols.venue_ids[c] for c in set(cols.venue[usable].tolist()))
    sizings = shared.sizings(component, model, cols, usable, hardware)
    prices = shared.prices(component, sizings, cols, venues, usable, obligation_horizon(loaded.workload))
    verdicts, judged_by = evaluate_keyed(ruleset, loaded.workload, component, [venues[v] for v in venue_ids], today)
    memo_key = _evaluation_key(loaded, component, sizings, venue_ids, verdicts, judged_by)
    if memo_key in shared.evaluations:
        return _renamed(shared.evaluations[memo_key], out, verdicts)
    out.verdicts = verdicts
    _judge(out, cols, venues, usable, sizings, prices, {v: _rule_exclusion(verdicts[v]) for v in venue_ids}, shared)
    shared.evaluations[memo_key] = out
    if shared.keep_evaluations is not None and len(shared.evaluations) > shared.keep_evaluations:
        del shared.evaluations[next(iter(shared.evaluations))]  # the oldest first
    return out


def _constrained(out: Evaluated, cols: OfferColumns, venues: Mapping[str, Venue], loaded: LoadedWorkload,
                 component: Any, hardware: Any, shared: Shared) -> np.ndarray:
    """Offers the workload's own constraints allow (indices); the others are excluded as 'constraint'."""
    first, combo = cols.combos
    key = (loaded.workload.constraints.model_dump_json(), tuple(component.hardware or ()))
    found = shared.barred.get(key)
    if found is None:
        memo: dict[tuple[str, str, str, str | None, str | None], str | None] = {}
        why = []
        for i in first.tolist():
            offer = cols.offers[i]
            venue, hw = venues[offer.venue_id], offer.hardware
            ck = (offer.provider, venue.kind, offer.billing, hw.accelerator, hw.cpu)
            if ck not in memo:
                memo[ck] = _allowed(offer, venue, loaded, component, hardware)
            why.append(memo[ck])
        found = shared.barred[key] = (why, np.array([w is not None for w in why], dtype=bool))
    why, barred_combo = found
    if not barred_combo.any():
        return np.arange(len(cols.ids))
    barred = barred_combo[combo]
    idx = np.flatnonzero(barred)
    out.exclude_all("constraint", cols, venues, idx, lambda k: why[int(combo[idx[k]])] or "")
    return np.flatnonzero(~barred)


def _judge(out: Evaluated, cols: OfferColumns, venues: Mapping[str, Venue], usable: np.ndarray, sizings: Sizings,
           prices: tuple[np.ndarray, np.ndarray, Bill],
           blocked: dict[str, tuple[str, str, tuple[str, ...]] | None], shared: Shared) -> None:
    """Exclude the usable offers the rules, the sizing, the SLO or a missing price rule out; the rest
    become the evaluation's table."""
    component, workload = out.component, out.loaded.workload
    n, n_slots = len(usable), len(sizings.per_unit)
    venue_of = cols.venue[usable]
    slots = np.asarray(sizings.slots, dtype=np.int64)
    step = np.zeros(n, dtype=np.int8)
    reason = np.full(n, -1, dtype=np.int64)
    by_venue = np.full(len(cols.venue_ids), -1, dtype=np.int64)
    for v, rule in blocked.items():
        if rule is not None:
            by_venue[cols.venue_code[v]] = REASONS.index(rule[0])
    ruled = by_venue[venue_of] >= 0
    step[ruled], reason[ruled] = _RULE, by_venue[venue_of[ruled]]
    # a DePIN lease an interactive SLO cannot rest on, where the rules have not already vetoed its venue
    barred = depin_barred(cols, venues, component, usable)
    terms = np.zeros(n, dtype=bool)
    terms[list(barred)] = True
    terms &= ~ruled
    step[terms], reason[terms] = _TERMS, REASONS.index("constraint")
    per_unit = sizings.per_unit
    fit_reason = np.array([-1 if u["feasible"] else REASONS.index(_fit_kind(u["reason"])) for u in per_unit],
                          dtype=np.int64)
    unfit = ~ruled & ~terms & (fit_reason[slots] >= 0)
    step[unfit], reason[unfit] = _FIT, fit_reason[slots[unfit]]

    rest = np.flatnonzero(step == 0)
    distinct, pair_of = np.unique(venue_of[rest] * n_slots + slots[rest], return_inverse=True)
    per_pair = PerPair(component, shared.pairs, bool(effective_regimes(workload, component) & GOVERNMENT_REGIMES))
    columns = per_pair.columns(distinct, n_slots, cols.venue_ids, venues, sizings)
    pairs = columns.pairs
    pair_at = np.full(n, -1, dtype=np.int64)
    pair_at[rest] = pair_of
    missed = columns.missed[pair_of]
    step[rest[missed]], reason[rest[missed]] = _PAIR, REASONS.index("slo")
    rest = rest[~missed]
    usd_all, per_m_all, charged = prices
    unpriced = rest[np.isnan(usd_all[rest])]
    step[unpriced], reason[unpriced] = _PRICE, REASONS.index("unpriced")
    eligible = rest[~np.isnan(usd_all[rest])]

    def detail(pos: int) -> str:
        offer = cols.offers[int(usable[pos])]
        venue = venues[offer.venue_id]
        if step[pos] == _RULE:
            rule = blocked[venue.id]
            assert rule is not None, "only a ruled-out venue's offers are excluded by a rule"
            return rule[1]
        if step[pos] == _TERMS:
            return barred[pos]
        if step[pos] == _FIT:
            return str(per_unit[slots[pos]]["reason"] or "does not fit")
        if step[pos] == _PAIR:
            return pairs[pair_at[pos]].slo_miss or ""
        return stated_cost(component, sizings.template(int(slots[pos])), offer, venue, float(charged.compute[pos]),
                           float(charged.egress[pos]), horizon_months=obligation_horizon(workload)).basis

    # what each step's words follow from besides the offer (the sizing table fixes ``usable`` and each
    # offer's sized unit; stated_cost reads the component as sizing and pricing do)
    read = {_FIT: (sizings.handle,), _PAIR: columns.key[:-1],
            _PRICE: (sizings.handle, getattr(component, "egress_gb_per_month", None), obligation_horizon(workload))}

    def words_key(positions: np.ndarray) -> tuple[Any, ...]:
        steps = step[positions]
        parts: list[Any] = [usable[positions].tobytes(), steps.tobytes()]
        for s in np.unique(steps).tolist():
            at = positions[steps == s]
            parts.append(tuple(blocked[cols.venue_ids[c]] for c in np.unique(venue_of[at]).tolist()) if s == _RULE
                         else tuple(barred[int(k)] for k in at.tolist()) if s == _TERMS else read[s])
        return tuple(parts)

    _exclude(out, cols, venues, usable, venue_of, reason, detail, blocked, words_key, shared.exclusions)
    boxed = _on_boxes(cols, usable[eligible])
    pooled = usable[eligible][boxed]
    units = np.array([pairs[int(pair_at[k])].units for k in eligible[boxed]], dtype=np.int64)
    reference = cost_reference([cols.offers[int(o)] for o in pooled], usd_all[eligible][boxed], units,
                               float(usd_all[eligible].min()), obligation_horizon(workload), venues) if len(pooled) else None
    out.table = Table(cols=cols, sizings=sizings, offer=usable[eligible], use=eligible, pair=pair_at[eligible],
                      pairs=pairs, usd=usd_all[eligible], per_million=per_m_all[eligible], reference=reference,
                      bill=Bill(charged.compute[eligible], charged.egress[eligible]),
                      raw=_raw(out, columns, cols, usd_all[eligible], pair_at[eligible], per_pair, reference,
                               _shares(cols, usable[eligible], [p.venue.kind for p in pairs], pair_at[eligible])),
                      standby=standby_costs(component, usd_all[eligible], cols.hourly[usable[eligible]],
                                            cols.billed(ELASTIC_BILLING)[cols.billing[usable[eligible]]]))


def _on_boxes(cols: OfferColumns, offers: np.ndarray) -> np.ndarray:
    """Which offers may be shared boxes: pooled owned servers and subscriptions (``boxes.is_shared_box``
    decides; only these few are asked)."""
    ask = cols.pooled[offers] | cols.billed({"subscription"})[cols.billing[offers]]
    out = np.zeros(len(offers), dtype=bool)
    out[ask] = [is_shared_box(cols.offers[int(o)]) for o in offers[ask].tolist()]
    return out


def _shares(cols: OfferColumns, offers: np.ndarray, kinds: list[str], pair_of: np.ndarray) -> np.ndarray:
    """The availability criterion's figure per row (NaN when unknown): held capacity is 1 without asking.
    ``kinds``: each pair's venue kind; ``pair_of``: each row's pair."""
    out = np.ones(len(offers))
    on_depin = np.array([k == "depin" for k in kinds], dtype=bool)
    ask = cols.billed(PREEMPTIBLE)[cols.billing[offers]] | (on_depin[pair_of] if len(kinds) else False)
    for j in np.flatnonzero(ask).tolist():
        share = expected_share(cols.offers[int(offers[j])], kinds[int(pair_of[j])])
        out[j] = np.nan if share is None else share
    return out


def _fit_kind(reason: str | None) -> str:
    return "slo" if reason and "SLO" in reason else "does-not-fit"


def _exclude(out: Evaluated, cols: OfferColumns, venues: Mapping[str, Venue], usable: np.ndarray, venue_of: np.ndarray,
             reason: np.ndarray, detail: Any, blocked: dict[str, Any],
             words_key: Callable[[np.ndarray], tuple[Any, ...]],
             records: dict[tuple[Any, ...], dict[int, Exclusion]]) -> None:
    """Record the exclusions reason by reason, each reason where it first occurs (counts keep that order).
    ``records`` holds, per reason and ``words_key`` of its positions (the offers and every input to
    their words), the exclusion records built so far by every evaluation asking the same
    (``Shared.exclusions``): each is built once and shared."""
    present, first = np.unique(reason[reason >= 0], return_index=True)
    for r in present[np.argsort(first)].tolist():
        positions = np.flatnonzero(reason == r)
        name = REASONS[r]
        ruled = name in ("veto", "unknown")
        out.exclude_all(name, cols, venues, usable[positions], partial(_at, detail, positions),
                        partial(_rule_ids, blocked, cols, venue_of, positions) if ruled else _no_rule_ids,
                        records.setdefault((r, *words_key(positions)), {}))
        if name == "veto":
            codes, at, counts = np.unique(venue_of[positions], return_index=True, return_counts=True)
            for i in np.argsort(at).tolist():
                for rid in blocked[cols.venue_ids[codes[i]]][2]:
                    out.rule_counts[rid] += int(counts[i])


def _at(detail: Callable[[int], str], positions: np.ndarray, k: int) -> str:
    return detail(int(positions[k]))


def _rule_ids(blocked: dict[str, Any], cols: OfferColumns, venue_of: np.ndarray, positions: np.ndarray,
              k: int) -> tuple[str, ...]:
    ids: tuple[str, ...] = blocked[cols.venue_ids[venue_of[positions[k]]]][2]
    return ids


def _no_rule_ids(k: int) -> tuple[str, ...]:
    return ()


def _raw(out: Evaluated, pairs: PairColumns, cols: OfferColumns, usd: np.ndarray, pair_of: np.ndarray,
         per_pair: PerPair, reference: float | None, share: np.ndarray) -> np.ndarray:
    """``scoring.raw_columns`` of the rows, from the pairs' columns (the figures their candidates' fields
    hold) and each venue's verdict."""
    if not len(usd):
        return np.zeros((0, 6))
    codes, venue_of = np.unique(pairs.venue, return_inverse=True)
    judged = []
    for code in codes.tolist():
        venue_id = cols.venue_ids[code]
        verdict = out.verdicts[venue_id]
        judged.append((verdict.penalty, per_pair.owed(venue_id, verdict)))
    penalty, owed = np.array(judged, dtype=float).reshape(len(codes), 2)[venue_of].T
    privacy = np.full(len(pairs.pairs), 6.0) if out.public_only else pairs.privacy
    latency, privacy, penalty, owed, carbon = np.stack(
        [pairs.latency, privacy, penalty, owed, pairs.carbon], axis=1)[pair_of].T
    ref = usd.min() if reference is None else min(reference, usd.min())
    return raw_columns(usd, ref, latency, privacy, penalty, owed, carbon, share)


def _evaluation_key(loaded: LoadedWorkload, component: Any, sizings: Sizings, venue_ids: list[str],
                    verdicts: dict[str, Verdict], judged_by: JudgementKey) -> tuple[Any, ...]:
    """What an evaluation depends on besides the workload's name: components of a portfolio that agree
    on it get the same rows and exclusions. ``judged_by`` is the rule engine's key of the judgements
    (the rules applied and every value they read but the venue's), so a rule reading the name still
    separates them; with the same venues it gives the same findings."""
    workload = loaded.workload.model_dump_json(exclude={"workload": {"name"}, "components": True, "weights": True})
    judged = tuple((v, verdicts[v].status, verdicts[v].penalty) for v in venue_ids)
    return (sizings.handle, workload, component.model_dump_json(), judged_by, judged)


def _renamed(source: Evaluated, out: Evaluated, verdicts: dict[str, Verdict]) -> Evaluated:
    """``source``'s rows and exclusions for another component that agrees on every input but its name."""
    out.excluded_counts = source.excluded_counts.copy()
    out.rule_counts = source.rule_counts.copy()
    out.venues_by_reason = {k: set(v) for k, v in source.venues_by_reason.items()}
    out.kept = {k: list(v) for k, v in source.kept.items()}
    out.first_per_venue = dict(source.first_per_venue)
    out.source = source
    out.table = source.table
    out.verdicts = verdicts
    return out


def _rule_exclusion(verdict: Verdict) -> tuple[str, str, tuple[str, ...]] | None:
    """(reason, detail, rule ids) when the rules keep a venue out, else None."""
    if verdict.vetoes:
        ids = tuple(f.rule_id for f in verdict.vetoes)
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in verdict.vetoes)
        return "veto", detail, ids
    if verdict.status == "unknown":
        unknown = [f for f in verdict.findings if f.status == "unknown"]
        detail = "; ".join(f"{f.rule_id} {f.title}" + _evidence(f) for f in unknown) or "data needed by a rule is missing"
        return "unknown", "not placed while unknown: " + detail, tuple(f.rule_id for f in unknown)
    return None


def _evidence(finding: Any) -> str:
    if not finding.evidence:
        return ""
    return " (" + ", ".join(f"{e.attribute}={e.value}" for e in finding.evidence) + ")"
