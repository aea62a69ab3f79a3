"""Azure spot eviction rates from Resource Graph SpotResources, on each spot offer of a live refresh."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from advisor.plugin import LiveUnavailable, OfferQuery

from advisor_azure import eviction
from advisor_azure.provider import AzureProvider

PAGES = json.loads((Path(__file__).parent / "fixtures" / "spot_eviction_rates.json").read_text())["pages"]


class Token:
    def get_token(self, scope):
        assert scope == "https://management.azure.com/.default"
        return type("T", (), {"token": "t0k"})()


def test_bands_use_the_aws_advisor_labels_and_unknown_rates_are_left_out():
    assert eviction.parse_eviction(PAGES) == {("eastus", "standard_nc4as_t4_v3"): "5-10%", ("westeurope", "standard_nc4as_t4_v3"): ">20%"}


def test_the_query_names_the_sizes_and_follows_the_skip_token():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.headers["Authorization"], body["options"].get("$skipToken")))
        assert "microsoft.compute/skuspotevictionrate/location" in body["query"] and "'standard_nc4as_t4_v3'" in body["query"]
        return httpx.Response(200, json=PAGES[1] if body["options"].get("$skipToken") else PAGES[0])

    pages = eviction.fetch_eviction(httpx.Client(transport=httpx.MockTransport(handler)), "t0k", ["Standard_NC4as_T4_v3"])
    assert seen == [("Bearer t0k", None), ("Bearer t0k", "page2")] and len(pages) == 2


def test_a_refused_query_is_live_unavailable():
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(403, json={})))
    with pytest.raises(LiveUnavailable, match="HTTP 403"):
        eviction.fetch_eviction(client, "t", ["Standard_NC4as_T4_v3"])


def test_live_refresh_puts_the_band_on_each_spot_offer(retail_pages, monkeypatch):
    monkeypatch.setenv("AZURE_SUBSCRIPTION_ID", "00000000-0000-0000-0000-000000000000")
    monkeypatch.setattr("advisor_azure.arm.list_capabilities", lambda *a, **k: (_ for _ in ()).throw(LiveUnavailable("no ARM in tests")))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "management.azure.com":
            body = json.loads(request.content)
            return httpx.Response(200, json=PAGES[1] if body["options"].get("$skipToken") else PAGES[0])
        return httpx.Response(200, json=retail_pages[1] if request.url.params.get("$skip") else retail_pages[0])

    catalog = AzureProvider(http_client=httpx.Client(transport=httpx.MockTransport(handler)), credential=Token()).refresh(OfferQuery())
    offers = {o.id: o for o in catalog.offers}
    spot = offers["azure:eastus:Standard_NC4as_T4_v3:spot"]
    assert spot.attributes["spot_interruption_band"] == "5-10%"
    assert spot.attributes["spot_eviction_source"].startswith("Azure Resource Graph SpotResources")
    assert "spot_interruption_band" not in offers["azure:eastus:Standard_NC4as_T4_v3:on_demand"].attributes
    assert "spot eviction rates: Azure Resource Graph" in catalog.provenance.reference
