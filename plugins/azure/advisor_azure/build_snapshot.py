"""Rebuild the embedded snapshot from the live Retail Prices API, for a maintainer with network access.

The API is public (no credentials), so one command captures every offered size in every region at
one dated moment; the file is written only when every region answered, so a failed capture leaves
the shipped snapshot as it was. Usage:

    python -m advisor_azure.build_snapshot [--region R ...] [-o PATH]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from advisor.plugin import LiveUnavailable, write_json_atomically

from advisor_azure import live_retail
from advisor_azure.sizes import vm_sizes

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "data" / "retail_snapshot.json"
ABOUT = (
    "Azure Retail Prices API pages (https://prices.azure.com/api/retail/prices), captured live by "
    "python -m advisor_azure.build_snapshot and parsed at load by the same code as a live refresh. Each page "
    "carries '_source' (the request and the moment it was answered). Sizes and regions with no row here are "
    "offered UNPRICED, never at $0."
)


def capture(
    client: httpx.Client,
    regions: Iterable[str],
    now: datetime,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Every Retail Prices page for the bundled sizes in ``regions``, each stamped with its request and ``now``."""
    sizes = vm_sizes()
    pages: list[dict[str, Any]] = []
    for region in regions:
        offered = sorted(name for name, size in sizes.items() if region in size.regions)
        if not offered:
            continue
        reference = (
            f"{live_retail.RETAIL_URL}?api-version={live_retail.API_VERSION}&$filter="
            f"{live_retail.region_filter(region, offered)}"
        )
        for page in live_retail.fetch_pages(client, region, offered, sleep):
            items = [i for i in page.get("Items") or () if i.get("armRegionName") == region]
            pages.append({"_source": {"reference": reference, "as_of": now.isoformat()}, "Items": items})
    return {"_about": ABOUT, "captured": now.isoformat(), "pages": pages}


def all_regions() -> list[str]:
    return sorted({r for size in vm_sizes().values() for r in size.regions})


def build(output: Path = DEFAULT_OUTPUT, client: httpx.Client | None = None, regions: Iterable[str] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> str:
    """Capture and write the snapshot; LiveUnavailable (nothing written) when a region fails or no row came."""
    owned = client is None
    client = client or httpx.Client(timeout=live_retail.TIMEOUT)
    try:
        snapshot = capture(client, list(regions or all_regions()), datetime.now(UTC).replace(microsecond=0), sleep)
    finally:
        if owned:
            client.close()
    rows = sum(len(p["Items"]) for p in snapshot["pages"])
    if not rows:
        raise LiveUnavailable("the Retail Prices API returned no rows")
    write_json_atomically(output, snapshot)
    return f"wrote {rows} rows in {len(snapshot['pages'])} pages to {output}"


def main(
    argv: Sequence[str] | None = None, client: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep
) -> int:
    parser = argparse.ArgumentParser(prog="python -m advisor_azure.build_snapshot", description=__doc__.splitlines()[0])
    parser.add_argument("--region", action="append", help="Only this region (repeatable); default: every offered region.")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="Snapshot file to write.")
    args = parser.parse_args(argv)
    try:
        print(build(args.output, client, args.region, sleep))
    except LiveUnavailable as exc:
        print(f"snapshot not written: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
