"""Regulation, privacy and policy rules as data: load packs, evaluate them on venues.

``load_ruleset(paths, overrides)`` reads TOML packs into a RuleSet; ``evaluate(ruleset, workload,
component, venues, today)`` returns a Verdict per venue id. The format is in docs/rules.md.
"""

from __future__ import annotations

from advisor.rules.engine import evaluate
from advisor.rules.loader import load_ruleset
from advisor.rules.model import Pack, Rule, RuleSet
from advisor.rules.regimes import effective_regimes, inferred_regimes

__all__ = ["Pack", "Rule", "RuleSet", "effective_regimes", "evaluate", "inferred_regimes", "load_ruleset"]
