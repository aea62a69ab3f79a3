"""GPU names and host locations from marketplace rows map to canonical ids and honest coordinates."""

from __future__ import annotations

import pytest

from advisor_depin.hardware import canonical_gpu, gib_from_quantity
from advisor_depin.places import locate
from advisor_depin.reliability import interruption_overhead
from advisor_depin.vastai import _place


@pytest.mark.parametrize(
    ("name", "memory", "interface", "expected"),
    [
        ("RTX 4090", None, None, "RTX-4090"),
        ("rtx4090", 24, "PCIe", "RTX-4090"),
        ("GeForce RTX 4090", None, None, "RTX-4090"),
        ("H100 SXM", None, None, "H100-SXM"),
        ("h100", 80, "SXM5", "H100-SXM"),
        ("H100 PCIE", None, None, "H100-PCIe"),
        ("H100 NVL", None, None, "H100-NVL"),
        ("H100", 80, None, None),
        ("A100 SXM4", 80, None, "A100-80GB"),
        ("A100 PCIE", 40, None, "A100-40GB"),
        ("A100 80GB", None, None, "A100-80GB"),
        ("A100", None, None, None),
        ("Tesla T4", 15, None, "T4"),
        ("L40S", None, None, "L40S"),
        ("L40", None, None, None),
        ("RTX A6000", None, None, "RTX-A6000"),
        ("RTX 6000Ada", None, None, None),
        ("A10", None, None, "A10"),
        ("A10G", None, None, "A10G"),
    ],
)
def test_canonical_gpu(name, memory, interface, expected):
    assert canonical_gpu(name, memory, interface) == expected


def test_quantities_convert_to_gib():
    assert gib_from_quantity("80Gi") == 80
    assert gib_from_quantity("48GB") == pytest.approx(44.7, abs=0.01)
    assert gib_from_quantity("bogus") is None and gib_from_quantity(None) is None


def test_locations_prefer_metro_then_capital_then_unknown():
    oslo = locate("Oslo", "NO")
    assert (oslo.metro, oslo.precision, oslo.latitude) == ("Oslo", "metro", 59.9139)
    texas = locate(*_place("Texas, US"))
    assert (texas.country, texas.metro, texas.precision) == ("US", "Texas", "country-capital")
    wrong_country = locate("Paris", "US")
    assert wrong_country.country == "US" and wrong_country.precision == "country-capital"
    assert locate(None, None).precision == "unknown" and locate(None, "XX").country == "ZZ"


def test_overhead_grows_as_reliability_falls_and_unknown_stays_unknown():
    assert interruption_overhead(1.0) == 0
    assert interruption_overhead(0.9) == pytest.approx(0.1 / 0.9 * 1.75, rel=1e-5)
    assert interruption_overhead(0.0) == 5.0
    assert interruption_overhead(None) is None
