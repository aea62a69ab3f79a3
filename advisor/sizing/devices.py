"""From offers to device configurations: what one unit provides, resolved against the catalog.

Offers are grouped by configuration (device, count, memory per device, billing style) so sizing
100,000 offers costs as much as sizing the few hundred distinct machines among them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from advisor.reference.hardware import HardwareCatalog
from advisor.model.offers import Hardware, Offer, TokenTerms, gpus_per_server, is_shared_box
from advisor.reference.engines import Engine
from advisor.sizing.efficiency import Efficiency, EfficiencyTable
from advisor.sizing.precision import PrecisionPlan
from advisor.sizing.roofline import Array, Rows
from advisor.sizing.tokens import TokenUnit, token_unit, token_unit_key
from advisor.model.specs import HardwareSpec

GIB = 2**30
ALWAYS_ON_BILLING = frozenset({"capex", "owned", "reserved", "committed_use", "subscription", "provisioned"})


@dataclass(frozen=True, eq=False)
class UnitConfig:
    """One unit of an offer: ``devices`` devices (fractional for a shared GPU) of ``spec``.

    ``bandwidth_share`` is the share of one device's memory bandwidth a fractional unit gets when it
    differs from its compute share (a small CPU VM: cores x per-core bandwidth, not vCPUs / threads).
    ``network`` is the class of the network between units (None: not stated by the offer)."""

    spec: HardwareSpec
    devices: float
    memory_gb: float
    always_on: bool
    bandwidth_share: float | None = None
    network: str | None = None
    network_gbps: float | None = None
    packed: bool = False
    """A shared box's unit: components take GPUs of it, so sizing holds as few as meet the SLO."""
    server_devices: float | None = None
    """Devices of one server when the unit holds several (an Outposts rack): a tensor-parallel group
    stays within one server. None: the unit is one server."""

    @property
    def key(self) -> tuple[object, ...]:
        return (self.spec.id, self.devices, self.memory_gb, self.always_on, self.bandwidth_share, self.network,
                self.network_gbps, self.packed, self.server_devices)

    @property
    def tp_devices(self) -> float:
        """The devices one tensor-parallel group may span: one server's."""
        return self.devices if self.server_devices is None else self.server_devices

    @property
    def label(self) -> str:
        count = f"{self.devices:g}"
        return f"{count}× {self.spec.id}"


def unit_config(offer: Offer, catalog: HardwareCatalog) -> UnitConfig | TokenUnit | str:
    """The unit an offer sells, or why it cannot be sized (never a guess)."""
    api = token_unit(offer)
    if api is not None:
        return api
    hw = offer.hardware
    always_on = offer.billing in ALWAYS_ON_BILLING
    if hw.accelerator:
        spec = catalog.get(hw.accelerator)
        if spec is None:
            return f"unknown hardware '{hw.accelerator}'"
        if hw.accelerator_count <= 0:
            return f"offer lists {spec.id} with no accelerator count"
        if hw.accelerator_memory_gib is not None:
            memory = hw.accelerator_memory_gib * GIB / 1e9
        else:
            memory = spec.memory_gb * min(hw.accelerator_count, 1.0)
        server = gpus_per_server(offer)
        return UnitConfig(spec, float(hw.accelerator_count), memory, always_on, None, hw.network, hw.network_gbps,
                          is_shared_box(offer), float(server) if server < hw.accelerator_count else None)
    if hw.cpu:
        spec = catalog.get(hw.cpu)
        if spec is None:
            return f"unknown hardware '{hw.cpu}'"
        if spec.kind != "cpu":
            return f"'{hw.cpu}' is listed as a CPU but the catalog says it is a {spec.kind}"
        sockets = cpu_sockets(hw, spec)
        if sockets < 1:
            memory = hw.memory_gib * GIB / 1e9 if hw.memory_gib else spec.memory_gb * sockets
        else:
            memory = hw.memory_gib * GIB / 1e9 / sockets if hw.memory_gib else spec.memory_gb
        return UnitConfig(spec, sockets, memory, always_on, cpu_bandwidth_share(hw, spec, sockets), hw.network, hw.network_gbps)
    return "offer names neither an accelerator nor a CPU model"


