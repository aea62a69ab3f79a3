"""Rule evaluation speed: the shipped packs (plus synthetic rules up to 50) × 5,000 venues × 10 components.

Run: ``python benchmarks/bench_rules.py``. Prints the figures; record them in docs/rules.md.
Venues are synthetic but shaped like real catalogues: a few hundred distinct attribute profiles
(a provider's facts shared by its venues, × country) repeated across regions and DePIN hosts.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from advisor.model.offers import Certification, Venue
from advisor.model.records import Verdict
from advisor.paths import builtin_rules_dir
from advisor.rules import RuleSet, evaluate, load_ruleset
from advisor.model.workload import Workload

COUNTRIES = ["US", "DE", "FR", "NL", "IE", "GB", "JP", "IN", "BR", "CA", "SG", "AU", "SE", "CH", "KR", "ZA"]
CERT_SETS = [("hipaa_baa", "soc2", "iso27001", "pci_dss", "c5"), ("soc2", "iso27001"), ("iso27001",), ()]
HOSTS = ["hyperscaler_dc", "hyperscaler_dc", "hyperscaler_dc", "vetted_dc", "anonymous_host", "customer"]
TODAY = date(2026, 9, 1)


def synthetic_venues(n: int, providers: int = 40, seed: int = 7) -> list[Venue]:
    """``n`` venues of ``providers`` providers; a provider's facts are shared by its venues, as in real catalogues."""
    rng = random.Random(seed)
    retrieved = date(2026, 1, 15)
    facts = []
    for p in range(providers):
        host = rng.choice(HOSTS)
        facts.append(
            {
                "provider": f"p{p}",
                "host_trust": host,
                "kind": "depin" if host in ("vetted_dc", "anonymous_host") else "onprem" if host == "customer" else "cloud",
                "certifications": tuple(
                    Certification(name=c, source="https://example.invalid", retrieved=retrieved) for c in rng.choice(CERT_SETS)
                ),
                "operator_jurisdiction": rng.choice(["US", "DE", None]),
                "supports_log_export": rng.choice([True, False, None]),
                "confidential_computing": rng.choice([(), ("sev-snp", "h100-cc")]),
                "attributes": {"dpf_certified": rng.choice([True, False]), "key_custody": rng.choice(["cmk", "provider_managed"])},
            }
        )
    out = []
    for i in range(n):
        f = facts[i % providers]
        out.append(
            Venue(id=f"{f['provider']}:r{i}", region=f"r{i}", country=rng.choice(COUNTRIES), metro="X",
                  latitude=0.0, longitude=0.0, government=rng.random() < 0.02, **f)
        )
    return out


def workload() -> Workload:
    components = [
        {"name": f"c{i}", "kind": "inference", "model": "llama-3-8b", "output_tokens_per_month": 1e6,
         "data_classes": [["pii"], ["phi", "pii"], ["pci"], ["confidential"], ["public"]][i % 5]}
        for i in range(10)
    ]
    return Workload.model_validate(
        {
            "workload": {"name": "bench"},
            "data": {"classes": ["pii"], "subjects": ["EU", "US", "CA-QC", "IN"], "residency": ["EU", "US", "CA", "IN"]},
            "regulation": {"regimes": ["c5", "fedramp_moderate"], "high_risk_ai": True, "transfer_mechanisms": ["scc"]},
            "constraints": {"min_privacy_level": 1},
            "components": components,
        }
    )


def synthetic_pack(path: Path, count: int) -> None:
    """Extra rules so the set reaches 50: same shapes as the shipped ones, always triggered."""
    lines = ['[pack]\nname = "bench"\ntitle = "Benchmark filler"\nversion = "1"\n']
    for i in range(count):
        lines.append(
            f'[[rules]]\nid = "BENCH-{i:03d}"\ntitle = "Synthetic rule {i}"\ncategory = "cost"\nseverity = "low"\n'
            f'effect = "penalty"\npenalty = 0.01\nrationale = "Benchmark filler rule."\n'
            f'references = ["https://example.invalid/{i}"]\n'
            f'condition = {{ all = [ {{ attribute = "venue.country", operator = "in", value = ["{COUNTRIES[i % 16]}", "US"] }},'
            f' {{ attribute = "venue.certifications", operator = "contains", value = "soc2" }} ] }}\n'
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def main(n_venues: int = 5000, repeats: int = 5) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        ruleset = load_ruleset([builtin_rules_dir()])
        filler = max(0, 50 - len(ruleset))
        if filler:
            synthetic_pack(Path(tmp) / "bench.toml", filler)
            ruleset = load_ruleset([builtin_rules_dir(), Path(tmp)])
    venues = synthetic_venues(n_venues)
    w = workload()
    cold, warm, cold_cpu, warm_cpu = [], [], [], []
    for _ in range(repeats):
        fresh = _copy(ruleset)
        for wall, cpu in ((cold, cold_cpu), (warm, warm_cpu)):
            start, start_cpu = time.perf_counter(), time.process_time()
            verdicts = [evaluate(fresh, w, c, venues, TODAY) for c in w.components]
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    pairs = sum(len(v) for v in verdicts)
    findings = sum(len(x.findings) for v in verdicts for x in v.values())
    profiles = len({(v.provider, v.country, v.government) for v in venues})
    print(f"rules: {len(ruleset)} ({filler} synthetic), venues: {n_venues}, components: {len(w.components)}")
    print(f"pairs judged: {pairs:,}, findings listed: {findings:,}, distinct venue profiles: <= {profiles}")
    for label, wall, cpu in (("first evaluation (cold caches)", cold, cold_cpu), ("repeat (warm caches)", warm, warm_cpu)):
        print(f"{label}: wall median {statistics.median(wall) * 1000:.0f} ms (best {min(wall) * 1000:.0f}), "
              f"CPU median {statistics.median(cpu) * 1000:.0f} ms (best {min(cpu) * 1000:.0f})")
    print(f"over {repeats} runs, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    sample = verdicts[0][venues[0].id]
    start_cpu = time.process_time()
    for _ in range(pairs):
        Verdict(component="c", venue_id="v", status=sample.status, findings=sample.findings, penalty=sample.penalty)
    print(f"floor: building {pairs:,} Verdict records alone takes {(time.process_time() - start_cpu) * 1000:.0f} ms CPU here")


def _copy(ruleset: RuleSet) -> RuleSet:
    """The same rules with empty caches, so each run starts cold."""
    return RuleSet(dict(ruleset.rules), list(ruleset.packs), ruleset.overrides, ruleset.overrides_file)


if __name__ == "__main__":
    main()
