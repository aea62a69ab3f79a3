"""The sites file: the customer's own places (data centres, colocation cages, edge locations).

On-prem offers come from its servers; edge plugins place provider-managed hardware at its sites.
Every default below is documented in docs/workload.md with its source.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.errors import InputError
from advisor.reference.geo import find_metro
from advisor.inputs.tomlfile import load_model
from advisor.model.numbers import NUMBER_CONFIG


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, **NUMBER_CONFIG)


class Server(_Strict):
    """A server model the site has or could buy."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Name of the server model, unique in its site (letters, digits, '_', '.', '-').")
    accelerator: str | None = Field(default=None, description="Hardware catalog id of each GPU or accelerator (e.g. T4, L40S, H100-SXM); give it or cpu.")
    accelerators_per_server: int = Field(default=0, ge=0, le=64, description="Accelerators in each server (at least 1 when accelerator is named; at most 64).")
    cpu: str | None = Field(default=None, description="Hardware catalog id of each CPU socket; give it or accelerator.")
    cpu_sockets: int = Field(default=0, ge=0, le=8, description="CPU sockets in each server (0 to 8).")
    memory_gib: float | None = Field(default=None, gt=0, description="Host memory per server, in GiB.")
    quantity: int = Field(default=1, ge=1, le=100_000, description="How many such servers exist or may be bought.")
    already_owned: bool = Field(default=False, description="True: sunk cost, only running costs count.")
    shared: bool = Field(default=False, description="True: components share the server's GPUs; its fixed cost "
                         "(capital, staff, maintenance, idle power) is paid once however many use it.")
    capex_usd: float | None = Field(default=None, gt=0, le=1e9, description="Per server; from the hardware catalog if absent (never $0: leave it out when unknown, or set already_owned).")
    host_capex_usd: float | None = Field(default=None, ge=0, description="Chassis, CPUs, RAM and NICs per server, in US dollars (default in docs/tco.md).")
    life_months: int | None = Field(default=None, gt=0, le=240, description="Depreciation life in months (default in docs/tco.md).")
    residual_fraction: float | None = Field(default=None, ge=0, lt=1, description="Resale value at the end of its life, as a share of the purchase price (0 to below 1).")
    maintenance_fraction_per_year: float | None = Field(default=None, ge=0, le=1, description="Yearly maintenance contract as a share of the purchase price (0 to 1).")
    host_watts: float | None = Field(default=None, ge=0, description="Server power beyond the accelerators, in watts.")
    power_usd_per_month: float | None = Field(
        default=None, ge=0, description="A flat power bill per server, used instead of watts × PUE × price."
    )
    lead_time_weeks: float | None = Field(default=None, ge=0, description="Weeks from order to running, for servers still to buy (shown in the report).")

    @model_validator(mode="after")
    def _has_compute(self) -> Server:
        if not self.accelerator and not self.cpu:
            raise ValueError("a server needs an accelerator or a cpu")
        if self.accelerator and self.accelerators_per_server < 1:
            raise ValueError("accelerators_per_server must be at least 1 when an accelerator is named")
        return self


class EdgeQuote(_Strict):
    """A price the customer was quoted for an edge product at this site (used where none is public)."""

    product: str = Field(min_length=1, description="aws-outposts, azure-stack-edge, gdc, gdc-air-gapped.")
    configuration: str = Field(min_length=1, description="The configuration id, as `advisor prices show` lists it.")
    monthly_usd: float = Field(gt=0, le=10_000_000, description="Quoted monthly price in US dollars (more than 0).")
    upfront_usd: float = Field(default=0, ge=0, le=100_000_000, description="Quoted one-off price in US dollars, spread over the commitment.")
    commitment_months: int | None = Field(default=None, gt=0, le=120, description="Length of the quoted commitment in months (1 to 120).")
    quoted_on: date = Field(description="Date of the quote (YYYY-MM-DD); its age is shown with the price.")
    reference: str = Field(min_length=1, description="Quote number, sender, or document: shown next to the price.")
    shared: bool = Field(default=False, description="True: components (of every workload using this sites file) "
                         "share the quoted box's GPUs; its fee is paid once however many use it, as for a shared server.")


