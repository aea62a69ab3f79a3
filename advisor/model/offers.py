"""The provider contract's records: where a workload can run (Venue) and what it costs there (Offer).

Providers build these; the core validates them (a malformed offer isolates its plugin, it never
crashes a recommendation). Money is Decimal USD. An unknown price is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from advisor.clock import utc_today

VenueKind = Literal["cloud", "onprem", "edge", "depin", "api"]
PriceSource = Literal["live", "cache", "snapshot", "user"]
Billing = Literal[
    "on_demand",
    "spot",
    "reserved",
    "savings_plan",
    "committed_use",
    "subscription",
    "marketplace",
    "capex",
    "owned",
    "per_token",
    "provisioned",
]
Tenancy = Literal["shared", "dedicated", "customer_premises", "air_gapped"]
HostTrust = Literal[
    "customer",
    "provider_on_customer_premises",
    "hyperscaler_dc",
    "vetted_dc",
    "anonymous_host",
]


class Record(BaseModel):
    """Frozen, strict-keyed base for every contract record."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Record):
    """Where a price or fact came from and when: shown next to every number that depends on it."""

    source: PriceSource
    as_of: datetime = Field(description="When the price was published or fetched (UTC).")
    reference: str = Field(min_length=1, description="URL, API call or document the figure came from.")

    @field_validator("as_of")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """A date without a time zone is ambiguous by up to a day and cannot be aged against UTC."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"as_of {value.isoformat()} has no time zone: give it in UTC (or with an offset)")
        return value


class Certification(Record):
    """A compliance attestation of a venue (hipaa_baa, iso27001, soc2, pci_dss, fedramp_high, c5, ...)."""

    name: str = Field(min_length=1)
    source: str = Field(min_length=1, description="URL of the programme page or report.")
    retrieved: date


class ServingSite(Record):
    """One place a managed API may serve a request from when the provider, not the customer, picks the
    site: the latency criterion counts the farthest of them, so an unlocated API is not flattered."""

    metro: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Venue(Record):
    """A place a workload can run: a cloud region, an owned site, an edge site, a DePIN location."""

    id: str = Field(min_length=1, description="Unique across providers, e.g. 'aws:us-east-1'.")
    provider: str = Field(min_length=1)
    kind: VenueKind
    region: str = Field(min_length=1)
    name: str | None = None
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    subdivision: str | None = Field(default=None, description="ISO 3166-2, e.g. 'CA-QC'.")
    metro: str
    latitude: float | None = Field(ge=-90, le=90, description="None when the location is unknown (never 0,0).")
    longitude: float | None = Field(ge=-180, le=180)
    certifications: tuple[Certification, ...] = ()
    tenancy: Tenancy = "shared"
    host_trust: HostTrust
    operator_jurisdiction: str | None = Field(
        default=None, description="ISO country of the operator's home; None when unknown."
    )
    government: bool = Field(default=False, description="A government region (GovCloud, Azure Government).")
    us_persons_only: bool = False
    confidential_computing: tuple[str, ...] = Field(
        default=(), description="TEEs offered: 'sev-snp', 'tdx', 'nitro-enclaves', 'h100-cc'."
    )
    supports_log_export: bool | None = None
    pue: float | None = Field(default=None, ge=1.0, le=3.0)
    grid_kgco2e_per_kwh: float | None = Field(default=None, ge=0, le=2.0)
    electricity_usd_per_kwh: float | None = Field(
        default=None, ge=0, le=5,
        description="What the customer pays per kWh where it powers hardware it does not own (a provider-managed "
                    "edge device at its site); None where the offer's price includes power.",
    )
    lead_time_weeks: float | None = Field(default=None, ge=0)
    serving_sites: tuple[ServingSite, ...] = Field(
        default=(), description="A managed API without one location: the sites it may serve from (its choice)."
    )
    attributes: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _both_coordinates_or_none(self) -> Venue:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither when the location is unknown")
        if self.serving_sites and self.latitude is not None:
            raise ValueError("a venue has one location (latitude, longitude) or serving sites, not both")
        abroad = sorted({s.country for s in self.serving_sites} - {self.country})
        if abroad and self.attributes.get("processing_scope") != "global":
            # the rules read venue.country: sites outside it make the country a false residency fact
            raise ValueError(f"serving sites in {', '.join(abroad)} outside the venue's country {self.country}: "
                             "split the venue by country or declare processing_scope 'global'")
        return self

    def places(self) -> tuple[tuple[float, float], ...]:
        """Where the venue may serve from: its one location, else its serving sites; () when unknown."""
        if self.latitude is not None and self.longitude is not None:
            return ((self.latitude, self.longitude),)
        return tuple((s.latitude, s.longitude) for s in self.serving_sites)

    def has_certification(self, name: str) -> bool:
        return any(c.name == name for c in self.certifications)


class Hardware(Record):
    """What one unit of an offer provides."""

    accelerator: str | None = Field(default=None, description="Hardware catalog id, e.g. 'T4', 'H100-SXM'.")
    accelerator_count: float = Field(default=0, ge=0, description="Fractional for shared GPUs.")
    accelerator_memory_gib: float | None = Field(default=None, gt=0, description="Per accelerator.")
    cpu: str | None = Field(default=None, description="Hardware catalog id of the CPU, for CPU inference.")
    cpu_sockets: int | None = Field(default=None, ge=1)
    cpu_share: float | None = Field(
        default=None, gt=0, le=1, description="A VM smaller than one socket: the share of the socket it sells."
    )
    vcpus: float | None = Field(default=None, gt=0)
    memory_gib: float | None = Field(default=None, gt=0)
    network: Literal["ethernet", "efa", "infiniband"] | None = Field(
        default=None, description="Network between units (multi-node serving, training); None: not stated."
    )
    network_gbps: float | None = Field(default=None, gt=0, description="Per unit, Gbit/s, when the provider states it.")


class OwnedTerms(Record):
    """Parameters of owned hardware; the core's costing turns them into a monthly cost (tco)."""

    capex_usd: Decimal | None = Field(default=None, ge=0, description="Purchase price per unit; None if unknown.")
    already_owned: bool = Field(default=False, description="Sunk: only running costs count.")
    life_months: int = Field(gt=0)
    residual_fraction: float = Field(ge=0, lt=1)
    maintenance_fraction_per_year: float = Field(ge=0, le=1)
    it_watts_max: float = Field(gt=0)
    it_watts_idle: float = Field(ge=0)
    pue: float = Field(ge=1.0, le=3.0)
    electricity_usd_per_kwh: Decimal = Field(ge=0)
    colocation_usd_per_kw_month: Decimal = Field(default=Decimal(0), ge=0)
    power_usd_per_month: Decimal | None = Field(
        default=None, ge=0, description="A flat power bill per unit, used instead of watts × PUE × price."
    )
    staff_fte_per_unit: float = Field(ge=0)
    staff_usd_per_fte_year: Decimal = Field(ge=0)
    other_usd_per_month: Decimal = Field(default=Decimal(0), ge=0, description="Software, network.")
    discount_rate_per_year: float = Field(default=0.07, ge=0, le=1)
    assumptions: dict[str, str] = Field(default_factory=dict, description="Each default with its source.")


