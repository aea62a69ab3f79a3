"""Carbon data for every venue (issue 20 point 11): AWS Local and Wavelength Zones take their parent
region's grid, a DePIN host its country's, a site its state's or country's; a location nobody knows has
unknown carbon, shown with a range, never the dirtiest factor in silence."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.criteria.carbon import carbon_kg
from advisor.model.offers import Venue
from advisor.model.records import Sizing
from advisor.plugin import OfferQuery, grid_factor
from advisor.plugin.manager import Plugins
from advisor.reference.grid import grid_range

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def venues() -> dict[str, Venue]:
    out: dict[str, Venue] = {}
    for provider in Plugins().providers():
        if getattr(provider, "kind", None) in ("onprem", "api"):
            continue
        out.update({v.id: v for v in provider.catalog(OfferQuery(as_of=AS_OF)).venues})
    return out


def test_the_grid_table_knows_countries_and_us_states_but_not_the_us_as_a_whole():
    assert grid_factor("FI").kg_per_kwh == 0.133 and "europe-north1" in grid_factor("FI").note
    assert grid_factor("US", "US-VA").kg_per_kwh == 0.379
    assert grid_factor("US") is None and grid_factor("ZZ") is None
    assert grid_range() == (0.0088, 0.76)


def test_local_and_wavelength_zones_take_their_parent_regions_grid_and_pue(venues):
    lax, bos = venues["aws-local-zones:us-west-2-lax-1a"], venues["aws-local-zones:us-east-1-wl1-bos-wlz-1"]
    assert (lax.grid_kgco2e_per_kwh, lax.pue) == (0.322, 1.135) and bos.grid_kgco2e_per_kwh == 0.379
    assert "parent region us-west-2" in lax.attributes["grid_note"]


def test_a_depin_host_in_a_known_country_takes_its_grid_and_an_unknown_one_has_none(venues):
    assert venues["ionet:fi-tdx"].grid_kgco2e_per_kwh == 0.133
    assert "FI" in venues["ionet:fi-tdx"].attributes["grid_note"]
    assert venues["vastai:zz-unknown"].grid_kgco2e_per_kwh is None


def test_every_cloud_and_zone_venue_has_a_grid_factor(venues):
    missing = [v for v in venues.values() if v.grid_kgco2e_per_kwh is None and v.kind != "depin"]
    assert not missing, [v.id for v in missing]


def test_unknown_grid_gives_unknown_carbon_with_the_range_it_could_be():
    sizing = Sizing(component="c", offer_id="o", feasible=True, precision="fp16", energy_kwh_per_month=100.0)
    venue = Venue(id="vastai:zz", provider="vastai", kind="depin", region="zz", country="ZZ", metro="unknown",
                  latitude=None, longitude=None, host_trust="anonymous_host", operator_jurisdiction=None, pue=1.5)
    kg, notes = carbon_kg(sizing, venue)
    # 100 kWh x PUE 1.5 = 150 kWh at 0.0088 to 0.76 kgCO2e/kWh: 1 to 114 kg
    assert kg is None and any("it would be 1 to 114 kg a month" in n for n in notes)
    known = venue.model_copy(update={"grid_kgco2e_per_kwh": 0.133, "attributes": {"grid_note": "FI"}})
    assert carbon_kg(sizing, known) == (pytest.approx(150 * 0.133), ["FI"])
