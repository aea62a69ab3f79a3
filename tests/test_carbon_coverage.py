"""Every region of the built-in cloud providers has a grid factor: none is scored with the default."""

from __future__ import annotations

import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin import Plugins


@pytest.fixture(scope="module")
def venues():
    pm = Plugins()
    return {p.name: p.catalog(OfferQuery()).venues for p in pm.providers() if p.name in ("aws", "azure", "gcp")}


def test_every_aws_azure_and_gcp_region_has_a_grid_factor(venues):
    assert sorted(venues) == ["aws", "azure", "gcp"]
    missing = [v.id for vs in venues.values() for v in vs if v.grid_kgco2e_per_kwh is None]
    assert missing == []


def test_sweden_central_is_scored_with_its_own_clean_grid_not_the_dirtiest_default(venues):
    sweden = next(v for v in venues["azure"] if v.region == "swedencentral")
    assert sweden.grid_kgco2e_per_kwh == 0.006  # Cloud Carbon Footprint 0.00000567 t/kWh
    east = next(v for v in venues["azure"] if v.region == "eastus")
    assert east.grid_kgco2e_per_kwh == 0.379  # NERC SERC, as AWS us-east-1
