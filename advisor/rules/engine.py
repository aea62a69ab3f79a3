"""Evaluating a rule set on one component across many venues.

Rules first filter on the workload side (trigger, dates, overrides), once per call. Each venue is
then reduced to its *profile*, the values of just the venue attributes those rules read
(``advisor.rules.columns``); venues with the same profile (most regions of one provider) share one
judgement, so the cost grows with the number of distinct profiles, not with the number of venues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from advisor.gcpause import paused_gc
from advisor.model.offers import Venue
from advisor.model.records import Evidence, Finding, Verdict
from advisor.rules.model import TRIGGER_ATTRIBUTES, Rule, RuleSet
from advisor.rules.regimes import effective_regimes
from advisor.rules.schema import TEMPLATE_FIELD
from advisor.rules.columns import grouped_venues
from advisor.rules.vocabulary import context_values
from advisor.trusted import trusted
from advisor.model.workload import Component, Workload

_EFFECT_ORDER = {"veto": 0, "require-evidence": 1, "penalty": 2, "advisory": 3}
Judgement = tuple[str, tuple[Finding, ...], float]


def show(value: Any) -> str:
    """An attribute value as evidence text; a missing value says so."""
    if value is None:
        return "missing"
    if isinstance(value, frozenset | set | tuple | list):
        return ", ".join(sorted(str(v) for v in value)) or "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _requirement(rule: Rule, values: Mapping[str, Any]) -> str | None:
    text = rule.spec.requirement
    if text is None:
        return None
    return TEMPLATE_FIELD.sub(lambda m: show(values.get(m.group(1))), text)


def _finding(
    rule: Rule, result: bool | None, values: Mapping[str, Any], day: date, matched: tuple[tuple[str, Any], ...]
) -> Finding | None:
    spec = rule.spec
    upcoming = rule.upcoming(day)
    if upcoming and result is not True:
        return None  # an obligation not yet in force is only worth a note where it would fire
    title = f"From {spec.effective_from.isoformat()}: {spec.title}" if upcoming and spec.effective_from else spec.title
    fired = result is True
    return Finding(
        rule_id=spec.id,
        title=title,
        effect="advisory" if upcoming else spec.effect,
        status="fail" if fired else "unknown",
        penalty=spec.penalty if fired and not upcoming else 0.0,
        evidence=tuple(
            Evidence(attribute=a, value=show(v))
            for a, v in [*matched, *((a, values.get(a)) for a in rule.condition_attributes)]
        ),
        references=tuple(spec.references),
        requirement=_requirement(rule, values) if fired and not upcoming else None,
    )


def judge(
    rules: Sequence[Rule],
    values: Mapping[str, Any],
    day: date,
    cache: dict[Any, Any] | None = None,
    matched: Mapping[str, tuple[tuple[str, Any], ...]] | None = None,
) -> Judgement:
    """Status, every firing or undecidable finding, and the summed penalty for one attribute profile.

    ``cache`` maps (rule id, what matched its trigger, the values its condition reads) to its
    finding, so a rule is judged once per distinct combination of its inputs however many profiles
    share them. ``matched`` is each rule's trigger evidence (computed once per component).
    """
    cache = {} if cache is None else cache
    matched = matched if matched is not None else {r.id: r.trigger_evidence(values) for r in rules}
    findings: list[Finding] = []
    for rule in rules:
        rid = rule.spec.id
        key = (rid, matched[rid], rule.inputs(values))
        finding = cache.get(key, _MISSING)
        if finding is _MISSING:
            result = rule.condition.test(values) if rule.condition else True
            finding = cache[key] = None if result is False else _finding(rule, result, values, day, matched[rid])
        if finding is not None:
            findings.append(finding)
    vetoes = [f.status for f in findings if f.effect == "veto"]
    status = "fail" if "fail" in vetoes else "unknown" if vetoes else "pass"
    return status, tuple(findings), round(sum(f.penalty for f in findings), 6)


_MISSING = object()


def applicable(ruleset: RuleSet, context: Mapping[str, Any], day: date) -> list[Rule]:
    """Rules in force (or upcoming), not overridden, whose trigger matches the workload, vetoes first."""
    rules = [r for r in ruleset.active(day) if r.triggered(context)]
    return sorted(rules, key=lambda r: (_EFFECT_ORDER[r.spec.effect], r.id))


JudgementKey = tuple[tuple[str, ...], tuple[Any, ...]]
"""The rules applied (ids) and every context value they read but the venue's."""


