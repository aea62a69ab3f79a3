"""Edge boxes shared by GPU (issue 20 point 5): a subscription quoted with ``shared = true`` is a shared
box whose fee is its fixed cost, paid once by one component; others take its free GPUs, across
components and across the workloads of an inventory."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from advisor.executors import LocalExecutor
from advisor.inventory import run_inventory
from advisor.evaluation.boxes import NOT_SHARED, shared_box_fields, shared_box_fixed
from advisor.model.offers import Hardware, Offer, Provenance, Venue, gpus_per_server, is_shared_box
from advisor.model.records import Sizing
from advisor.pipeline import Options, recommend
from advisor.plugin import Plugins

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)
DEVICE = "edge:azure-stack-edge:munich-assembly:pro-gpu-EdgeP_High-36m-quote:subscription"
SITE_KWH = 1.6 * 0.28
"""The Munich plant's PUE times its electricity price (examples/factory-sites.toml): dollars per kWh of IT load."""
IDLE_POWER = 216 * 730 / 1000 * SITE_KWH
"""The 2 x T4 device idle all month: 200 W host (the efficiency table's minimum) + 2 x 8 W idle T4, 730 h."""


def subscription(shared: bool, count: int = 16, per_server: int | None = 4, months: int = 36) -> Offer:
    attributes: dict[str, object] = {"shared": shared}
    if per_server:
        attributes["gpus_per_server"] = per_server
    return Offer(id="edge:x:site:rack:subscription", provider="aws-outposts", venue_id="edge:x:site", sku="rack",
                 hardware=Hardware(accelerator="T4", accelerator_count=count), billing="subscription",
                 usd_per_hour=Decimal("10"), commitment_months=months, monthly_usd=Decimal("5000"),
                 upfront_usd=Decimal("36000"),
                 provenance=Provenance(source="user", as_of=datetime(2026, 11, 1, tzinfo=UTC), reference="quote"),
                 attributes=attributes)


def test_a_shared_subscription_costs_its_fee_whatever_runs_on_it():
    # $5,000/month + $36,000 upfront over 36 months = $6,000 a unit; two units $12,000
    offer = subscription(True)
    assert is_shared_box(offer) and shared_box_fixed(offer, 2) == 12_000.0
    # a 60-month obligation beyond a 36-month horizon is owed in full: x 60/36
    assert shared_box_fixed(subscription(True, months=60), 1, horizon_months=36) == pytest.approx(
        (5000 + 36000 / 60) * 60 / 36, abs=0.01)
    assert not is_shared_box(subscription(False)) and shared_box_fixed(subscription(False), 1) is None


def test_a_shared_subscription_on_a_site_that_pays_its_power_adds_the_idle_draw_to_its_fixed_cost():
    """16 x T4 idle: the host's 280 W (a quarter of the devices' 16 x 70 W TDP, above the 200 W minimum)
    plus 16 x 8 W idle, all month, at PUE 1.5 and $0.20/kWh; a venue whose price includes power adds nothing."""
    site = Venue(id="edge:x:site", provider="aws-outposts", kind="edge", region="site", country="DE", metro="Munich",
                 latitude=48.1, longitude=11.6, host_trust="provider_on_customer_premises", pue=1.5,
                 electricity_usd_per_kwh=0.20)
    idle_watts = max(200, 0.25 * 70 * 16) + 16 * 8
    assert shared_box_fixed(subscription(True), 1, venue=site) == pytest.approx(
        6000 + idle_watts * 730 / 1000 * 1.5 * 0.20, abs=0.005)
    cloud = site.model_copy(update={"electricity_usd_per_kwh": None})
    assert shared_box_fixed(subscription(True), 1, venue=cloud) == 6000.0


def test_a_rack_is_packed_by_its_servers_not_by_its_unit():
    assert gpus_per_server(subscription(True)) == 4
    assert gpus_per_server(subscription(True, per_server=None)) == 16  # one server per unit unless said
    assert gpus_per_server(subscription(True, per_server=3)) == 16  # 3 does not divide 16: not believed


@pytest.fixture(scope="module")
def factory():
    return recommend([ROOT / "examples" / "factory-floor.toml"], Plugins(), Options(as_of=AS_OF))


def test_the_factory_runs_both_services_on_one_edge_device_and_pays_its_fee_once(factory):
    rows = {c.component: c.chosen for c in factory.components}
    assert rows["line-assistant"].offer_id == rows["defect-notes"].offer_id == DEVICE
    # one T4 each (a tensor-parallel group of 1, one replica) of the device's 2: both fit, one pays the
    # quoted $1,500/month and the site's power for its energy, the other only the power its load adds
    payer, rider = sorted(rows.values(), key=lambda p: -p.usd_per_month)
    assert payer.cost.breakdown["compute"] == 1500.0
    assert payer.cost.breakdown["power"] == round(payer.sizing.energy_kwh_per_month * SITE_KWH, 2) == 71.10
    assert rider.cost.breakdown["compute"] == 0.0 and "what its load adds to the bill" in rider.cost.basis
    assert rider.usd_per_month == rider.cost.breakdown["power"] == round(
        rider.sizing.energy_kwh_per_month * SITE_KWH - IDLE_POWER, 2) == 1.26
    assert all(p.sizing.tensor_parallel == 1 and p.sizing.replicas == 1 for p in rows.values())
    assert factory.plan.total_usd_per_month == 1572.36 == payer.usd_per_month + rider.usd_per_month
    why = " ".join(w for c in factory.components for w in c.why)
    assert "1 of the box's 2 GPUs per server; 2 taken in all" in why


