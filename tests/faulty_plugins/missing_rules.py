"""Registers a rule pack that does not exist."""

from advisor.plugin import hookimpl


@hookimpl
def register_rule_packs(register):
    register("/nonexistent/advisor-rules-pack")
