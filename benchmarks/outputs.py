"""Write the outputs a speed-up must leave byte-identical, to compare two versions of the code.

    PYTHONPATH=/path/to/old/checkout python benchmarks/outputs.py /tmp/before   # the code before
    python benchmarks/outputs.py /tmp/after                                     # this checkout
    diff -r /tmp/before /tmp/after && echo identical

Writes the canonical JSON of every example (``--as-of 2026-11-22``, offline), of a 100-workload
portfolio placed together, and the JSON Lines of a 100-workload ``--inventory`` (every 10th workload
naming one of 50 shared data centres); ``--large`` adds the 1,000-workload portfolio (about a
minute). The workloads come from ``benchmarks/synthetic.py`` of this checkout, so both versions read
the same files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the outputs to")
    parser.add_argument("--large", action="store_true", help="also the 1,000-workload portfolio")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_workloads

    from advisor.executors import LocalExecutor
    from advisor.inventory import run_inventory, summary_line
    from advisor.pipeline import Options, recommend
    from advisor.plugin.manager import Plugins

    options = Options(offline=True, as_of=AS_OF)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"advisor from {sys.modules['advisor'].__file__}", file=sys.stderr)
    for example in sorted((ROOT / "examples").glob("*.toml")):
        if "sites" in example.name:
            continue
        rec = recommend([example], Plugins(), options)
        (args.out / f"example-{example.stem}.json").write_text(rec.canonical_json())
    work = Path(tempfile.mkdtemp())
    sizes = (100, 1000) if args.large else (100,)
    for n in sizes:
        (work / f"p{n}").mkdir()
        rec = recommend(write_workloads(work / f"p{n}", n), Plugins(), options)
        (args.out / f"portfolio-{n}.json").write_text(rec.canonical_json())
    (work / "inv").mkdir()
    paths = write_workloads(work / "inv", 100, sites_every=10)
    solved = list(run_inventory(paths, Plugins(), options, LocalExecutor()))
    lines = [s.line for s in solved] + [summary_line(solved)]
    (args.out / "inventory-100.jsonl").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
