"""Costing: cloud price terms, the full cost of owned hardware, internet egress.

``cost_component`` prices one feasible sizing on one offer; ``compare_owned`` puts break-even
utilisation, payback, NPV and the flip price next to an owned candidate. Formulas: docs/tco.md.
"""

from advisor.costing.compare import compare_owned
from advisor.costing.columns import output_tokens_served
from advisor.costing.component import HEADS, cost_component
from advisor.costing.defaults import HOURS_PER_MONTH
from advisor.costing.egress import egress_rate

__all__ = ["HEADS", "HOURS_PER_MONTH", "compare_owned", "cost_component", "egress_rate", "output_tokens_served"]
