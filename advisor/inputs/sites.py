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

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    accelerator: str | None = Field(default=None, description="Hardware catalog id of each GPU/accelerator.")
    accelerators_per_server: int = Field(default=0, ge=0, le=64)
    cpu: str | None = Field(default=None, description="Hardware catalog id of each CPU socket.")
    cpu_sockets: int = Field(default=0, ge=0, le=8)
    memory_gib: float | None = Field(default=None, gt=0)
    quantity: int = Field(default=1, ge=1, le=100_000, description="How many such servers exist or may be bought.")
    already_owned: bool = Field(default=False, description="True: sunk cost, only running costs count.")
    capex_usd: float | None = Field(default=None, gt=0, le=1e9, description="Per server; from the hardware catalog if absent (never $0: leave it out when unknown, or set already_owned).")
    host_capex_usd: float | None = Field(default=None, ge=0, description="Chassis, CPUs, RAM, NICs per server.")
    life_months: int | None = Field(default=None, gt=0, le=240)
    residual_fraction: float | None = Field(default=None, ge=0, lt=1)
    maintenance_fraction_per_year: float | None = Field(default=None, ge=0, le=1)
    host_watts: float | None = Field(default=None, ge=0, description="Server power beyond the accelerators.")
    power_usd_per_month: float | None = Field(
        default=None, ge=0, description="A flat power bill per server, used instead of watts × PUE × price."
    )
    lead_time_weeks: float | None = Field(default=None, ge=0)

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
    monthly_usd: float = Field(gt=0, le=10_000_000)
    upfront_usd: float = Field(default=0, ge=0, le=100_000_000)
    commitment_months: int | None = Field(default=None, gt=0, le=120)
    quoted_on: date
    reference: str = Field(min_length=1, description="Quote number, sender, or document: shown next to the price.")


class Site(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: Literal["datacenter", "colocation", "edge"] = "datacenter"
    metro: str = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    pue: float | None = Field(default=None, ge=1.0, le=3.0)
    electricity_usd_per_kwh: float | None = Field(default=None, ge=0, le=5)
    colocation_usd_per_kw_month: float | None = Field(default=None, ge=0, le=10_000)
    grid_kgco2e_per_kwh: float | None = Field(default=None, ge=0, le=2)
    staff_usd_per_fte_year: float | None = Field(default=None, ge=0)
    servers_per_admin: float | None = Field(default=None, ge=1, le=10_000, description="Servers one administrator runs (at least 1).")
    air_gapped: bool = False
    certifications: list[str] = Field(default_factory=list, description="The organisation's own, e.g. iso27001.")
    edge_products: list[str] = Field(
        default_factory=list, description="Edge offerings the site can host: aws-outposts, azure-stack-edge, gdc."
    )
    edge_quotes: list[EdgeQuote] = Field(default_factory=list)
    servers: list[Server] = Field(default_factory=list)

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
    sites: list[Site] = Field(min_length=1)

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
