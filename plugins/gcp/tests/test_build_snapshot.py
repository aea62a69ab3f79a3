"""Rebuilding the SKU snapshot from the live catalog (patched transport): dated, filtered, atomic."""

from __future__ import annotations

import json
from unittest import mock

from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import billing_v1

from advisor.plugin.snapshot import snapshot_provenance

from advisor_gcp import build_snapshot
from advisor_gcp.catalog import build_catalog
from advisor_gcp.machines import machines
from advisor_gcp.provider import snapshot_rates
from advisor_gcp.venues import build_venues


def _client(side_effect):
    client = billing_v1.CloudCatalogClient(credentials=AnonymousCredentials())
    patcher = mock.patch.object(type(client.transport.list_skus), "__call__", side_effect=side_effect)
    return client, patcher


def test_the_rebuilt_snapshot_keeps_composable_skus_dated_now_and_prices_like_a_refresh(sku_page_texts, tmp_path, capsys):
    pages = [billing_v1.ListSkusResponse.from_json(t, ignore_unknown_fields=True) for t in sku_page_texts]
    listed = sum(len(p.skus) for p in pages)
    client, patcher = _client(pages)
    target = tmp_path / "skus_snapshot.json"
    with patcher:
        assert build_snapshot.main(["-o", str(target)], client=client) == 0
    written = json.loads(target.read_text())
    (page,) = written["pages"]
    assert page["_source"]["as_of"] == written["captured"]
    assert 0 < len(page["skus"]) < listed
    catalog = build_catalog(machines(), snapshot_rates(written), build_venues(),
                            snapshot_provenance(written["captured"], "test"))
    a2 = {o.id: o for o in catalog.offers}["gcp:us-central1:a2-highgpu-1g:on_demand"]
    assert a2.usd_per_hour is not None and a2.provenance.as_of.isoformat() == written["captured"]
    assert f"wrote {len(page['skus'])} SKUs" in capsys.readouterr().out


def test_a_failed_listing_leaves_the_previous_snapshot(tmp_path, capsys):
    target = tmp_path / "skus_snapshot.json"
    target.write_text('{"kept": true}')
    client, patcher = _client(exceptions.PermissionDenied("API key not valid"))
    with patcher:
        code = build_snapshot.main(["-o", str(target)], client=client)
    assert code == 1 and json.loads(target.read_text()) == {"kept": True}
    assert "snapshot not written" in capsys.readouterr().out
