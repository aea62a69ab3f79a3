"""Every Azure snapshot row, and the parser a live refresh uses: Windows, DevTest and low-priority rows
never become Linux prices; sizes of one series price alike per GPU; spot at on-demand is said."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from importlib.resources import files

import pytest

from advisor.catalog.gathering import gather
from advisor.plugin import OfferQuery, Plugins, Provenance

from advisor_azure.retail import terms_from_item
from advisor_azure.sizes import vm_sizes

PROV = Provenance(source="snapshot", as_of="2026-11-09T00:00:00+00:00", reference="test")


def _items() -> list[dict]:
    data = json.loads(files("advisor_azure").joinpath("data/retail_snapshot.json").read_text())
    return [item for page in data["pages"] for item in page["Items"]]


def _variants(item: dict) -> dict[str, dict]:
    """The same row as Windows, DevTest and low-priority meters, as the Retail Prices API lists them."""
    meter = item.get("meterName") or ""
    return {
        "windows": {**item, "productName": f"{item.get('productName') or 'Virtual Machines'} Windows"},
        "devtest": {**item, "type": "DevTestConsumption"},
        "low priority": {**item, "meterName": f"{meter.removesuffix(' Spot')} Low Priority", "skuName": f"{meter} Low Priority"},
    }


def test_every_snapshot_row_kept_as_a_price_is_a_linux_pay_as_you_go_or_commitment_row():
    kept = [item for item in _items() if terms_from_item(item, PROV)]
    assert len(kept) == len(_items()) > 100
    for item in kept:
        assert "Windows" not in (item.get("productName") or ""), item
        assert item.get("type") in ("Consumption", "Reservation"), item
        assert "Low Priority" not in f"{item.get('meterName')} {item.get('skuName')}", item


@pytest.mark.parametrize("variant", ["windows", "devtest", "low priority"])
def test_no_snapshot_row_becomes_a_price_as_a_windows_devtest_or_low_priority_meter(variant):
    leaked = [item["armSkuName"] for item in _items() if terms_from_item(_variants(item)[variant], PROV)]
    assert leaked == []


def test_sizes_of_one_series_cost_about_the_same_per_gpu_in_each_region_and_billing():
    """A Windows price among Linux rows breaks this: the licence adds $0.046 per vCPU-hour, 26-35 % on
    the NC sizes (eastus NC48ads/NC96ads A100 v4 and NC80adis H100 v5 carried 9.554, 19.108, 17.64).
    Azure's own Linux prices of one series differ by up to 11 % per GPU (NC64as vs NC16as T4 v3),
    hence 15 %; a licence on a 96-vCPU 8-GPU size (about 4 %) would pass unseen."""
    sizes = vm_sizes()
    per_gpu: dict[tuple, list[tuple[str, Decimal]]] = defaultdict(list)
    for item in _items():
        for term in terms_from_item(item, PROV):
            size = sizes.get(term.sku)
            if size is None or not size.gpus:
                continue
            shape = (round(size.vcpus / size.gpus, 3), round(size.memory_gib / size.gpus, 1))
            key = (term.region, term.billing, term.commitment_months, size.family, shape)
            per_gpu[key].append((term.sku, term.usd_per_hour / Decimal(str(size.gpus))))
    checked = 0
    for key, prices in per_gpu.items():
        if len(prices) < 2:
            continue
        checked += 1
        low, high = min(p for _, p in prices), max(p for _, p in prices)
        assert high / low < Decimal("1.15"), (key, prices)
    assert checked >= 5


def test_eastus_nc_a100_v4_and_nc80adis_h100_v5_carry_the_linux_prices():
    offers = {o.id: o for o in gather(Plugins(), OfferQuery(), offline=True, providers=["azure"]).offers}
    assert offers["azure:eastus:Standard_NC48ads_A100_v4:on_demand"].usd_per_hour == Decimal("7.348")
    assert offers["azure:eastus:Standard_NC96ads_A100_v4:on_demand"].usd_per_hour == Decimal("14.696")
    assert offers["azure:eastus:Standard_NC80adis_H100_v5:on_demand"].usd_per_hour == Decimal("13.96")


def test_nd_h200_v5_spot_at_the_on_demand_price_is_warned_about():
    (source,) = gather(Plugins(), OfferQuery(), offline=True, providers=["azure"]).sources
    (warning,) = source.warnings
    assert warning.startswith("2 spot offers are not cheaper than on-demand (azure:northeurope:Standard_ND96isr_H200_v5:spot "
                              "$101.76/h equals on-demand $101.76/h; azure:swedencentral:Standard_ND96isr_H200_v5:spot")