class Site(_Strict):
    """One of the customer's places: a data centre, a colocation cage or an edge location."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Name of the site, unique in the file; workloads sharing a site name share its capacity.")
    kind: Literal["datacenter", "colocation", "edge"] = Field(default="datacenter", description="datacenter, colocation or edge (where provider-managed edge hardware can be installed).")
    metro: str = Field(min_length=1, description="Metro area of the site (e.g. Ashburn, Frankfurt); outside the metro table give country, latitude and longitude.")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code (e.g. DE); from the metro when absent.")
    latitude: float | None = Field(default=None, ge=-90, le=90, description="Latitude in degrees (-90 to 90); from the metro when absent.")
    longitude: float | None = Field(default=None, ge=-180, le=180, description="Longitude in degrees (-180 to 180); from the metro when absent.")
    pue: float | None = Field(default=None, ge=1.0, le=3.0, description="Power usage effectiveness of the site (1.0 to 3.0); default in docs/tco.md.")
    electricity_usd_per_kwh: float | None = Field(default=None, ge=0, le=5, description="Electricity price in US dollars per kWh, for owned servers and for provider-managed edge devices the site powers; the state's or country's when absent (advisor/data/electricity.toml).")
    colocation_usd_per_kw_month: float | None = Field(default=None, ge=0, le=10_000, description="Colocation price in US dollars per kW per month (colocation sites).")
    grid_kgco2e_per_kwh: float | None = Field(default=None, ge=0, le=2, description="Carbon intensity of the site's electricity, kgCO2e per kWh; the country's grid when absent.")
    staff_usd_per_fte_year: float | None = Field(default=None, ge=0, description="Yearly cost of one administrator, in US dollars; default in docs/tco.md.")
    servers_per_admin: float | None = Field(default=None, ge=1, le=10_000, description="Servers one administrator runs (at least 1).")
    air_gapped: bool = Field(default=False, description="True: the site has no connection to the internet (rules read it).")
    certifications: list[str] = Field(default_factory=list, description="The organisation's own, e.g. iso27001.")
    edge_products: list[str] = Field(
        default_factory=list, description="Edge offerings the site can host: aws-outposts, azure-stack-edge, gdc."
    )
    edge_quotes: list[EdgeQuote] = Field(default_factory=list, description="Prices quoted for edge products at this site ([[sites.edge_quotes]]).")
    servers: list[Server] = Field(default_factory=list, description="Server models the site has or could buy ([[sites.servers]]).")

    @model_validator(mode="after")
    def _located(self) -> Site:
        metro = find_metro(self.metro)
        if metro is None and (self.latitude is None or self.longitude is None or self.country is None):
            raise ValueError(
                f"metro '{self.metro}' is not in the metro table; give country, latitude and longitude"
            )
        return self

    @property
    def coordinates(self) -> tuple[float, float]:
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        metro = find_metro(self.metro)
        assert metro is not None
        return metro.latitude, metro.longitude

    @property
    def country_code(self) -> str:
        if self.country:
            return self.country
        metro = find_metro(self.metro)
        assert metro is not None
        return metro.country


class SitesFile(_Strict):
    """The sites file: one [[sites]] table per place."""

    sites: list[Site] = Field(min_length=1, description="The customer's own places, at least one.")

    @model_validator(mode="after")
    def _unique(self) -> SitesFile:
        names = [s.name for s in self.sites]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"site names must be unique: {', '.join(dupes)}")
        return self


def load_sites(path: Path) -> tuple[tuple[Site, ...], str]:
    """Validated sites and the file's digest; errors name the file and key (exit 2)."""
    parsed, digest = load_model(SitesFile, path)
    return tuple(parsed.sites), digest


__all__ = ["EdgeQuote", "InputError", "Server", "Site", "SitesFile", "load_sites"]