class TokenTerms(Record):
    """What a managed model API sells: one model served per token, or provisioned throughput units.

    Prices are USD per million tokens as published (None = not published, never 0). Limits and the
    latency figure say where they come from; an unknown limit is None and is stated, not assumed.
    """

    model: str = Field(min_length=1, description="The API's own model id, e.g. 'meta.llama3-8b-instruct-v1:0'.")
    serves: str = Field(min_length=1, description="The catalog model id it serves (advisor models), e.g. 'llama-3-8b'.")
    usd_per_million_input: Decimal | None = Field(default=None, gt=0)
    usd_per_million_output: Decimal | None = Field(default=None, gt=0)
    usd_per_million_cached_input: Decimal | None = Field(default=None, gt=0)
    batch_discount: float | None = Field(default=None, ge=0, lt=1, description="Share off for the batch API.")
    quantisation: str | None = Field(default=None, description="Weights as served (fp8, int4...) when published.")
    context_tokens: int | None = Field(default=None, gt=0, description="Input plus output tokens per request.")
    max_output_tokens: int | None = Field(default=None, gt=0)
    tokens_per_minute: int | None = Field(
        default=None, gt=0, description="Per token: the default quota; provisioned: the throughput of one unit."
    )
    requests_per_minute: int | None = Field(default=None, gt=0)
    limits_source: str | None = None
    ttft_ms: float | None = Field(default=None, gt=0, description="Time to first token, published or estimated.")
    output_tokens_per_second: float | None = Field(default=None, gt=0, description="Per request, while streaming.")
    latency_source: str | None = None
    min_units: int = Field(default=1, ge=1, description="Provisioned: the smallest deployment.")
    unit_increment: int = Field(default=1, ge=1, description="Provisioned: deployments above the minimum grow in steps of this many units.")
    output_token_weight: float = Field(
        default=1.0, ge=1, description="Provisioned: input tokens one output token counts as against the unit's throughput."
    )
    capacity_unit: str | None = Field(default=None, description="Provisioned: 'model unit', 'PTU', 'GSU'.")


