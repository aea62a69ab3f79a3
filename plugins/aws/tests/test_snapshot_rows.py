"""Every AWS snapshot row, through the parsers a live refresh uses: only Linux, shared-tenancy,
licence-free, used-capacity rows become prices; the same row as Windows, BYOL, SQL Server,
dedicated or reserved-capacity never does; a Windows spot row is never a Linux spot price."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from advisor_aws.embedded import raw_snapshot
from advisor_aws.pricelist import parse_item
from advisor_aws.spot import lowest_spot

VARIANTS = {
    "windows": {"operatingSystem": "Windows"},
    "rhel": {"operatingSystem": "RHEL"},
    "byol": {"licenseModel": "Bring your own license"},
    "sql server": {"preInstalledSw": "SQL Std"},
    "dedicated": {"tenancy": "Dedicated"},
    "unused reservation": {"capacitystatus": "UnusedCapacityReservation"},
    "capacity block": {"marketoption": "CapacityBlock"},
}


def _items() -> list[dict]:
    return [json.loads(item) for answers in raw_snapshot()["regions"].values() for item in answers["get_products"]["PriceList"]]


def _as(item: dict, change: dict) -> dict:
    product = item["product"]
    return {**item, "product": {**product, "attributes": {**product["attributes"], **change}}}


def test_every_snapshot_row_kept_is_linux_shared_licence_free_and_used_capacity():
    kept = [(item, parsed) for item in _items() if not isinstance(parsed := parse_item(item, "test"), str)]
    assert len(kept) > 100
    for item, _ in kept:
        attrs = item["product"]["attributes"]
        assert (attrs["operatingSystem"], attrs["tenancy"], attrs["preInstalledSw"], attrs["capacitystatus"]) == ("Linux", "Shared", "NA", "Used")
        assert attrs.get("licenseModel", "No License required") == "No License required"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_snapshot_row_becomes_a_price_under_another_os_licence_tenancy_or_capacity(variant):
    leaked = [item["product"]["attributes"]["instanceType"] for item in _items()
              if not isinstance(parse_item(_as(item, VARIANTS[variant]), "test"), str)]
    assert leaked == []


def test_windows_spot_rows_never_become_the_linux_spot_price():
    when = datetime(2026, 11, 20, tzinfo=UTC)
    rows = [
        {"InstanceType": "g5.xlarge", "AvailabilityZone": "us-east-1a", "ProductDescription": "Windows", "SpotPrice": "0.10", "Timestamp": when},
        {"InstanceType": "g5.xlarge", "AvailabilityZone": "us-east-1b", "ProductDescription": "Linux/UNIX", "SpotPrice": "0.45", "Timestamp": when},
        {"InstanceType": "g6.xlarge", "AvailabilityZone": "us-east-1a", "ProductDescription": "Windows (Amazon VPC)", "SpotPrice": "0.20", "Timestamp": when},
    ]
    best = lowest_spot("us-east-1", rows)
    assert set(best) == {"g5.xlarge"}
    assert (str(best["g5.xlarge"].usd_per_hour), best["g5.xlarge"].zone) == ("0.45", "us-east-1b")
