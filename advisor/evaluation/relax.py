"""Relaxation hints for a component nothing can serve: which single change would open which venues.

Each hint re-runs the component with one thing relaxed (a rule overridden, the workload's own
constraints lifted, the SLO dropped) and reports what becomes eligible and the cheapest option then,
in the manner of SkyPilot's infeasibility messages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from advisor.evaluation.evaluated import Evaluated
from advisor.rules import RuleSet
from advisor.model.workload import Constraints, Slo

RULES_TRIED = 3
Rerun = Callable[[Any, Any, Any], Evaluated]
"""(loaded workload, component, ruleset) → the component evaluated again."""


def _cheapest(ev: Evaluated) -> str:
    row = min(ev.rows, key=lambda r: (r.cost.usd_per_month, r.offer.id))
    return f"the cheapest would be {row.offer.id} at ${row.cost.usd_per_month:,.2f}/month"


def _opened(ev: Evaluated) -> str:
    venues = len({r.venue.id for r in ev.rows})
    return f"{venues} venue(s) and {len(ev.rows)} offer(s) eligible; {_cheapest(ev)}"


def without_rule(ruleset: RuleSet, rule_id: str) -> RuleSet:
    return RuleSet(
        rules={k: v for k, v in ruleset.rules.items() if k != rule_id},
        packs=ruleset.packs,
        overrides=ruleset.overrides,
        overrides_file=ruleset.overrides_file,
    )


def relaxation_hints(ev: Evaluated, ruleset: RuleSet, rerun: Rerun) -> list[str]:
    """Concrete hints for a component with no eligible offer; empty when nothing single helps."""
    hints: list[str] = []
    blocking = Counter(ev.rule_counts)
    blocking.update(rid for e in ev.exclusions if e.reason == "unknown" for rid in e.rule_ids)
    tried = [rid for rid, _ in blocking.most_common(RULES_TRIED)]
    for rid in tried:
        relaxed = rerun(ev.loaded, ev.component, without_rule(ruleset, rid))
        if relaxed.rows:
            rule = ruleset.get(rid)
            title = f" ({rule.summary().get('title')})" if rule is not None else ""
            hints.append(f"{ev.key}: overriding {rid}{title} with a recorded justification would make {_opened(relaxed)}")
    if len(tried) > 1 and not hints:
        relaxed_all = ruleset
        for rid in tried:
            relaxed_all = without_rule(relaxed_all, rid)
        relaxed = rerun(ev.loaded, ev.component, relaxed_all)
        if relaxed.rows:
            hints.append(f"{ev.key}: overriding {', '.join(tried)} together would make {_opened(relaxed)}")
    if ev.excluded_counts.get("constraint"):
        workload = ev.loaded.workload.model_copy(update={"constraints": Constraints()})
        relaxed = rerun(ev.loaded.model_copy(update={"workload": workload}), ev.component, ruleset)
        if relaxed.rows:
            hints.append(f"{ev.key}: lifting the workload's [constraints] (providers, kinds, billing, privacy floor) "
                         f"would make {_opened(relaxed)}")
    slo = getattr(ev.component, "slo", None)
    if slo is not None and (slo.ttft_ms_p95 or slo.tokens_per_second_per_user):
        if ev.excluded_counts.get("slo"):
            relaxed = rerun(ev.loaded, ev.component.model_copy(update={"slo": Slo()}), ruleset)
            if relaxed.rows:
                best = min(relaxed.rows, key=lambda r: (r.latency.total_ms or 0.0, r.offer.id))
                hints.append(f"{ev.key}: without the SLO, {_opened(relaxed)}; the fastest reaches a first token in "
                             f"{best.latency.total_ms or 0:,.0f} ms")
    return hints