def _applied(ruleset: RuleSet, workload: Workload, component: Component, today: date
             ) -> tuple[dict[str, Any], list[Rule], tuple[str, ...], JudgementKey, dict[str, tuple[tuple[str, Any], ...]]]:
    """The component's context, the rules that apply, the venue attributes they read, the key of their
    judgements (the rules' ids and every context value they read, all but the venue's) and each rule's
    trigger evidence. Which rules apply, what they read and their evidence follow from the values the
    triggers read, so they are worked out once per distinct set of those values on a day."""
    context = context_values(workload, component, effective_regimes(workload, component))
    memo: dict[tuple[Any, ...], Any] = ruleset._cache.setdefault(("applied", today), {})
    triggers = tuple(context[a] for a in _TRIGGER_VALUES)
    found = memo.get(triggers)
    if found is None:
        rules = applicable(ruleset, context, today)
        names = tuple(dict.fromkeys(a for r in rules for a in r.venue_attributes))
        read = tuple(sorted({a for r in rules for a in r.attributes} - set(names)))
        found = memo[triggers] = (rules, names, read, {r.id: r.trigger_evidence(context) for r in rules})
    rules, names, read, matched = found
    return context, rules, names, (tuple(r.id for r in rules), tuple(context[a] for a in read)), matched


_TRIGGER_VALUES = tuple(dict.fromkeys(TRIGGER_ATTRIBUTES.values()))
"""The context values a rule's trigger reads (``Rule.triggered``, ``Rule.trigger_evidence``)."""


def evaluate(
    ruleset: RuleSet, workload: Workload, component: Component, venues: Sequence[Venue], today: date
) -> dict[str, Verdict]:
    """A Verdict per venue id for one component: PASS, FAIL (a veto fired) or UNKNOWN (data missing)."""
    return evaluate_keyed(ruleset, workload, component, venues, today)[0]


def evaluate_keyed(
    ruleset: RuleSet, workload: Workload, component: Component, venues: Sequence[Venue], today: date
) -> tuple[dict[str, Verdict], JudgementKey]:
    """``evaluate``, and a value key of its judgements: two components with equal keys get equal
    findings at every venue (the rules applied and every value they read but the venue's)."""
    context, rules, names, shared, matched = _applied(ruleset, workload, component, today)
    findings_cache: dict[Any, Any] = ruleset._cache.setdefault(("findings", today), {})
    judgements: dict[Any, Judgement] = ruleset._cache.setdefault(("judgements", today), {})
    if len(judgements) > _JUDGEMENT_LIMIT:
        judgements.clear()
    out: dict[str, Verdict] = {}
    with paused_gc():
        for profile, venue_ids in grouped_venues(ruleset._cache, names, venues).items():
            judged = judgements.get((shared, profile))
            if judged is None:
                values = dict(context)
                values.update(zip(names, profile, strict=True))
                judged = judgements[(shared, profile)] = judge(rules, values, today, findings_cache, matched)
            status, findings, penalty = judged
            # the judgement's parts were validated when it was made; each venue only gets its id
            for vid in venue_ids:
                out[vid] = trusted(Verdict, {"component": component.name, "venue_id": vid, "status": status,
                                             "findings": findings, "penalty": penalty})
        return {v.id: out[v.id] for v in venues}, shared


def evaluate_workload(
    ruleset: RuleSet, workload: Workload, venues: Sequence[Venue], today: date
) -> dict[str, dict[str, Verdict]]:
    """Verdicts of every component: component name -> venue id -> Verdict."""
    return {c.name: evaluate(ruleset, workload, c, venues, today) for c in workload.components}


_JUDGEMENT_LIMIT = 500_000
