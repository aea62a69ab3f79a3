"""Placement speed on synthetic instances: 10 components x 5,000 candidates, and a 100-workload portfolio.

Run: ``python benchmarks/bench_placement.py``. Prints wall-clock and CPU seconds for scoring+pruning+solve
(``explain=False``) and with binding-constraint explanations. Figures are recorded in
docs/decision-method.md. Instances are seeded, so runs compare like with like.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from advisor.model.candidates import Candidate
from advisor.placement.plan import place

PROVIDERS = ["aws", "azure", "gcp", "onprem", "edge", "akash", "vastai", "ionet"]
KIND = {"aws": "cloud", "azure": "cloud", "gcp": "cloud", "onprem": "onprem", "edge": "edge",
        "akash": "depin", "vastai": "depin", "ionet": "depin"}
W = {"cost": 0.3, "latency": 0.25, "privacy": 0.2, "regulation": 0.15, "carbon": 0.1}


def instance(rng: np.random.Generator, components: list[str], per_component: int, pools: dict[str, int],
             workload_of=lambda c: c.split("/")[0]) -> list[Candidate]:
    out = []
    pool_ids = list(pools)
    for ci, comp in enumerate(components):
        base = 10 ** rng.uniform(2.5, 5)
        prov = rng.choice(PROVIDERS, size=per_component)
        usd = base * np.exp(rng.normal(0, 0.5, per_component))
        lat = rng.uniform(15, 900, per_component)
        carbon = usd * rng.uniform(0.05, 0.5, per_component)
        critical = ci % 4 == 0
        for k in range(per_component):
            p = str(prov[k])
            owned = p in ("onprem", "edge")
            pool = pool_ids[int(rng.integers(len(pool_ids)))] if owned and pool_ids else None
            priv = {"cloud": rng.integers(2, 5), "onprem": 5, "edge": 4, "depin": rng.integers(0, 2)}[KIND[p]]
            out.append(Candidate(
                component=comp, workload=workload_of(comp), offer_id=f"{p}:r{k % 40}:sku{k}:on_demand",
                venue_id=f"{p}:r{k % 40}", provider=p, kind=KIND[p], billing="owned" if owned else "on_demand",
                units=int(rng.integers(1, 6)), usd_per_month=float(round(usd[k], 2)), latency_ms=float(lat[k]),
                privacy_level=int(priv), regulation_penalty=float(rng.choice([0.0, 0.5, 1.0, 2.0])),
                evidence_owed=int(rng.integers(0, 3)), carbon_kg_per_month=float(carbon[k]),
                capacity_pool=pool, capacity_units=pools[pool] if pool else None, critical=critical))
    return out


def timed(label: str, fn) -> object:
    """Wall-clock and CPU seconds: on a shared machine the CPU figure is the steadier one."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    print(f"{label:<66} wall {time.perf_counter() - t0:7.2f} s   cpu {time.process_time() - c0:7.2f} s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workloads", type=int, default=100)
    ap.add_argument("--per-component", type=int, default=5000)
    args = ap.parse_args()
    rng = np.random.default_rng(42)

    comps = [f"w0/c{i}" for i in range(10)]
    pools = {"onprem:dc1:t4-box": 12, "onprem:dc2:h100": 8, "edge:fra:cfg": 6}
    cands = timed("build 10 x %d candidates" % args.per_component,
                  lambda: instance(rng, comps, args.per_component, pools))
    for kw in ({}, {"max_providers": 3, "budget_usd_per_month": 400_000.0}):
        plan = timed(f"place 10 components {kw or ''} explain=False", lambda: place(cands, W, explain=False, **kw))
        print(f"    feasible={plan.feasible} status={plan.status} kept={plan.candidates_after_pruning}/"
              f"{plan.candidates_considered} cost=${plan.total_usd_per_month or 0:,.0f} providers={plan.providers}")
        timed(f"place 10 components {kw or ''} explain=True", lambda: place(cands, W, **kw))

    comps = [f"wl{w}/{c}" for w in range(args.workloads) for c in ("chat", "embed", "tune")]
    pools = {f"onprem:dc{d}:box{b}": int(rng.integers(20, 60)) for d in range(3) for b in range(3)}
    cands = timed(f"build portfolio {args.workloads} workloads x 3 components x 200",
                  lambda: instance(rng, comps, 200, pools))
    for kw in ({}, {"max_providers": 4}, {"budget_usd_per_month": 5_000_000.0}):
        plan = timed(f"place portfolio {kw or ''} explain=False", lambda: place(cands, W, explain=False, **kw))
        print(f"    feasible={plan.feasible} status={plan.status} kept={plan.candidates_after_pruning}/"
              f"{plan.candidates_considered} cost=${plan.total_usd_per_month or 0:,.0f} providers={plan.providers}")
    timed("place portfolio explain=True", lambda: place(cands, W))


if __name__ == "__main__":
    main()