def cpu_bandwidth_share(hw: Hardware, spec: HardwareSpec, sockets: float) -> float | None:
    """A VM smaller than a socket: the share of the socket's bandwidth its cores can draw.

    Memory is interleaved over every channel of the socket, so a VM is limited by what its cores
    can keep in flight (cores x per-core bandwidth), not by vCPUs / threads: 8 cores of a Xeon
    8480+ draw about 96 of its 307 GB/s (31 %), where a vCPU-proportional share gave 14 %."""
    if sockets >= 1 or spec.bandwidth_per_core_gb_s is None or not spec.threads_per_socket:
        return None
    cores = (hw.vcpus / 2) if hw.vcpus else sockets * spec.threads_per_socket / 2
    return round(min(1.0, max(sockets, cores * spec.bandwidth_per_core_gb_s / spec.bandwidth_gb_s)), 4)


def unit_key(hw: Hardware, billing: str, tokens: TokenTerms | None = None, packed: bool = False,
             per_server: int | None = None) -> tuple[object, ...]:
    """What sizing reads of an offer: offers with equal keys sell the same unit and share one sizing
    (``packed``: a shared box's unit, ``UnitConfig.packed``; ``per_server``: ``gpus_per_server``)."""
    return (hw.accelerator, hw.accelerator_count, hw.accelerator_memory_gib, hw.cpu, hw.cpu_sockets, hw.cpu_share,
            hw.vcpus if hw.cpu else None, hw.memory_gib, billing, hw.network, hw.network_gbps, *token_unit_key(tokens),
            packed, per_server)


def cpu_sockets(hw: Hardware, spec: HardwareSpec) -> float:
    """Sockets one unit sells: the provider's share or count, else vCPUs over the socket's threads, else one.

    A 4-vCPU VM is not a 56-core socket: sizing it as one overstated CPU offers many times over.
    """
    if hw.cpu_share is not None:
        return hw.cpu_share
    if hw.cpu_sockets is not None:
        return float(hw.cpu_sockets)
    if hw.vcpus and spec.threads_per_socket:
        share = hw.vcpus / spec.threads_per_socket
        return round(share, 4) if share < 1 else float(max(1, round(share)))
    return 1.0


def tp_candidates(devices: float, heads: int) -> list[int]:
    """TP degrees within one unit: powers of two up to the unit's device count, dividing the heads."""
    if devices < 1:
        return [1]
    whole = int(devices)
    out = [t for t in (1, 2, 4, 8, 16, 32, 64) if t <= whole and heads % t == 0]
    if whole not in out and heads % whole == 0:
        out.append(whole)
    return out


@dataclass(frozen=True)
class RowSpec:
    """Inputs of one roofline row: a unit configuration at one TP (and PP: units per replica) with
    its precision, its efficiency row and the engine that serves it."""

    unit: UnitConfig
    tp: int
    plan: PrecisionPlan
    eff: Efficiency
    engine: Engine
    pp: int = 1


def network_of(unit: UnitConfig, table: EfficiencyTable) -> tuple[str, float, float, str]:
    """(class, bytes/s per direction, latency s, basis) of the network between units of this offer."""
    if unit.network is not None:
        name, basis = unit.network, "stated by the offer"
    elif unit.devices >= 8 and unit.spec.interconnect in table.switched:
        name, basis = "efa", "assumed: 8-GPU fabric nodes ship with a cluster network (EFA/InfiniBand class)"
    else:
        name, basis = "ethernet", "assumed: no cluster fabric stated"
    net = table.network[name]
    bandwidth = (unit.network_gbps / 8 if unit.network_gbps else net["bandwidth_gb_s"]) * 1e9
    return name, bandwidth, net["latency_us"] * 1e-6, basis


