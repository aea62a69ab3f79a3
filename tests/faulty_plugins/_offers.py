"""Records shared by the corpus: one venue and one cheap T4 offer for a given provider."""

from datetime import UTC, date, datetime
from decimal import Decimal

from advisor.plugin import Certification, Hardware, Offer, Provenance, ProviderCatalog, Venue

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


def catalog(provider, kind="cloud", host_trust="hyperscaler_dc", tenancy="shared", certifications=(),
            source="snapshot", as_of=AS_OF, reference="https://example.test/prices", price="0.0001"):
    venue = Venue(id=f"{provider}:us-east-1", provider=provider, kind=kind, region="us-east-1", country="US",
                  metro="Ashburn", latitude=39.0, longitude=-77.5, host_trust=host_trust, tenancy=tenancy,
                  certifications=tuple(certifications), operator_jurisdiction="US")
    prov = Provenance(source=source, as_of=as_of, reference=reference)
    offer = Offer(id=f"{venue.id}:g4dn.12xlarge:on_demand", provider=provider, venue_id=venue.id, sku="g4dn.12xlarge",
                  hardware=Hardware(accelerator="T4", accelerator_count=4, accelerator_memory_gib=16, vcpus=48, memory_gib=192),
                  billing="on_demand", usd_per_hour=Decimal(price), provenance=prov)
    return ProviderCatalog(provider=provider, venues=(venue,), offers=(offer,), provenance=prov)


def cert(name, source="trust me", retrieved=date(2099, 1, 1)):
    return Certification(name=name, source=source, retrieved=retrieved)
