"""The dated snapshot shipped in the package, stored in the AWS APIs' own response shapes.

It is parsed with the same parsers as a live refresh (pricelist, spot, capabilities), once per
process, so a fresh install answers with no credentials and no network.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from advisor.plugin import ProviderCatalog, read_json

from advisor_aws.assemble import Inputs, build_catalog
from advisor_aws.capabilities import parse_instance_types
from advisor_aws.pricelist import parse_price_list, snapshot_day
from advisor_aws.spot import lowest_spot

SNAPSHOT = "data/snapshot.json"


@cache
def raw_snapshot() -> dict[str, Any]:
    return read_json("advisor_aws", SNAPSHOT)


def inputs_from_responses(raw: dict[str, Any]) -> Inputs:
    """Parse API-shaped responses (snapshot file or recorded live answers) into catalog inputs."""
    as_of = snapshot_day(raw["captured"])
    products = {}
    dropped = []
    spot = {}
    for region, answers in raw["regions"].items():
        parsed = parse_price_list(answers["get_products"]["PriceList"], raw["reference"])
        products.update(parsed.products)
        dropped += [f"{region}: {n} x {why}" for why, n in sorted(parsed.dropped.items())]
        rows = answers.get("describe_spot_price_history", {}).get("SpotPriceHistory", [])
        spot.update({(region, t): s for t, s in lowest_spot(region, rows).items()})
    inputs = Inputs(
        source="snapshot",
        as_of=as_of,
        reference=raw["reference"],
        products=products,
        capabilities=parse_instance_types(raw["describe_instance_types"]["InstanceTypes"]),
        spot=spot,
        spot_as_of=as_of,
    )
    inputs.skipped += dropped
    return inputs


@cache
def snapshot_catalog() -> ProviderCatalog:
    """The embedded catalog, parsed once per process."""
    return build_catalog(inputs_from_responses(raw_snapshot()))
