"""Rebuild the embedded SKU snapshot from the live Cloud Billing Catalog, for a maintainer with access.

Needs an API key (ADVISOR_GCP_API_KEY or GOOGLE_API_KEY) or Application Default Credentials. Keeps
only the SKUs the composition reads (vCPU, RAM, GPU and local SSD of the bundled families), all
stamped with the moment of the capture; the file is written only when the listing completed. The
published machine totals (data/machine_totals.json) stay, and a newer SKU composition wins over them.
Usage:

    python -m advisor_gcp.build_snapshot [-o PATH]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from advisor.plugin import LiveUnavailable, Provenance, write_json_atomically

from advisor_gcp.provider import CATALOG_URL, list_sku_dicts, make_client
from advisor_gcp.skus import rates_from_sku

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "data" / "skus_snapshot.json"
ABOUT = (
    "Cloud Billing Catalog list_skus pages for Compute Engine (services/6F81-5844-456A), captured live by "
    "python -m advisor_gcp.build_snapshot in the REST JSON shape of ListSkusResponse and parsed at load by the "
    "same code as a live refresh. Only the SKUs the machine composition reads are kept. Machines and regions "
    "with no rate here are UNPRICED, never $0."
)


def capture(skus: Iterable[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """The SKUs the composition reads, as one dated page."""
    probe = Provenance(source="snapshot", as_of=now, reference=CATALOG_URL)
    kept = [sku for sku in skus if rates_from_sku(sku, probe)]
    page = {"_source": {"reference": CATALOG_URL, "as_of": now.isoformat()}, "skus": kept}
    return {"_about": ABOUT, "captured": now.isoformat(), "pages": [page]}


def build(output: Path = DEFAULT_OUTPUT, client: Any = None) -> str:
    """Capture and write the snapshot; LiveUnavailable (nothing written) on any catalog failure."""
    from google.api_core.exceptions import GoogleAPIError

    try:
        snapshot = capture(list_sku_dicts(client or make_client()), datetime.now(UTC).replace(microsecond=0))
    except GoogleAPIError as exc:
        raise LiveUnavailable(f"Cloud Billing Catalog failed: {exc}") from exc
    kept = len(snapshot["pages"][0]["skus"])
    if not kept:
        raise LiveUnavailable("the catalog returned no SKU the composition reads")
    write_json_atomically(output, snapshot)
    return f"wrote {kept} SKUs to {output}"


def main(argv: Sequence[str] | None = None, client: Any = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m advisor_gcp.build_snapshot", description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="Snapshot file to write.")
    args = parser.parse_args(argv)
    try:
        print(build(args.output, client))
    except LiveUnavailable as exc:
        print(f"snapshot not written: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
