"""Evaluating a rule set on one component across many venues.

Rules first filter on the workload side (trigger, dates, overrides), once per call. Each venue is
then reduced to its *profile*, the values of just the venue attributes those rules read; venues
with the same profile (most regions of one provider) share one judgement, so the cost grows with
the number of distinct profiles, not with the number of venues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from advisor.offers import Venue
from advisor.records import Evidence, Finding, Verdict
from advisor.rules.model import Rule, RuleSet
from advisor.rules.regimes import effective_regimes
from advisor.rules.schema import TEMPLATE_FIELD
from advisor.rules.vocabulary import context_values, lookup
from advisor.workload import Workload

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


def _finding(rule: Rule, result: bool | None, values: Mapping[str, Any], day: date) -> Finding | None:
    spec = rule.spec
    upcoming = rule.upcoming(day)
    if upcoming and result is not True:
        return None  # an obligation not yet in force is only worth a note where it would fire
    title = f"From {spec.effective_from.isoformat()}: {spec.title}" if upcoming and spec.effective_from else spec.title
    fired = result is True
    return Finding.model_construct(
        rule_id=spec.id,
        title=title,
        effect="advisory" if upcoming else spec.effect,
        status="fail" if fired else "unknown",
        penalty=spec.penalty if fired and not upcoming else 0.0,
        evidence=tuple(Evidence.model_construct(attribute=a, value=show(values.get(a))) for a in rule.condition_attributes),
        references=tuple(spec.references),
        requirement=_requirement(rule, values) if fired and not upcoming else None,
    )


def judge(rules: Sequence[Rule], values: Mapping[str, Any], day: date) -> Judgement:
    """Status, every firing or undecidable finding, and the summed penalty for one attribute profile."""
    findings: list[Finding] = []
    for rule in rules:
        result = rule.condition.test(values) if rule.condition else True
        if result is False:
            continue
        finding = _finding(rule, result, values, day)
        if finding is not None:
            findings.append(finding)
    vetoes = [f.status for f in findings if f.effect == "veto"]
    status = "fail" if "fail" in vetoes else "unknown" if vetoes else "pass"
    return status, tuple(findings), round(sum(f.penalty for f in findings), 6)


def applicable(ruleset: RuleSet, context: Mapping[str, Any], day: date) -> list[Rule]:
    """Rules in force (or upcoming), not overridden, whose trigger matches the workload, vetoes first."""
    rules = [r for r in ruleset.active(day) if r.triggered(dict(context))]
    return sorted(rules, key=lambda r: (_EFFECT_ORDER[r.spec.effect], r.id))


def evaluate(
    ruleset: RuleSet, workload: Workload, component: Any, venues: Sequence[Venue], today: date
) -> dict[str, Verdict]:
    """A Verdict per venue id for one component: PASS, FAIL (a veto fired) or UNKNOWN (data missing)."""
    context = context_values(workload, component, effective_regimes(workload, component))
    rules = applicable(ruleset, context, today)
    names = tuple(dict.fromkeys(a for r in rules for a in r.venue_attributes))
    getters = [lookup(n).getter for n in names]  # type: ignore[union-attr]
    memo: dict[tuple[Any, ...], Judgement] = {}
    out: dict[str, Verdict] = {}
    for venue in venues:
        profile = tuple(g(venue) for g in getters)  # type: ignore[misc]
        judged = memo.get(profile)
        if judged is None:
            values = dict(context)
            values.update(zip(names, profile, strict=True))
            judged = memo[profile] = judge(rules, values, today)
        status, findings, penalty = judged
        out[venue.id] = Verdict.model_construct(
            component=component.name, venue_id=venue.id, status=status, findings=findings, penalty=penalty
        )
    return out
