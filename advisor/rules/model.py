"""Compiled rules and the rule set the pipeline evaluates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any

from advisor.rules.expr import Compiled
from advisor.rules.regimes import subject_places
from advisor.rules.schema import Override, PackMeta, RuleSpec
from advisor.rules.vocabulary import VENUE_PREFIX


TRIGGER_ATTRIBUTES = {
    "data_classes": "workload.data_classes",
    "subjects": "workload.subjects",
    "regimes": "workload.regimes",
    "component_kinds": "component.kind",
    "high_risk_ai": "workload.high_risk_ai",
    "privacy_floor": "workload.min_privacy_level",
}


@dataclass(frozen=True)
class Rule:
    """A validated rule with its compiled condition and the pack and file it came from."""

    spec: RuleSpec
    pack: str
    file: Path
    condition: Compiled | None

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def condition_attributes(self) -> tuple[str, ...]:
        return self.condition.attributes if self.condition else ()

    @cached_property
    def trigger_attributes(self) -> tuple[str, ...]:
        """The workload attributes the trigger tests, shown as evidence of why the rule applied."""
        given = self.spec.trigger.model_dump(exclude_none=True)
        return tuple(TRIGGER_ATTRIBUTES[k] for k in given)

    @cached_property
    def value_attributes(self) -> tuple[str, ...]:
        """The attributes its condition and requirement placeholders read (the finding's inputs)."""
        return tuple(dict.fromkeys(self.condition_attributes + tuple(self.spec.template_fields())))

    @cached_property
    def attributes(self) -> tuple[str, ...]:
        """Every attribute the rule reads: its trigger's, its condition's and its requirement's placeholders."""
        return tuple(dict.fromkeys(self.trigger_attributes + self.value_attributes))

    @cached_property
    def inputs(self) -> Callable[[Mapping[str, Any]], Any]:
        """Reads the condition's and placeholders' values from an evaluation's values (a memo key)."""
        names = self.value_attributes
        if not names:
            return lambda values: ()
        return itemgetter(*names)

    @cached_property
    def venue_attributes(self) -> tuple[str, ...]:
        return tuple(a for a in self.attributes if a.startswith(VENUE_PREFIX))

    def in_force(self, day: date) -> bool:
        s = self.spec
        return (s.effective_from is None or s.effective_from <= day) and (
            s.effective_until is None or day < s.effective_until
        )

    def upcoming(self, day: date) -> bool:
        return self.spec.effective_from is not None and day < self.spec.effective_from

    def triggered(self, context: Mapping[str, Any]) -> bool:
        """Whether the workload side of the rule matches (data classes, subjects, regimes, kind)."""
        t = self.spec.trigger
        if t.data_classes is not None and not set(t.data_classes) & context["workload.data_classes"]:
            return False
        if t.regimes is not None and not set(t.regimes) & context["workload.regimes"]:
            return False
        if t.subjects is not None and not subject_places(t.subjects) & context["workload.subjects"]:
            return False
        if t.component_kinds is not None and context["component.kind"] not in t.component_kinds:
            return False
        if t.privacy_floor is not None and t.privacy_floor != (context["workload.min_privacy_level"] > 0):
            return False
        return t.high_risk_ai is None or t.high_risk_ai == context["workload.high_risk_ai"]

    def trigger_evidence(self, values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
        """What matched the trigger: only the matching members of set-valued workload attributes."""
        t = self.spec.trigger
        wanted = {
            "workload.data_classes": t.data_classes,
            "workload.regimes": t.regimes,
            "workload.subjects": subject_places(t.subjects) if t.subjects is not None else None,
        }
        out: dict[str, Any] = {}
        for name in self.trigger_attributes:
            value = values.get(name)
            members = wanted.get(name)
            out[name] = frozenset(value) & frozenset(members) if members is not None and value is not None else value
        return tuple(out.items())

    def summary(self) -> dict[str, Any]:
        """The rule as plain data for `advisor rules list --format json` and docs."""
        s = self.spec
        return {
            "id": s.id,
            "title": s.title,
            "pack": self.pack,
            "category": s.category,
            "regime": s.regime,
            "severity": s.severity,
            "effect": s.effect,
            "penalty": s.penalty,
            "requirement": s.requirement,
            "trigger": s.trigger.model_dump(exclude_none=True),
            "condition": s.condition,
            "rationale": s.rationale,
            "references": list(s.references),
            "effective_from": s.effective_from.isoformat() if s.effective_from else None,
            "effective_until": s.effective_until.isoformat() if s.effective_until else None,
            "milestones": [m.model_dump(mode="json") for m in s.milestones],
            "last_reviewed": s.last_reviewed.isoformat() if s.last_reviewed else None,
        }


@dataclass(frozen=True)
class Pack:
    meta: PackMeta
    file: Path
    rule_ids: tuple[str, ...]


@dataclass
class RuleSet:
    """Every loaded rule by id, the packs they came from, and the overrides that switch some off."""

    rules: dict[str, Rule]
    packs: list[Pack]
    overrides: tuple[Override, ...] = ()
    overrides_file: Path | None = None
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def disabled_on(self, day: date) -> frozenset[str]:
        """Ids switched off by an override in force on ``day``."""
        return frozenset(o.rule for o in self.overrides if o.active_on(day))

    def active(self, day: date) -> list[Rule]:
        off = self.disabled_on(day)
        return [r for r in self.rules.values() if r.id not in off and (r.in_force(day) or r.upcoming(day))]

    def overrides_summary(self) -> list[dict[str, Any]]:
        return [o.model_dump(mode="json") for o in self.overrides]
