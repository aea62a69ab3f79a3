"""The shipped seed example validates and costs as docs/tco.md says."""

from __future__ import annotations

from pathlib import Path

import pytest
from advisor_onprem.provider import OnPremProvider

from advisor.costing import compare_owned, cost_component
from advisor.model.offers import OfferQuery
from advisor.inputs.sites import SitesFile, load_sites
from advisor.inputs.tomlfile import load_model
from advisor.model.workload import Workload

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_seed_workload_validates_and_names_its_sites_file():
    workload, _ = load_model(Workload, EXAMPLES / "seed-llama3-8b.toml")
    chat = workload.components[0]
    assert (chat.model, chat.precision, chat.output_tokens_per_month) == ("llama-3-8b", "fp16", 157_000_000)
    assert {u.metro for u in chat.users} == {"Ashburn", "New York"}
    assert (EXAMPLES / workload.workload.sites_file).is_file()


def test_seed_sites_file_validates_with_the_seed_server():
    sites, _ = load_model(SitesFile, EXAMPLES / "sites.toml")
    server = sites.sites[0].servers[0]
    assert (server.accelerator, server.accelerators_per_server, server.capex_usd) == ("T4", 4, 4_800)
    assert (server.power_usd_per_month, server.life_months, server.residual_fraction) == (100, 36, 0.0)


def test_seed_box_from_the_sites_file_costs_the_critics_tco(build):
    sites, _ = load_sites(EXAMPLES / "sites.toml")
    catalog = OnPremProvider().catalog(OfferQuery(sites=sites))
    offer = catalog.offers[0]
    workload, _ = load_model(Workload, EXAMPLES / "seed-llama3-8b.toml")
    chat = workload.components[0]
    sizing = build.sizing(units=1, utilisation=0.3)
    cost = cost_component(workload, chat, sizing, offer, catalog.venues[0])
    # $133.33 capital + $100 power + $40 maintenance (10 %/yr) + $833.33 staff (1/20 of $200k)
    assert cost.usd_per_month == pytest.approx(1_106.67, abs=0.01)
    assert cost.usd_per_million_output_tokens == pytest.approx(7.05, abs=0.005)
    cloud = build.offer()
    cloud_cost = cost_component(workload, chat, build.sizing(hours=720), cloud, build.venue())
    result = compare_owned(offer, cost, sizing, cloud, cloud_cost, workload.workload.horizon_months)
    assert result["payback_months"] == pytest.approx(2.6, abs=0.05)
