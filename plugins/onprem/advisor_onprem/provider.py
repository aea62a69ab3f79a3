"""The on-prem provider: one venue per site of the sites file, one offer per server model there.

Nothing is fetched: the customer's own sites file is the catalog. Edge sites belong to the edge
plugin unless they list servers of their own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from advisor.plugin import (
    Billing,
    Certification,
    Hardware,
    Offer,
    OfferQuery,
    Provenance,
    Provider,
    ProviderCatalog,
    Server,
    Site,
    Venue,
    find_metro,
    grid_factor,
)
from advisor_onprem.catalog import device_spec
from advisor_onprem.terms import owned_terms

GIB_PER_GB = 1e9 / 2**30
SOURCE = "sites file"


def _venue(site: Site, today: date) -> Venue:
    lat, lon = site.coordinates
    metro = find_metro(site.metro)
    country = site.country_code
    subdivision = metro.subdivision if metro and metro.country == country else None
    grid = None if site.grid_kgco2e_per_kwh is not None else grid_factor(country, subdivision)
    return Venue(
        id=f"onprem:{site.name}",
        provider="onprem",
        kind="onprem",
        region=site.name,
        name=site.name,
        country=country,
        subdivision=subdivision,
        metro=metro.name if metro else site.metro,
        latitude=lat,
        longitude=lon,
        certifications=tuple(Certification(name=c, source=SOURCE, retrieved=today) for c in site.certifications),
        tenancy="air_gapped" if site.air_gapped else "customer_premises",
        host_trust="customer",
        operator_jurisdiction=country,
        pue=site.pue,
        grid_kgco2e_per_kwh=site.grid_kgco2e_per_kwh if grid is None else grid.kg_per_kwh,
        attributes={"site_kind": site.kind, **({"grid_note": f"the sites file gives none: the {grid.note}"} if grid else {})},
    )


def _hardware(server: Server) -> Hardware:
    memory = None
    if server.accelerator:
        spec = device_spec(server.accelerator)
        if spec is not None and getattr(spec, "memory_gb", None):
            memory = round(spec.memory_gb * GIB_PER_GB, 2)
    return Hardware(
        accelerator=server.accelerator,
        accelerator_count=server.accelerators_per_server if server.accelerator else 0,
        accelerator_memory_gib=memory,
        cpu=server.cpu,
        cpu_sockets=server.cpu_sockets or None,
        memory_gib=server.memory_gib,
    )


def _offer(site: Site, server: Server, venue: Venue, as_of: datetime) -> Offer:
    billing: Billing = "owned" if server.already_owned else "capex"
    attributes: dict[str, object] = {"site": site.name, "quantity": server.quantity}
    if server.shared and server.accelerator:
        attributes["shared"] = True  # its GPUs are shared by components (advisor.placement.shared_boxes)
    if server.lead_time_weeks is not None:
        attributes["lead_time_weeks"] = server.lead_time_weeks
    return Offer(
        id=f"{venue.id}:{server.name}:{billing}",
        provider="onprem",
        venue_id=venue.id,
        sku=server.name,
        hardware=_hardware(server),
        billing=billing,
        owned=owned_terms(server, site),
        max_units=server.quantity,
        provenance=Provenance(source="user", as_of=as_of, reference=f"{SOURCE}: site '{site.name}', server '{server.name}'"),
        attributes=attributes,
    )


class OnPremProvider(Provider):
    """Owned hardware in the customer's data centres and colocation cages."""

    name = "onprem"
    kind = "onprem"
    description = "Owned servers from the sites file, costed with the full TCO (docs/tco.md)."

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        """The sites file's servers, priced by the user and dated by the evaluation date."""
        today = query.as_of
        as_of = datetime.combine(today, time(), tzinfo=UTC)
        venues: list[Venue] = []
        offers: list[Offer] = []
        for site in query.sites:
            if site.kind == "edge" and not site.servers:
                continue
            venue = _venue(site, today)
            venues.append(venue)
            offers.extend(_offer(site, server, venue, as_of) for server in site.servers)
        return ProviderCatalog(
            provider=self.name,
            venues=tuple(venues),
            offers=tuple(offers),
            provenance=Provenance(source="user", as_of=as_of, reference=SOURCE),
        )


__all__ = ["OnPremProvider"]
