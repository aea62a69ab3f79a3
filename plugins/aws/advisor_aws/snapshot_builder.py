"""Rebuild the embedded AWS snapshot from the public bulk offer files (``advisor prices build-snapshot aws``).

The snapshot keeps the Query API's shapes the plugin already parses: per region, the kept products
as ``get_products`` ``PriceList`` strings (each stamped with the offer file it came from and its
publication date), an empty spot history (spot prices need credentials), and the instance-type data
of the current snapshot. Every region must answer, or nothing is written.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor.plugin import LiveUnavailable, Progress, write_json_atomically

from advisor_aws.bulk import BULK_HOST, REGION_INDEX, Fetch, read_region_items, region_files
from advisor_aws.embedded import SNAPSHOT, raw_snapshot
from advisor_aws.live import FAMILIES, http_fetch
from advisor_aws.venues import regions as venue_regions

DEFAULT_OUTPUT = Path(__file__).resolve().parent / SNAPSHOT


def build(output: Path = DEFAULT_OUTPUT, fetch: Fetch | None = None, progress: Progress | None = None,
          now: datetime | None = None) -> str:
    """Capture every venue region's offer file and write the snapshot; LiveUnavailable writes nothing."""
    fetch = fetch or http_fetch
    report = progress or (lambda message, done, total: None)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    index = json.loads(b"".join(fetch(f"{BULK_HOST}{REGION_INDEX}")))
    wanted = venue_regions()
    files = {f.region: f for f in region_files(index) if f.region in wanted}
    missing = [r for r in wanted if r not in files]
    if missing:
        raise LiveUnavailable(f"the bulk region index lists no offer file for {', '.join(missing)}; snapshot not written")
    regions: dict[str, Any] = {}
    rows = 0
    for n, (region, region_file) in enumerate(sorted(files.items())):
        report(f"aws: offer file {region}", n, len(files))
        items, _ = read_region_items(fetch, region_file, FAMILIES)
        source = {"reference": f"AWS Price List Bulk API {region_file.url}", "url": region_file.url}
        price_list = [json.dumps({**item, "_advisor_source": source}, sort_keys=True)
                      for item in sorted(items, key=lambda i: i["product"]["attributes"]["instanceType"])]
        rows += len(price_list)
        regions[region] = {"get_products": {"FormatVersion": "aws_v1", "PriceList": price_list},
                           "describe_spot_price_history": {"SpotPriceHistory": []}}
    if not rows:
        raise LiveUnavailable("the offer files held no product of the plugin's families; snapshot not written")
    snapshot = {
        "about": "advisor-aws embedded snapshot in AWS API response shapes; built by advisor prices build-snapshot aws "
                 "from the public Price List Bulk API offer files. Spot prices need credentials, so spot history is empty.",
        "captured": now.date().isoformat(),
        "reference": f"advisor-aws snapshot {now.date().isoformat()}: AWS Price List Bulk API {BULK_HOST}{REGION_INDEX}",
        "regions": regions,
        "describe_instance_types": raw_snapshot()["describe_instance_types"],
    }
    write_json_atomically(output, snapshot)
    return f"wrote {rows} products in {len(regions)} regions to {output}"
