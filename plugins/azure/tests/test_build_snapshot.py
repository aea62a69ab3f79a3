"""Rebuilding the embedded snapshot from the live Retail Prices API (mocked): dated pages, atomic write."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx

from advisor_azure import build_snapshot
from advisor_azure.catalog import build_catalog
from advisor_azure.provider import snapshot_terms
from advisor_azure.sizes import vm_sizes
from advisor_azure.venues import build_venues

from advisor.plugin.snapshot import snapshot_provenance

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


def _eastus_only(retail_pages, calls):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.params.get("$skip"):
            return httpx.Response(200, json=retail_pages[1])
        if "armRegionName eq 'eastus'" not in request.url.params["$filter"]:
            return httpx.Response(200, json={"Items": [], "NextPageLink": None})
        return httpx.Response(200, json=retail_pages[0])

    return handler


def test_a_capture_holds_every_page_dated_by_its_request_and_loads_like_the_shipped_snapshot(retail_pages):
    calls: list[httpx.Request] = []
    client = httpx.Client(transport=httpx.MockTransport(_eastus_only(retail_pages, calls)))
    snapshot = build_snapshot.capture(client, ["eastus", "westeurope"], NOW, sleep=lambda s: None)
    assert snapshot["captured"] == "2026-11-22T06:00:00+00:00"
    assert [len(p["Items"]) for p in snapshot["pages"]] == [5, 6, 0]
    assert all(p["_source"]["as_of"] == "2026-11-22T06:00:00+00:00" for p in snapshot["pages"])
    assert "armRegionName eq 'westeurope'" in snapshot["pages"][-1]["_source"]["reference"]
    sizes = vm_sizes()
    catalog = build_catalog(snapshot_terms(snapshot), sizes, build_venues(sizes.values()),
                            snapshot_provenance(snapshot["captured"], "test"))
    t4 = {o.id: o for o in catalog.offers}["azure:eastus:Standard_NC4as_T4_v3:on_demand"]
    assert (t4.usd_per_hour, t4.provenance.as_of) == (Decimal("0.526"), NOW)


def test_main_writes_the_file_only_when_the_capture_succeeds(retail_pages, tmp_path, capsys):
    target = tmp_path / "retail_snapshot.json"
    target.write_text('{"kept": true}')
    failing = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    code = build_snapshot.main(["--region", "eastus", "-o", str(target)], client=failing, sleep=lambda s: None)
    assert code == 1 and json.loads(target.read_text()) == {"kept": True}
    assert "snapshot not written" in capsys.readouterr().out
    calls: list[httpx.Request] = []
    working = httpx.Client(transport=httpx.MockTransport(_eastus_only(retail_pages, calls)))
    assert build_snapshot.main(["--region", "eastus", "-o", str(target)], client=working, sleep=lambda s: None) == 0
    written = json.loads(target.read_text())
    assert sum(len(p["Items"]) for p in written["pages"]) == 11
    assert not list(tmp_path.glob(".retail_snapshot.json.*"))


def test_every_offered_region_is_captured_by_default():
    regions = build_snapshot.all_regions()
    assert {"eastus", "westeurope", "japaneast", "australiaeast"} <= set(regions)
