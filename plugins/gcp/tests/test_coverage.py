"""Snapshot price coverage: real published figures per region, bundled local SSD included, no $0,
every family priced in two European and two Asia-Pacific regions where Google offers it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from advisor.reference.geo import area_of
from advisor.model.offers import OfferQuery, ProviderCatalog
from advisor.plugin.snapshot import read_json

from advisor_gcp.machines import machines
from advisor_gcp.provider import GcpProvider

#: The one place where a family may miss the two-EU / two-APAC coverage, with the reason.
COVERAGE_EXCEPTIONS = {
    "n1+T4": "no dated per-region T4 GPU SKU rate found in any stored public source; T4 is priced only in "
    "us-central1 (cloud.google.com/compute/gpus-pricing, 2025-03-06) and stays unpriced elsewhere",
    "a2": "A2 High (A100 40GB) is offered in only one European region of this plugin, europe-west4 "
    "(SkyPilot catalog v8 availability); priced there and in two APAC regions",
    "a2-mega": "a2-megagpu-16g is offered in one European (europe-west4) and one APAC region "
    "(asia-southeast1) of this plugin; priced in both",
    "a2-ultra": "A2 Ultra (A100 80GB) is offered in one European (europe-west4) and one APAC region "
    "(asia-southeast1) of this plugin; priced in both",
}


@pytest.fixture(scope="module")
def catalog() -> ProviderCatalog:
    return GcpProvider().catalog(OfferQuery())


@pytest.fixture(scope="module")
def offers(catalog):
    return {o.id: o for o in catalog.offers}


AREAS = {"United States": "US", "Europe": "EU", "Asia-Pacific": "APAC"}


def _family(sku: str) -> str:
    table = read_json("advisor_gcp", "data/machine_types.json")["families"]
    if "+" in sku:
        return "n1+" + sku.split("x")[-1]
    return next(name for name, spec in table.items() if sku in spec["machines"])


def test_g2_standard_4_in_europe_west4_is_the_published_figure_for_each_billing(offers):
    on_demand = offers["gcp:europe-west4:g2-standard-4:on_demand"]
    assert on_demand.usd_per_hour == Decimal("0.742916046")
    assert offers["gcp:europe-west4:g2-standard-4:spot"].usd_per_hour == Decimal("0.38986")
    one_year = offers["gcp:europe-west4:g2-standard-4:committed_use:1y"]
    assert one_year.usd_per_hour == Decimal("341.6671049") / 730
    assert one_year.commitment_months == 12
    assert one_year.attributes["machine_total"]["conversion"] == "month_1y / 730 h"
    assert offers["gcp:asia-southeast1:g2-standard-4:on_demand"].usd_per_hour == Decimal("0.872018928")


def test_a3_highgpu_8g_in_europe_west4_includes_its_6000_gib_of_local_ssd(offers):
    offer = offers["gcp:europe-west4:a3-highgpu-8g:on_demand"]
    ssd = offer.attributes["components"]["local_ssd"]
    assert offer.usd_per_hour == Decimal("112.540479175233")
    assert (ssd["quantity"], ssd["usd_per_gib_month"], ssd["hours_per_month"], ssd["included_in_total"]) == (
        6000.0, "0.088", 730, True
    )
    assert Decimal(ssd["usd_per_hour"]) == 6000 * Decimal("0.088") / 730
    # Without its SSD part the total is a 9-decimal sum of hourly SKUs: the source added 6000 GiB at /730 h.
    host_and_gpus = offer.usd_per_hour - 6000 * Decimal("0.088") / 730
    assert abs(host_and_gpus - Decimal("111.817191504")) < Decimal("1e-11")


def test_a2_ultragpu_1g_total_holds_375_gib_of_ssd_at_730_hours(offers):
    offer = offers["gcp:europe-west4:a2-ultragpu-1g:on_demand"]
    assert offer.usd_per_hour == Decimal("5.58091847945206")
    assert abs(offer.usd_per_hour - 375 * Decimal("0.088") / 730 - Decimal("5.535713")) < Decimal("1e-11")
    assert not [o for o in offers.values() if o.sku == "a2-ultragpu-1g" and o.billing == "committed_use"]


def test_no_gcp_offer_is_priced_at_zero_or_below(catalog):
    priced = [o.usd_per_hour for o in catalog.offers if o.usd_per_hour is not None]
    assert len(priced) > 900
    assert min(priced) > 0


def test_every_machine_type_is_priced_on_demand_wherever_it_is_offered(catalog):
    unpriced = {(o.venue_id, o.sku) for o in catalog.offers if o.billing == "on_demand" and o.usd_per_hour is None}
    assert unpriced
    assert all("+" in sku and sku.endswith("T4") and venue != "gcp:us-central1" for venue, sku in unpriced)


def test_each_family_is_priced_in_two_eu_and_two_apac_regions_or_is_a_documented_exception(catalog):
    priced: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    venues = {v.id: v for v in catalog.venues}
    for offer in catalog.offers:
        if offer.billing == "on_demand" and offer.usd_per_hour is not None:
            venue = venues[offer.venue_id]
            priced[_family(offer.sku)][AREAS.get(area_of(venue.country), "other")].add(venue.region)
    families = {_family(sku) for sku in machines()}
    short = {f for f in families if len(priced[f]["EU"]) < 2 or len(priced[f]["APAC"]) < 2}
    assert short == set(COVERAGE_EXCEPTIONS)
    for family in families - {"n1+T4"}:
        assert len(priced[family]["US"]) >= 1 and priced[family]["EU"] and priced[family]["APAC"], family
    assert {"europe-west4", "europe-west1"} <= priced["a3"]["EU"] and len(priced["g2"]["APAC"]) == 2


def test_published_totals_are_consistent_across_machine_sizes():
    """Transcription check: within a family the source's totals scale with the machine (same SKUs)."""
    costs = {m: e["cost"] for m, e in read_json("advisor_gcp", "data/machine_totals.json")["pages"][0]["machines"].items()}
    shapes = {m: s for f in read_json("advisor_gcp", "data/machine_types.json")["families"].values() for m, s in f["machines"].items()}
    checked = 0
    for base in ("n1-standard-1", "c3-standard-4", "a2-highgpu-1g", "a2-ultragpu-1g"):
        prefix = base.rsplit("-", 1)[0]
        for machine in (m for m in costs if m.startswith(prefix + "-")):
            factor = Decimal(shapes[machine][0]) / Decimal(shapes[base][0])
            for region, figures in costs[machine].items():
                for field, value in figures.items():
                    assert abs(Decimal(value) - factor * Decimal(costs[base][region][field])) < Decimal("1e-12"), (machine, region, field)
                    checked += 1
    for region, figures in costs["g2-standard-16"].items():  # 8 vCPU + 32 GiB more than a one-GPU size
        for field, value in figures.items():
            step = Decimal(costs["g2-standard-12"][region][field]) - Decimal(costs["g2-standard-4"][region][field])
            assert Decimal(value) - Decimal(costs["g2-standard-8"][region][field]) == step, (region, field)
            checked += 1
    assert checked > 400


def test_every_published_total_is_for_a_bundled_shape_and_an_offered_region():
    page = read_json("advisor_gcp", "data/machine_totals.json")["pages"][0]
    table = machines()
    for name, entry in page["machines"].items():
        shape, machine = entry["shape"], table[name]
        gpus = sum(v for k, v in shape.items() if k not in ("cpu", "ram", "local-ssd"))
        assert (shape["cpu"], shape["ram"], gpus) == (machine.vcpus, machine.memory_gib, machine.gpu_count), name
        assert shape.get("local-ssd", 0) == machine.local_ssd_gib, name
        assert set(entry["cost"]) <= machine.regions, name
