"""Types of the names ``advisor/__init__.py`` serves lazily (for type checkers and editors)."""

from advisor.api import (
    compare as compare,
    diff as diff,
    estimate as estimate,
    explain as explain,
    formats as formats,
    inventory_summary as inventory_summary,
    load_recommendation as load_recommendation,
    prices as prices,
    recommend as recommend,
    recommend_inventory as recommend_inventory,
    render_recommendation as render_recommendation,
    render_report as render_report,
    validate as validate,
)
from advisor.catalog.price_list import PriceList as PriceList
from advisor.errors import AdvisorError as AdvisorError, InputError as InputError
from advisor.model.recommendation import Recommendation as Recommendation
from advisor.model.workload import Workload as Workload
from advisor.render.report.diff import Diff as Diff

__version__: str
HOOK_API_VERSION: int
hookimpl: object