class Offer(Record):
    """Something with a price at a venue: one SKU under one billing model."""

    id: str = Field(min_length=1, description="Unique: provider:venue:sku:billing.")
    provider: str = Field(min_length=1)
    venue_id: str = Field(min_length=1)
    sku: str = Field(min_length=1)
    hardware: Hardware
    billing: Billing
    usd_per_hour: Decimal | None = Field(
        default=None, description="Effective hourly price of one unit; None = unpriced, never 0."
    )
    commitment_months: int | None = Field(default=None, gt=0)
    upfront_usd: Decimal | None = Field(default=None, ge=0)
    monthly_usd: Decimal | None = Field(default=None, ge=0)
    owned: OwnedTerms | None = None
    tokens: TokenTerms | None = Field(default=None, description="A managed model API: the model and its token terms.")
    max_units: int | None = Field(default=None, ge=0, description="Capacity limit; None = elastic.")
    interruption_overhead: float | None = Field(
        default=None, ge=0, le=5, description="Spot and marketplace: extra work from restarts."
    )
    reliability: float | None = Field(default=None, ge=0, le=1, description="Host uptime share (DePIN).")
    provenance: Provenance
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("usd_per_hour")
    @classmethod
    def _positive_or_unknown(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value <= 0:
            raise ValueError("a price must be positive; an unknown price is None, never 0")
        return value

    @model_validator(mode="after")
    def _owned_has_terms(self) -> Offer:
        if self.billing in ("capex", "owned") and self.owned is None:
            raise ValueError(f"billing '{self.billing}' needs 'owned' terms")
        return self

    @model_validator(mode="after")
    def _api_has_terms(self) -> Offer:
        if self.billing in ("per_token", "provisioned") and self.tokens is None:
            raise ValueError(f"billing '{self.billing}' needs 'tokens' terms (the model served and its prices)")
        return self

    @property
    def priced(self) -> bool:
        """Whether the offer can be costed at all."""
        if self.billing == "per_token" and self.tokens is not None:
            return self.tokens.usd_per_million_input is not None and self.tokens.usd_per_million_output is not None
        if self.owned is not None:
            return self.owned.capex_usd is not None or self.owned.already_owned
        return self.usd_per_hour is not None


def is_shared_box(offer: Offer) -> bool:
    """An owned server or an edge subscription the sites file marks shared (``shared = true``), with GPUs
    to share: components take GPUs of it, not whole units (``advisor.evaluation.boxes``)."""
    return (bool(offer.attributes.get("shared")) and bool(offer.hardware.accelerator_count)
            and (offer.owned is not None or offer.billing == "subscription"))


def gpus_per_server(offer: Offer) -> int:
    """GPUs in one server of an offer's unit: the unit is one server unless its data says how many GPUs
    each of its servers holds (an Outposts rack of 4 x g4dn.12xlarge: 4 of its 16 T4). A figure that
    does not divide the unit's count is not believed."""
    per_unit = int(offer.hardware.accelerator_count)
    given = offer.attributes.get("gpus_per_server")
    return int(given) if isinstance(given, int) and 0 < given <= per_unit and per_unit % given == 0 else per_unit


class OfferQuery(Record):
    """What the workload needs, so providers may skip irrelevant offers. A hint: the core filters too."""

    accelerators: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    sites: tuple[Any, ...] = Field(default=(), description="Sites from the sites file (advisor.inputs.sites.Site).")
    as_of: date = Field(
        default_factory=utc_today,
        description="The evaluation date (--as-of, default today in UTC): date user-supplied prices by it, never the wall clock.",
    )


class ProviderCatalog(Record):
    """A provider's venues and offers with the provenance of the catalog as a whole."""

    provider: str
    venues: tuple[Venue, ...]
    offers: tuple[Offer, ...]
    provenance: Provenance


@dataclass(frozen=True)
class StreamedCatalog:
    """A ``ProviderCatalog`` whose offers are made as the core reads them: ``catalog()`` may return one.

    ``offers`` is any iterable, typically a generator: the core reads it once, in the provider's own
    thread, a chunk at a time, and validates each record as it arrives, so the plugin's records are
    never all in memory at once (10^6 offers: the validated copies alone). ``venues`` is a tuple.
    """

    provider: str
    venues: tuple[Venue, ...]
    provenance: Provenance
    offers: Iterable[Offer]

    def collected(self) -> ProviderCatalog:
        """The same catalog with every offer read (and validated) at once: what tools checking the
        contract compare."""
        return ProviderCatalog(provider=self.provider, venues=self.venues, offers=tuple(self.offers),
                               provenance=self.provenance)


def _share_keys(*models: type[BaseModel]) -> None:
    """Give each model's key table its fields now, before any instance exists: CPython lets a class's
    shared key table grow only while few instances have been made, and the compact copies of gathered
    records (``advisor.catalog.compact``) store their fields in it, 8 bytes a field instead of a dict."""
    for model in models:
        first = model.__new__(model)
        for name in model.model_fields:
            object.__setattr__(first, name, None)


_share_keys(Venue, Offer)
