"""Stage 2, catalog: gather offers from the provider plugins (cache, refresh, revalidation), their
coverage, and the column layout every later stage reads (``advisor.catalog.columns``)."""

from advisor.catalog.gathering import Gathered, ProviderSource, gather
from advisor.catalog.refresh import Refreshed, refresh

__all__ = ["Gathered", "ProviderSource", "Refreshed", "gather", "refresh"]
