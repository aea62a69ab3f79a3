"""Every GCP snapshot SKU through the parser a live refresh uses: licence SKUs (Windows, SQL Server,
RHEL) never become part of a Linux machine's rate, whatever resource they name."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from advisor.plugin import Provenance

from advisor_gcp.skus import rates_from_sku

PROV = Provenance(source="snapshot", as_of="2026-11-09T00:00:00+00:00", reference="test")


def _skus() -> list[dict]:
    data = json.loads(files("advisor_gcp").joinpath("data/skus_snapshot.json").read_text())
    return [sku for page in data["pages"] for sku in page["skus"]]


VARIANTS = {
    "licence family": lambda sku: {**sku, "category": {**sku["category"], "resourceFamily": "License"}},
    "windows licence": lambda sku: {**sku, "description": f"Licensing Fee for Windows Server 2022 Datacenter Edition on {sku['description']}"},
    "sql server": lambda sku: {**sku, "description": f"{sku['description']} with SQL Server Standard"},
}


def test_snapshot_skus_that_give_rates_are_compute_or_storage_resources_without_licences():
    giving = [sku for sku in _skus() if rates_from_sku(sku, PROV)]
    assert len(giving) >= 40
    for sku in giving:
        assert sku["category"].get("resourceFamily") in ("Compute", "Storage")
        assert "licens" not in sku["description"].lower() and "windows" not in sku["description"].lower()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_snapshot_sku_gives_a_rate_as_a_licence(variant):
    leaked = [sku["description"] for sku in _skus() if rates_from_sku(VARIANTS[variant](sku), PROV)]
    assert leaked == []


def test_gcp_spot_offers_carry_the_published_spot_terms():
    from advisor.plugin import OfferQuery

    from advisor_gcp.provider import GcpProvider

    offers = GcpProvider().catalog(OfferQuery()).offers
    spot = [o for o in offers if o.billing == "spot"]
    assert spot
    assert all(o.attributes["spot_preemption_notice_s"] == 30 and o.attributes["spot_max_run_hours"] is None for o in spot)
    assert not any("spot_preemption_notice_s" in o.attributes for o in offers if o.billing != "spot")
