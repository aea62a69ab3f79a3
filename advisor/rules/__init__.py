"""Regulation, privacy and policy rules as data: load packs, evaluate them on venues.

``load_ruleset(paths, overrides)`` reads TOML packs into a RuleSet; ``evaluate(ruleset, workload,
component, venues, today)`` returns a Verdict per venue id. The format is in docs/rules.md.
``rule_pack_schema`` loads on first use: its pydantic models are for ``advisor schema rules``, not a run.
"""

from __future__ import annotations

from typing import Any

from advisor.rules.engine import evaluate, evaluate_workload
from advisor.rules.loader import installed_ruleset, load_ruleset
from advisor.rules.model import Pack, Rule, RuleSet
from advisor.rules.regimes import effective_regimes, inferred_regimes, regime_reasons

__all__ = [
    "Pack",
    "Rule",
    "RuleSet",
    "effective_regimes",
    "evaluate",
    "evaluate_workload",
    "inferred_regimes",
    "installed_ruleset",
    "load_ruleset",
    "regime_reasons",
    "rule_pack_schema",
]


def __getattr__(name: str) -> Any:
    if name == "rule_pack_schema":
        from advisor.rules.jsonschema import rule_pack_schema

        return rule_pack_schema
    raise AttributeError(f"module 'advisor.rules' has no attribute {name!r}")
