"""The one parser of NeoCloud's price API: cents, "contact sales" prices, unknown GPUs and regions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from advisor.model.offers import Provenance

from advisor_neocloud.api import parse_instance_types, price_usd
from advisor_neocloud.provider import catalog_from_pages, snapshot_catalog
from advisor_neocloud.venues import build_venues

PROV = Provenance(source="live", as_of=datetime(2026, 9, 20, tzinfo=UTC), reference="fixture")


def parse(page):
    return parse_instance_types(page["data"], PROV, build_venues())


def test_cents_become_dollars_and_zero_or_null_is_unknown_never_free():
    assert price_usd(71) == Decimal("0.71")
    assert price_usd(1899.5) == Decimal("18.995")
    assert price_usd(0) is None and price_usd(None) is None and price_usd("n/a") is None and price_usd(True) is None


def test_rows_become_offers_with_the_shared_id_convention(api_pages):
    offers = {o.id: o for o in parse(api_pages[0]).offers}
    assert sorted(offers) == [
        "neocloud:eu-ams-1:gpu-1x-l4:on_demand",
        "neocloud:eu-ams-1:gpu-1x-l4:spot",
        "neocloud:eu-ams-1:gpu-4x-l4:reserved:1y",
        "neocloud:us-ash-1:gpu-1x-l4:on_demand",
    ]
    l4 = offers["neocloud:eu-ams-1:gpu-1x-l4:on_demand"]
    assert (l4.usd_per_hour, l4.hardware.accelerator, l4.hardware.accelerator_memory_gib) == (Decimal("0.71"), "L4", 24)
    assert offers["neocloud:eu-ams-1:gpu-1x-l4:spot"].interruption_overhead == 0.1
    reserved = offers["neocloud:eu-ams-1:gpu-4x-l4:reserved:1y"]
    assert (reserved.billing, reserved.commitment_months, reserved.usd_per_hour) == ("reserved", 12, Decimal("2.05"))
    assert offers["neocloud:us-ash-1:gpu-1x-l4:on_demand"].usd_per_hour is None


def test_rows_the_parser_cannot_place_are_skipped_with_a_reason(api_pages):
    skipped = parse(api_pages[0]).skipped + parse(api_pages[1]).skipped
    assert "gpu-1x-l4: region 'ap-sin-1' has no venue facts" in skipped
    assert "gpu-4x-l4 in eu-ams-1: reserved price without term_months" in skipped
    assert "gpu-4x-l4 in eu-ams-1: unknown billing 'prepaid-credits'" in skipped
    assert "gpu-1x-mi325x: unknown GPU 'AMD Instinct MI325X'" in skipped


def test_catalog_of_pages_names_what_it_skipped_in_its_provenance(api_pages):
    catalog = catalog_from_pages(api_pages, PROV)
    assert len(catalog.offers) == 6
    assert "skipped 4 row(s)" in catalog.provenance.reference
    h100 = {o.id: o for o in catalog.offers}["neocloud:us-ash-1:gpu-8x-h100-sxm:reserved:3y"]
    assert h100.commitment_months == 36 and h100.usd_per_hour is None


def test_snapshot_is_parsed_by_the_same_parser_and_says_it_is_fictional():
    catalog = snapshot_catalog()
    assert catalog.provenance.source == "snapshot"
    assert catalog.provenance.as_of == datetime(2026, 9, 15, tzinfo=UTC)
    assert "not a real provider" in catalog.provenance.reference
    assert all("not a real provider" in o.provenance.reference for o in catalog.offers)
    offers = {o.id: o for o in catalog.offers}
    assert offers["neocloud:eu-ams-1:gpu-8x-h100-sxm:on_demand"].usd_per_hour == Decimal("19.92")
    assert offers["neocloud:us-ash-1:gpu-8x-b200:on_demand"].usd_per_hour is None


def test_venues_carry_certifications_with_source_and_the_facts_rules_read():
    venues = build_venues()
    assert sorted(venues) == ["ca-mtl-1", "eu-ams-1", "us-ash-1"]
    ams = venues["eu-ams-1"]
    assert (ams.country, ams.metro, ams.operator_jurisdiction, ams.host_trust) == ("NL", "Amsterdam", "NL", "vetted_dc")
    assert (ams.pue, ams.grid_kgco2e_per_kwh, ams.supports_log_export) == (1.56, 0.328, True)
    assert {c.name for c in ams.certifications} == {"iso27001", "soc2"}
    assert venues["us-ash-1"].has_certification("hipaa_baa")
    assert all(c.source and c.retrieved.isoformat() == "2026-09-15" for v in venues.values() for c in v.certifications)
