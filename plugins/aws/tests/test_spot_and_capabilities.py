"""Spot rows reduce to the cheapest zone; instance types map to advisor hardware ids."""

from __future__ import annotations

from decimal import Decimal

from advisor_aws.capabilities import parse_instance_types
from advisor_aws.spot import lowest_spot


def test_spot_takes_the_newest_row_per_zone_then_the_cheapest_zone(spot_pages):
    rows = [r for page in spot_pages for r in page]
    best = lowest_spot("us-east-1", rows)
    g4 = best["g4dn.xlarge"]
    assert g4.usd_per_hour == Decimal("0.19")
    assert g4.zone == "us-east-1b"
    assert g4.zones_seen == 3


def test_spot_ignores_zero_prices_and_other_operating_systems(spot_pages):
    rows = [r for page in spot_pages for r in page]
    best = lowest_spot("us-east-1", rows)
    assert best["p5.48xlarge"].usd_per_hour == Decimal("30.5")
    assert best["p5.48xlarge"].zone == "us-east-1f"


def test_gpu_memory_is_normalised_through_the_table(instance_types):
    caps = parse_instance_types(instance_types)
    l4 = caps["g6.xlarge"].hardware
    assert (l4.accelerator, l4.accelerator_count, l4.accelerator_memory_gib) == ("L4", 1, 24)
    assert caps["g5.xlarge"].hardware.accelerator == "A10G"
    assert caps["p4d.24xlarge"].hardware.accelerator == "A100-40GB"
    assert caps["p4de.24xlarge"].hardware.accelerator == "A100-80GB"
    p5 = caps["p5.48xlarge"].hardware
    assert (p5.accelerator, p5.accelerator_count, p5.vcpus, p5.memory_gib) == ("H100-SXM", 8, 192, 2048)


def test_neuron_devices_map_to_inferentia(instance_types):
    hw = parse_instance_types(instance_types)["inf2.xlarge"].hardware
    assert (hw.accelerator, hw.accelerator_count, hw.accelerator_memory_gib) == ("Inferentia2", 1, 32)


def test_amx_cpu_families_map_to_sapphire_rapids_sockets(instance_types):
    caps = parse_instance_types(instance_types)
    big = caps["m7i.48xlarge"]
    assert (big.hardware.cpu, big.hardware.cpu_sockets, big.hardware.cpu_share) == ("Xeon-8480+", 2, None)
    small = caps["m7i.xlarge"]
    assert (small.hardware.cpu_sockets, small.hardware.cpu_share) == (None, 0.0417)
    assert small.hardware.accelerator is None


def test_unknown_accelerator_is_reported_not_guessed(instance_types):
    cap = parse_instance_types(instance_types)["g3.4xlarge"]
    assert cap.hardware is None
    assert "M60" in cap.problem
