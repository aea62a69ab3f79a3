"""Time ``size_component`` on many offers: python benchmarks/bench_sizing.py [offers] [components].

Offers are synthetic (every catalog device in counts 1-8 and several billing models, cycled), so
the distinct unit configurations number a few hundred while the offer count grows; the figures
printed are wall-clock seconds on this machine. ``size_component`` returns a ``Sizings`` table that
builds an offer's record only when asked, so the timed loop reads the columnar feasibility flags.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from decimal import Decimal

from advisor.reference.hardware import hardware_catalog
from advisor.reference.models import model_catalog
from advisor.model.offers import Hardware, Offer, Provenance
from advisor.sizing import group_coded, size_component, size_units, unit_codes
from advisor.model.workload import InferenceComponent, TrainingComponent

BILLINGS = ("on_demand", "spot", "reserved", "marketplace")


def synthetic_offers(n: int) -> list[Offer]:
    catalog = hardware_catalog()
    prov = Provenance(source="snapshot", as_of=datetime(2026, 1, 1, tzinfo=timezone.utc), reference="benchmark")
    shapes = []
    for spec in catalog:
        for count in (1, 2, 4, 8):
            hw = Hardware(cpu=spec.id, cpu_sockets=min(count, 2)) if spec.kind == "cpu" else Hardware(accelerator=spec.id, accelerator_count=count)
            shapes += [(spec.id, count, hw, b) for b in BILLINGS]
    offers = []
    for i in range(n):
        sid, count, hw, billing = shapes[i % len(shapes)]
        offers.append(
            Offer.model_construct(
                id=f"bench:r{i}:{sid}x{count}:{billing}", provider="bench", venue_id=f"bench:r{i % 97}", sku=f"{sid}x{count}",
                hardware=hw, billing=billing, usd_per_hour=Decimal("1.5"), provenance=prov, owned=None,
            )
        )
    return offers


def components(k: int) -> list:
    out = []
    models = ["llama-3-8b", "llama-3-70b", "mixtral-8x7b", "qwen2.5-32b", "mistral-7b"]
    for i in range(k):
        if i % 5 == 4:
            out.append(TrainingComponent(name=f"ft{i}", kind="fine-tune", model=models[i % 5], method="lora", training_tokens=1e8, deadline_hours=24))
        else:
            out.append(InferenceComponent(name=f"c{i}", kind="inference", model=models[i % 5], precision="fp8" if i % 2 else "fp16",
                                          output_tokens_per_month=1e9 * (i + 1), peak_to_average=2.0,
                                          slo={"ttft_ms_p95": 2000, "tokens_per_second_per_user": 20}))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    offers = synthetic_offers(n)
    hw, mc = hardware_catalog(), model_catalog()
    comps = components(k)
    size_component(comps[0], mc.get(comps[0].model), offers[:100], hw)  # warm caches and imports
    start = time.perf_counter()
    total = feasible = 0
    for comp in comps:
        t0 = time.perf_counter()
        result = size_component(comp, mc.get(comp.model), offers, hw)
        total += len(result)
        feasible += sum(result.feasible)
        print(f"  {comp.name:6s} {comp.kind:10s} {comp.model:14s} {len(result):,} sizings in {time.perf_counter() - t0:.3f} s")
    elapsed = time.perf_counter() - start
    print(f"{n:,} offers x {k} components = {total:,} sizings ({feasible:,} feasible) in {elapsed:.3f} s "
          f"({elapsed / total * 1e6:.2f} µs per sizing)")
    phases(comps, offers, hw, mc)
    t0 = time.perf_counter()
    records = sum(1 for _ in size_component(comps[0], mc.get(comps[0].model), offers, hw))
    print(f"building every Sizing record of one component ({records:,}), which the pipeline never does: "
          f"{time.perf_counter() - t0:.3f} s")


def phases(comps: list, offers: list[Offer], hw, mc) -> None:
    """Where the time goes: grouping offers, the numpy roofline over distinct units, records."""
    t0 = time.perf_counter()
    units, _ = group_coded(comps[0], *unit_codes(offers), hw)
    t1 = time.perf_counter()
    real = [u for u in units if not isinstance(u, str)]
    for comp in comps:
        size_units(comp, mc.get(comp.model), real)
    t2 = time.perf_counter()
    print(f"phases: group {len(offers):,} offers into {len(units)} units {t1 - t0:.3f} s; "
          f"roofline for {len(real)} units x {len(comps)} components {t2 - t1:.3f} s; records are built on demand")


if __name__ == "__main__":
    main()
