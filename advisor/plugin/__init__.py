"""The one import surface for plugin authors: everything a provider, hardware, model, rule-pack or
renderer plugin needs, importable as ``from advisor.plugin import ...``.

The core's internal modules may move between releases; the names here stay, and changing one is a
hook-API version change (``advisor.HOOK_API_VERSION``). The plugin-author test kit is
``advisor.testing``.
"""

from advisor import HOOK_API_VERSION, hookimpl
from advisor.inputs.sites import EdgeQuote, Server, Site, SitesFile
from advisor.model.offers import (
    Billing,
    Certification,
    Hardware,
    HostTrust,
    Offer,
    OfferQuery,
    OwnedTerms,
    PriceSource,
    Provenance,
    ProviderCatalog,
    Record,
    StreamedCatalog,
    Tenancy,
    TokenTerms,
    Venue,
    VenueKind,
)
from advisor.model.specs import HardwareSpec, ModelSpec, Precision
from advisor.model.units import HOURS_PER_MONTH, HOURS_PER_MONTH_DECIMAL, HOURS_PER_YEAR, SECONDS_PER_MONTH
from advisor.model.workload import Workload
from advisor.plugin.manager import PluginProblem, Plugins
from advisor.plugin.live import AWS_THROTTLING_CODES, Retryable, backoff_s, http_json, require_extra, retry_after_header, with_retries
from advisor.plugin.model_apis import DATA_TERMS, ApiSnapshotProvider, api_catalog, merge_prices
from advisor.plugin.provider import LiveUnavailable, Progress, Provider
from advisor.plugin.snapshot import read_json, snapshot_provenance, write_json_atomically
from advisor.reference.geo import EEA, EU, Metro, area_of, find_metro, great_circle_km, rtt_ms
from advisor.reference.electricity import ElectricityPrice, electricity_price
from advisor.reference.grid import GridFactor, grid_factor
from advisor.reference.hardware import builtin_hardware, hardware_catalog

__all__ = [
    "DATA_TERMS", "ApiSnapshotProvider", "TokenTerms", "api_catalog", "merge_prices",
    "EEA", "EU", "HOOK_API_VERSION", "HOURS_PER_MONTH", "HOURS_PER_MONTH_DECIMAL", "HOURS_PER_YEAR", "SECONDS_PER_MONTH",
    "AWS_THROTTLING_CODES", "Retryable", "backoff_s", "http_json", "require_extra", "retry_after_header", "with_retries", "Billing", "Certification", "EdgeQuote", "Hardware", "HardwareSpec", "HostTrust",
    "LiveUnavailable", "Metro", "ModelSpec", "Offer", "OfferQuery", "OwnedTerms", "PluginProblem", "Plugins",
    "Precision", "PriceSource", "Progress", "Provenance", "Provider", "ProviderCatalog", "Record", "Server", "Site", "StreamedCatalog",
    "SitesFile", "Tenancy", "Venue", "VenueKind", "Workload", "area_of", "builtin_hardware", "find_metro",
    "ElectricityPrice", "GridFactor", "electricity_price", "grid_factor",
    "great_circle_km", "hardware_catalog", "hookimpl", "read_json", "rtt_ms", "snapshot_provenance",
    "write_json_atomically",
]
