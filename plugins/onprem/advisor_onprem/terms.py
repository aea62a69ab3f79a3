"""OwnedTerms for one server at one site: the user's figures first, documented defaults after.

Every default used is written into ``OwnedTerms.assumptions`` with its source, so a review board
sees which numbers came from the sites file and which from the reference.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from advisor.plugin import OwnedTerms, Server, Site
from advisor_onprem.catalog import device_spec
from advisor_onprem.defaults import defaults, device_watts, electricity


def _dec(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


class _Terms:
    """Collects values and the assumption behind each default."""

    def __init__(self) -> None:
        self.assumptions: dict[str, str] = {}

    def pick(self, key: str, given: Any, default: Any, source: str) -> Any:
        if given is not None:
            return given
        self.assumptions[key] = source
        return default


def _device_watts(device: str, count: int, notes: dict[str, str]) -> tuple[float, float]:
    spec = device_spec(device)
    if spec is not None and getattr(spec, "tdp_w", None):
        idle = spec.idle_w if spec.idle_w is not None else spec.tdp_w / 10.0
        return idle * count, spec.tdp_w * count
    idle, peak, source = device_watts(device)
    notes[f"watts_{device}"] = f"{device}: {idle:g} W idle / {peak:g} W max each - {source}"
    return idle * count, peak * count


def _capex(server: Server, notes: dict[str, str]) -> float | None:
    """Whole-server price: the sites file's figure, else catalog device prices plus host."""
    if server.capex_usd is not None:
        return server.capex_usd
    host = defaults()["host"]
    devices: list[tuple[str, int]] = []
    if server.accelerator:
        devices.append((server.accelerator, server.accelerators_per_server))
    if server.cpu and server.cpu_sockets:
        devices.append((server.cpu, server.cpu_sockets))
    total = 0.0
    for device, count in devices:
        spec = device_spec(device)
        price = getattr(spec, "price_usd", None)
        if spec is None or price is None:
            notes["capex"] = f"purchase price of {device} unknown (no capex_usd, not in the hardware catalog): unpriced"
            return None
        total += price * count
        notes[f"price_{device}"] = f"{device} ${price:,.0f} each ({spec.price_source}, {spec.price_date})"
    if server.host_capex_usd is not None:
        return total + server.host_capex_usd
    if server.accelerators_per_server < host["large_from_accelerators"]:
        notes["host_capex"] = f"host ${host['capex_small_usd']:,} - {host['capex_small_source']}"
        return total + host["capex_small_usd"]
    notes["host_capex"] = "host (chassis, CPUs, RAM, NICs) not priced for large nodes: set host_capex_usd; capex understated"
    return total


def owned_terms(server: Server, site: Site) -> OwnedTerms:
    """The cost parameters of one ``server`` at ``site``."""
    d = defaults()
    t = _Terms()
    notes = t.assumptions
    gpu = bool(server.accelerator)
    life_default = d["life_months"]["gpu" if gpu else "cpu"]
    life = t.pick("life_months", server.life_months, life_default, d["life_months"]["gpu_source" if gpu else "cpu_source"])
    residual = t.pick("residual_fraction", server.residual_fraction, d["residual"]["fraction"], d["residual"]["source"])
    maintenance = t.pick(
        "maintenance_fraction_per_year",
        server.maintenance_fraction_per_year,
        d["maintenance"]["fraction_per_year"],
        d["maintenance"]["source"],
    )
    idle, peak = 0.0, 0.0
    if server.accelerator:
        i, p = _device_watts(server.accelerator, server.accelerators_per_server, notes)
        idle, peak = idle + i, peak + p
    if server.cpu and server.cpu_sockets:
        i, p = _device_watts(server.cpu, server.cpu_sockets, notes)
        idle, peak = idle + i, peak + p
    host = d["host"]
    large = server.accelerators_per_server >= host["large_from_accelerators"]
    host_w = t.pick(
        "host_watts",
        server.host_watts,
        host["watts_large" if large else "watts_small"],
        host["watts_large_source" if large else "watts_small_source"],
    )
    notes.setdefault("host_idle", f"host idle at {host['idle_fraction']:.0%} of {host_w:g} W - {host['idle_source']}")
    pue = t.pick("pue", site.pue, d["pue"]["value"], d["pue"]["source"])
    country = site.country_code
    price, price_source = electricity(country, site.metro)
    kwh = t.pick("electricity_usd_per_kwh", site.electricity_usd_per_kwh, price, price_source)
    colo = site.colocation_usd_per_kw_month
    if colo is None and site.kind == "colocation":
        colo = t.pick("colocation_usd_per_kw_month", None, d["colocation"]["usd_per_kw_month"], d["colocation"]["source"])
    per_admin = t.pick("servers_per_admin", site.servers_per_admin, d["staff"]["servers_per_admin"], d["staff"]["ratio_source"])
    staff = t.pick("staff_usd_per_fte_year", site.staff_usd_per_fte_year, d["staff"]["usd_per_fte_year"], d["staff"]["usd_source"])
    notes["discount_rate_per_year"] = d["discount"]["source"]
    capex = _capex(server, notes)
    if server.power_usd_per_month is not None:
        notes["power"] = f"flat ${server.power_usd_per_month:,.2f}/month per server from the sites file"
    return OwnedTerms(
        capex_usd=_dec(capex) if capex is not None else None,
        already_owned=server.already_owned,
        life_months=life,
        residual_fraction=residual,
        maintenance_fraction_per_year=maintenance,
        it_watts_max=peak + host_w,
        it_watts_idle=idle + host_w * host["idle_fraction"],
        pue=pue,
        electricity_usd_per_kwh=_dec(kwh),
        colocation_usd_per_kw_month=_dec(colo or 0.0),
        power_usd_per_month=_dec(server.power_usd_per_month) if server.power_usd_per_month is not None else None,
        staff_fte_per_unit=1.0 / per_admin,
        staff_usd_per_fte_year=_dec(staff),
        discount_rate_per_year=d["discount"]["rate_per_year"],
        assumptions=dict(sorted(notes.items())),
    )
