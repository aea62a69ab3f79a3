"""Parser for ``ec2.describe_instance_types``: what one instance provides, in advisor hardware ids.

GPU model and per-device memory come from GpuInfo (NeuronInfo for Inferentia/Trainium), normalised
through the bundled accelerators table because AWS reports usable MiB (L4: 22888 MiB for a 24 GB
card). CPU-only families map to a CPU id with sockets derived from vCPUs (see the table's notes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from advisor.plugin import Hardware, read_json

PACKAGE = "advisor_aws"


@dataclass(frozen=True)
class Capability:
    """Hardware of one instance type, or why it cannot be described."""

    instance_type: str
    hardware: Hardware | None
    bare_metal: bool = False
    problem: str | None = None


@cache
def _table() -> dict[str, Any]:
    return read_json(PACKAGE, "data/accelerators.json")


def _device(manufacturer: str, name: str, size_mib: int | None) -> Mapping[str, Any] | None:
    for row in _table()["devices"]:
        if row["name"].lower() != name.lower() or row["manufacturer"].lower() != manufacturer.lower():
            continue
        if "size_mib" in row and row["size_mib"] != size_mib:
            continue
        return row
    return None


def family(instance_type: str) -> str:
    return instance_type.split(".", 1)[0]


def _accelerators(info: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], str]:
    if info.get("GpuInfo", {}).get("Gpus"):
        return info["GpuInfo"]["Gpus"], "NVIDIA"
    if info.get("NeuronInfo", {}).get("NeuronDevices"):
        return info["NeuronInfo"]["NeuronDevices"], "AWS"
    return [], ""


def parse_instance_type(info: Mapping[str, Any]) -> Capability:
    """One InstanceTypeInfo to a Capability."""
    itype = info["InstanceType"]
    vcpus = info.get("VCpuInfo", {}).get("DefaultVCpus")
    mib = info.get("MemoryInfo", {}).get("SizeInMiB")
    base = {"vcpus": vcpus or None, "memory_gib": mib / 1024 if mib else None}
    bare = bool(info.get("BareMetal", False))
    devices, default_maker = _accelerators(info)
    if devices:
        if len(devices) != 1:
            return Capability(itype, None, bare, problem="mixed accelerator models")
        dev = devices[0]
        size = dev.get("MemoryInfo", {}).get("SizeInMiB")
        row = _device(dev.get("Manufacturer", default_maker), dev["Name"], size)
        if row is None:
            return Capability(itype, None, bare, problem=f"accelerator {dev['Name']} ({size} MiB) not in table")
        hw = Hardware(accelerator=row["id"], accelerator_count=dev["Count"], accelerator_memory_gib=row["memory_gb"], **base)
        return Capability(itype, hw, bare)
    cpu = _table()["cpu_families"].get(family(itype))
    if cpu is None or not vcpus:
        return Capability(itype, None, bare, problem="no accelerator and not a CPU-inference family")
    fraction = vcpus / cpu["vcpus_per_socket"]
    if fraction < 1:
        hw = Hardware(cpu=cpu["cpu"], cpu_share=round(fraction, 4), **base)
    else:
        hw = Hardware(cpu=cpu["cpu"], cpu_sockets=round(fraction), **base)
    return Capability(itype, hw, bare)


def parse_instance_types(infos: Iterable[Mapping[str, Any]]) -> dict[str, Capability]:
    return {c.instance_type: c for c in map(parse_instance_type, infos)}
