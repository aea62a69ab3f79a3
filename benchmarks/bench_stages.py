"""CPU seconds per stage of one ``recommend`` of a synthetic portfolio placed together.

    python benchmarks/bench_stages.py 1000            # evaluation, placement, assembly of 1,000 workloads
    python benchmarks/bench_stages.py 1000 out.json   # and write its canonical JSON (to compare versions)

Each stage function is wrapped with ``time.process_time`` (CPU, not wall: the figure that a busy
machine disturbs least); the workloads are ``synthetic.write_workloads(DIR, N)``, offline, as of
2026-11-22, as ``outputs.py`` writes them.
"""

from __future__ import annotations

import functools
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import advisor.pipeline as pipeline  # noqa: E402
import advisor.placement.portfolio as portfolio  # noqa: E402
from advisor.plugin.manager import Plugins  # noqa: E402
from synthetic import write_workloads  # noqa: E402

SPENT: dict[str, float] = {}


def timed(module: object, name: str) -> None:
    f = getattr(module, name)

    @functools.wraps(f)
    def wrapper(*args: object, **kw: object) -> object:
        t0 = time.process_time()
        try:
            return f(*args, **kw)
        finally:
            SPENT[name] = SPENT.get(name, 0.0) + time.process_time() - t0

    setattr(module, name, wrapper)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for module, name in [(pipeline, "priced_gather"), (pipeline, "_evaluate"), (pipeline, "place_portfolio"),
                         (pipeline, "assemble"), (portfolio, "shortlist"), (portfolio, "place"),
                         (portfolio, "best_single_provider_plan")]:
        timed(module, name)
    paths = write_workloads(Path(tempfile.mkdtemp()), n)
    t0 = time.process_time()
    rec = pipeline.recommend(paths, Plugins(), pipeline.Options(offline=True, as_of=date(2026, 11, 22)))
    spent = time.process_time() - t0
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(rec.canonical_json())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} workloads: recommend {spent:.2f} s CPU, peak RSS {peak:,.0f} MiB")
    for name, seconds in SPENT.items():
        print(f"  {name:<28} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
