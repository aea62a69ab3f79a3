"""A synthetic provider plugin and workload generator for benchmarks (deterministic, no network)."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from advisor import hookimpl
from advisor.plugin import (Certification, Hardware, Offer, OfferQuery, Provenance, Provider, ProviderCatalog,
                            StreamedCatalog, Venue)

GPUS = [("T4", 16, "0.53"), ("L4", 24, "0.80"), ("A10G", 24, "1.01"), ("L40S", 48, "1.86"),
        ("A100-80GB", 80, "3.67"), ("H100-SXM", 80, "6.88"), ("H200", 141, "7.91"), ("RTX-4090", 24, "0.45")]
METROS = [("Ashburn", "US", 39.04, -77.49), ("Frankfurt", "DE", 50.11, 8.68), ("Tokyo", "JP", 35.68, 139.65),
          ("Sydney", "AU", -33.87, 151.21), ("Paris", "FR", 48.86, 2.35), ("Dallas", "US", 32.78, -96.80),
          ("Singapore", "SG", 1.35, 103.82), ("London", "GB", 51.51, -0.13)]
AS_OF = datetime(2026, 10, 1, tzinfo=timezone.utc)


class SyntheticProvider(Provider):
    """``n_offers`` offers over 80 venues; prices are random around list-like levels (benchmark only).
    Streamed as the core reads them, or (``streamed=False``) all made first and returned as one tuple,
    as most plugins do."""

    kind = "cloud"

    def __init__(self, n_offers: int, name: str = "synthetic", seed: int = 7, streamed: bool = True):
        self.name, self.n_offers, self.seed, self.streamed = name, n_offers, seed, streamed

    def catalog(self, query: OfferQuery) -> StreamedCatalog | ProviderCatalog:
        prov = Provenance(source="snapshot", as_of=AS_OF, reference="benchmarks/synthetic.py (not real prices)")
        certs = tuple(Certification(name=n, source="synthetic", retrieved=AS_OF.date()) for n in ("soc2", "iso27001"))
        venues = []
        for i in range(80):
            metro, cc, lat, lon = METROS[i % len(METROS)]
            venues.append(Venue(id=f"{self.name}:r{i}", provider=self.name, kind="cloud", region=f"r{i}", country=cc,
                                metro=metro, latitude=lat, longitude=lon, host_trust="hyperscaler_dc",
                                operator_jurisdiction="US", certifications=certs, pue=1.2, grid_kgco2e_per_kwh=0.3,
                                supports_log_export=True))
        if not self.streamed:
            return ProviderCatalog(provider=self.name, venues=tuple(venues), offers=tuple(self._offers(venues, prov)),
                                   provenance=prov)
        return StreamedCatalog(provider=self.name, venues=tuple(venues), offers=self._offers(venues, prov),
                               provenance=prov)

    def _offers(self, venues, prov):
        """The offers, made as the core reads them (a StreamedCatalog): never all at once. Records built
        from one validated offer's fields without validation (as a fast plugin may build them): the
        core's gather validates every record."""
        rng = random.Random(self.seed)
        hardware = {(gpu, count): Hardware(accelerator=gpu, accelerator_count=count, accelerator_memory_gib=mem,
                                           vcpus=8 * count, memory_gib=64 * count)
                    for gpu, mem, _ in GPUS for count in (1, 2, 4, 8)}
        template = Offer(id=f"{venues[0].id}:template:on_demand", provider=self.name, venue_id=venues[0].id,
                         sku="template", billing="on_demand", usd_per_hour=Decimal("1"),
                         hardware=hardware[(GPUS[0][0], 1)], provenance=prov)
        quantum = Decimal("0.0001")
        base = template.model_dump(exclude_unset=True)
        base["hardware"], base["provenance"] = template.hardware, template.provenance
        fields_set = set(base)  # one set shared by every record (frozen records; model_construct keeps it)
        for i in range(self.n_offers):
            gpu, mem, price = GPUS[i % len(GPUS)]
            count = (1, 2, 4, 8)[(i // len(GPUS)) % 4]
            venue = venues[i % len(venues)]
            hourly = Decimal(price) * count * Decimal(str(round(rng.uniform(0.8, 1.3), 3)))
            yield Offer.model_construct(fields_set, **{
                **base, "id": f"{venue.id}:{gpu}x{count}-{i}:on_demand", "venue_id": venue.id,
                "sku": f"{gpu}x{count}-{i}", "usd_per_hour": hourly.quantize(quantum), "hardware": hardware[(gpu, count)]})


class SyntheticPlugin:
    def __init__(self, n_offers: int, streamed: bool = True):
        self.n_offers, self.streamed = n_offers, streamed

    @hookimpl
    def register_providers(self, register):
        register(SyntheticProvider(self.n_offers, streamed=self.streamed))


WORKLOAD = """[workload]
name = "w{i:04d}"
[data]
classes = ["{cls}"]
subjects = ["{cc}"]
[weights]
preset = "{preset}"
[[components]]
name = "chat"
kind = "inference"
model = "{model}"
precision = "{precision}"
output_tokens_per_month = {tokens}
peak_to_average = 2.5
slo = {{ ttft_ms_p95 = 1500, tokens_per_second_per_user = 10 }}
users = [ {{ metro = "{metro}", share = 1.0 }} ]
[[components]]
name = "tune"
kind = "fine-tune"
model = "{model}"
precision = "bf16"
data_classes = ["public"]
method = "lora"
training_tokens = {train}
deadline_hours = 72
"""


SITES = """[[sites]]
name = "dc-{k:02d}"
kind = "datacenter"
metro = "{metro}"
pue = 1.4
electricity_usd_per_kwh = 0.15
[[sites.servers]]
name = "l40s-box"
accelerator = "L40S"
accelerators_per_server = 4
quantity = 2
already_owned = true
host_watts = 800
"""


def write_workloads(directory: Path, n: int, seed: int = 11, sites_every: int = 0, n_sites: int = 50) -> list[Path]:
    """``n`` varied two-component workloads (inference + LoRA fine-tune). With ``sites_every`` = k, every
    k-th workload names one of ``n_sites`` owned data centres (round robin), so those sharing one are
    coupled through its capacity; the rest name no site."""
    rng = random.Random(seed)
    paths = []
    if sites_every:
        for k in range(n_sites):
            (directory / f"sites-{k:02d}.toml").write_text(SITES.format(k=k, metro=METROS[k % len(METROS)][0]))
    for i in range(n):
        metro, cc, _, _ = METROS[i % len(METROS)]
        text = WORKLOAD.format(
            i=i, cls=rng.choice(["internal", "pii", "public"]), cc=cc, preset=rng.choice(["balanced", "cost-first"]),
            model=rng.choice(["llama-3-8b", "mistral-7b", "qwen2.5-7b", "llama-3-70b"]), precision=rng.choice(["fp16", "fp8"]),
            tokens=rng.choice([5e7, 2e8, 1e9, 5e9]), metro=metro, train=rng.choice([1e8, 1e9]),
        )
        if sites_every and i % sites_every == 0:
            text = text.replace("[data]", f'sites_file = "sites-{(i // sites_every) % n_sites:02d}.toml"\n[data]', 1)
        path = directory / f"w{i:04d}.toml"
        path.write_text(text)
        paths.append(path)
    return paths