def test_two_workloads_at_one_plant_share_its_device_across_the_inventory(tmp_path):
    """Each workload alone would pay the device; placed together, one pays and the other rides."""
    shutil.copy(ROOT / "examples" / "factory-sites.toml", tmp_path / "factory-sites.toml")
    text = (ROOT / "examples" / "factory-floor.toml").read_text(encoding="utf-8")
    head, first, second = text.split("[[components]]")
    for name, component in (("line", first), ("quality", second)):
        (tmp_path / f"{name}.toml").write_text(head.replace('name = "factory-floor"', f'name = "{name}"')
                                               + "[[components]]" + component, encoding="utf-8")
    alone = recommend([tmp_path / "line.toml"], Plugins(), Options(as_of=AS_OF))
    [line] = [c.chosen for c in alone.components]
    assert alone.plan.total_usd_per_month == round(1500 + line.sizing.energy_kwh_per_month * SITE_KWH, 2) == 1571.90
    both = recommend([tmp_path / "line.toml", tmp_path / "quality.toml"], Plugins(), Options(as_of=AS_OF))
    rows = [c.chosen for c in both.components]
    assert {p.offer_id for p in rows} == {DEVICE} and sorted(p.usd_per_month for p in rows) == [1.26, 1571.10]
    assert both.plan.total_usd_per_month == 1572.36
    # an inventory couples the two through the site both name and places them as one group
    [group] = list(run_inventory([tmp_path / "line.toml", tmp_path / "quality.toml"], Plugins(),
                                 Options(as_of=AS_OF, offline=True), LocalExecutor()))
    assert group.names == ("line", "quality")
    assert json.loads(group.line)["recommendation"]["plan"]["total_usd_per_month"] == 1572.36


def sized(tp: int, replicas: int, units: int) -> Sizing:
    return Sizing(component="c", offer_id="o", feasible=True, precision="int8", tensor_parallel=tp,
                  replicas=replicas, units=units, utilisation=0.1)


def test_a_replica_packs_onto_one_server_and_pipeline_stages_hold_whole_servers():
    rack = subscription(True)  # 4 servers of 4 T4 in one unit
    fields = shared_box_fields(rack, sized(2, 3, 1), 1, training=False, carbon=None)
    assert (fields["shared_gpus"], fields["instance_gpus"], fields["box_gpus"], fields["servers_per_unit"]) == (6, 2, 4, 4)
    assert fields["box_fixed_usd_per_month"] == 6000.0
    # tensor parallel 8 on a rack of 4-GPU servers spans servers: not packed, taken whole
    assert shared_box_fields(rack, sized(8, 1, 1), 1, training=False, carbon=None) is NOT_SHARED
    # one replica in pipeline stages over 2 units (the sizing priced the network) holds their 8 servers whole
    staged = shared_box_fields(rack, sized(16, 1, 2), 2, training=False, carbon=None)
    assert (staged["shared_gpus"], staged["instance_gpus"]) == (32, 4)
    # a training run holds every server of its units: 4 instances of 4 GPUs per rack
    run = shared_box_fields(rack, sized(1, 1, 1), 1, training=True, carbon=None)
    assert (run["shared_gpus"], run["instance_gpus"]) == (16, 4)


RACK_SITES = """
[[sites]]
name = "rack-plant"
kind = "edge"
metro = "Munich"
pue = 1.6
grid_kgco2e_per_kwh = 0.311
edge_products = ["aws-outposts"]

[[sites.edge_quotes]]
product = "aws-outposts"
configuration = "rack-g4dn-m5"
monthly_usd = 9000
commitment_months = 36
quoted_on = 2026-11-01
reference = "illustrative test quote"
shared = true
"""


def test_a_shared_outposts_rack_is_sized_and_packed_server_by_server(tmp_path):
    """16 T4 in one rack unit, 4 per g4dn.12xlarge server: no tensor-parallel group spans two servers,
    and the services take instances of the rack's servers, its fee paid once."""
    from advisor.reference.hardware import hardware_catalog
    from advisor.sizing.devices import UnitConfig, unit_config

    (tmp_path / "sites.toml").write_text(RACK_SITES, encoding="utf-8")
    text = (ROOT / "examples" / "factory-floor.toml").read_text(encoding="utf-8")
    text = text.replace('sites_file = "factory-sites.toml"', 'sites_file = "sites.toml"')
    (tmp_path / "w.toml").write_text(text.replace("output_tokens_per_month = 20_000_000",
                                                  "output_tokens_per_month = 900_000_000"), encoding="utf-8")
    rec = recommend([tmp_path / "w.toml"], Plugins(), Options(as_of=AS_OF))
    rows = {c.component: c.chosen for c in rec.components}
    assert {p.offer_id for p in rows.values()} == {"edge:aws-outposts:rack-plant:rack-g4dn-m5-36m-quote:subscription"}
    assert all(p.sizing.tensor_parallel <= 4 for p in rows.values())
    # the fee once; the site (Munich gives no price: Germany's $0.22/kWh, at PUE 1.6) powers the rack: the
    # payer's row its energy, the rider's what its load adds above the rack's 408 W idle draw
    payer, rider = sorted(rows.values(), key=lambda p: -p.usd_per_month)
    per_kwh = 1.6 * 0.22
    assert payer.cost.breakdown["compute"] == 9000.0 and rider.cost.breakdown["compute"] == 0.0
    assert payer.cost.breakdown["power"] == round(payer.sizing.energy_kwh_per_month * per_kwh, 2)
    assert rider.usd_per_month == round(rider.sizing.energy_kwh_per_month * per_kwh - 408 * 730 / 1000 * per_kwh, 2)
    assert rec.plan.total_usd_per_month == round(payer.usd_per_month + rider.usd_per_month, 2)
    offer = subscription(True)
    unit = unit_config(offer, hardware_catalog())
    assert isinstance(unit, UnitConfig) and unit.devices == 16 and unit.tp_devices == 4