def pp_candidates(unit: UnitConfig, weight_bytes: float, usable: float, limit: int = 16) -> list[int]:
    """Units per replica: 1, plus, when the weights leave less than 10 % of one unit's usable memory
    for the KV cache, the fewest units that leave it (and the next power of two) as pipeline stages."""
    per_unit = unit.devices * unit.memory_gb * 1e9 * usable
    if unit.devices < 1 or per_unit <= 0 or weight_bytes <= per_unit * 0.9:
        return [1]
    need = math.ceil(weight_bytes / (per_unit * 0.9))
    if need > limit:
        return [1]
    return sorted({1, need, min(1 << (need - 1).bit_length(), limit)})


def build_rows(items: list[RowSpec], table: EfficiencyTable) -> Rows:
    """Pack row inputs into numpy arrays; a fractional device scales its compute and bandwidth."""
    d = table.defaults

    def col(values: list[float]) -> Array:
        return np.asarray(values, dtype=float)

    share = [min(i.unit.devices, 1.0) for i in items]
    bw_share = [i.unit.bandwidth_share if i.unit.bandwidth_share is not None else s for i, s in zip(items, share)]
    nets = [network_of(i.unit, table) if i.pp > 1 else ("", 1.0, 0.0, "") for i in items]
    return Rows(
        tp=col([i.tp for i in items]),
        pp=col([i.pp for i in items]),
        flops=col([i.plan.tflops * 1e12 * s for i, s in zip(items, share)]),
        bandwidth=col([i.unit.spec.bandwidth_gb_s * 1e9 * s for i, s in zip(items, bw_share)]),
        memory=col([i.unit.memory_gb * 1e9 for i in items]),
        link=col([table.link_bytes_s(i.unit.spec) for i in items]),
        allreduce=col([table.allreduce_s(i.unit.spec) for i in items]),
        hops=col([table.allreduce_hops(i.unit.spec, i.tp) for i in items]),
        net_latency=col([n[2] for n in nets]),
        net_bandwidth=col([n[1] for n in nets]),
        mbu=col([i.eff.mbu * (i.engine.int4_bandwidth if i.plan.weight_only else 1.0) for i in items]),
        kv_mbu=col([i.eff.kv_mbu if i.eff.kv_mbu is not None else i.eff.mbu for i in items]),
        mfu_prefill=col([i.eff.mfu_prefill for i in items]),
        mfu_decode=col([i.eff.mfu_decode for i in items]),
        quant_compute=col([i.engine.int4_compute if i.plan.weight_only else 1.0 for i in items]),
        overhead=col([i.eff.overhead_ms * 1e-3 for i in items]),
        band=col([i.eff.band for i in items]),
        usable=col([d["usable_memory_fraction"]] * len(items)),
        activation=col([d["activation_gb_per_device"] * 1e9] * len(items)),
        fragmentation=col([d["kv_fragmentation"]] * len(items)),
        batch_cap=col([i.eff.max_batch for i in items]),
        activation_bytes=d["activation_bytes"],
    )


def unit_watts(unit: UnitConfig, table: EfficiencyTable) -> tuple[float, float] | None:
    """(idle, busy) watts of one unit before PUE: devices plus host; None without a published TDP."""
    spec, d = unit.spec, table.defaults
    if spec.tdp_w is None:
        return None
    idle = spec.idle_w if spec.idle_w is not None else spec.tdp_w * d["idle_fraction_of_tdp"]
    if spec.kind == "cpu":
        host = d["cpu_host_watts"]
    else:
        host = max(d["host_watts_min"], d["host_fraction_of_device_tdp"] * spec.tdp_w * unit.devices)
        host *= min(unit.devices, 1.0)
    return host + unit.devices * idle, host + unit.devices * spec.tdp_w
