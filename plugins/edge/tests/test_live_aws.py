"""Live edge prices from AWS through botocore Stubber: Outposts quotes and Local Zone price lists."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from advisor.model.offers import OfferQuery
from advisor.plugin.provider import LiveUnavailable
from advisor.inputs.sites import SitesFile
from advisor_edge.local_zones import LocalZonesProvider
from advisor_edge.outposts import OutpostsProvider
from advisor_edge.premises import load

FIXTURES = Path(__file__).parent / "fixtures"
SITES = tuple(SitesFile.model_validate({"sites": [{"name": "plant", "kind": "edge", "metro": "Munich"}]}).sites)


def _client(service: str):
    return boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


def _quote() -> dict:
    data = json.loads((FIXTURES / "outposts_quote.json").read_text(encoding="utf-8"))
    return {"Quote": data["Quote"]}


def test_outposts_quote_prices_the_matching_rack_by_term_and_option():
    client = _client("outposts")
    with Stubber(client) as stub:
        stub.add_response("list_quotes", {"Quotes": [{"QuoteId": "quote-0123456789abcdef"}]}, {})
        stub.add_response("get_quote", _quote(), {"QuoteIdentifier": "quote-0123456789abcdef"})
        catalog = OutpostsProvider(client=client).refresh(OfferQuery(sites=SITES))
    offers = {o.sku: o for o in catalog.offers}
    all_upfront = offers["rack-g4dn-m5-36m-all_upfront"]
    assert all_upfront.upfront_usd == Decimal("730000.0")
    assert all_upfront.usd_per_hour == Decimal(730000) / (36 * 730)
    no_upfront = offers["rack-g4dn-m5-36m-no_upfront"]
    assert no_upfront.usd_per_hour == Decimal(30)
    assert no_upfront.provenance.source == "live" and "quote-0123456789abcdef" in no_upfront.provenance.reference
    # a pricing option without a monthly figure, and a $0 quote option, leave the offer unpriced
    assert offers["rack-g4dn-m5-60m-partial_upfront"].usd_per_hour is None
    server = offers["server-2u-c6id.32xlarge-36m-no_upfront"]
    assert (server.usd_per_hour, server.monthly_usd, server.upfront_usd) == (None, None, None)
    assert offers["rack-g4dn-m5-12m-all_upfront"].usd_per_hour is None


def test_outposts_without_quotes_or_access_is_live_unavailable():
    client = _client("outposts")
    with Stubber(client) as stub:
        stub.add_response("list_quotes", {"Quotes": []}, {})
        with pytest.raises(LiveUnavailable, match="no Outposts quotes"):
            OutpostsProvider(client=client).refresh(OfferQuery(sites=SITES))
    client = _client("outposts")
    with Stubber(client) as stub:
        stub.add_client_error("list_quotes", service_error_code="AccessDeniedException", http_status_code=403)
        with pytest.raises(LiveUnavailable, match="AccessDenied"):
            OutpostsProvider(client=client).refresh(OfferQuery(sites=SITES))


def _price_item(usd: str) -> str:
    return json.dumps(
        {
            "product": {"attributes": {"instanceType": "g4dn.xlarge"}},
            "terms": {"OnDemand": {"T1": {"priceDimensions": {"R1": {"unit": "Hrs", "pricePerUnit": {"USD": usd}}}}}},
        }
    )


def test_local_zone_refresh_prices_from_the_price_list_and_skips_zero():
    client = _client("pricing")
    provider = LocalZonesProvider(client=client)
    pairs = [(z["zone"], t) for z in load("aws-local-zones.json")["zones"] for t in z["instance_types"]]
    with Stubber(client) as stub:
        for zone, itype in pairs:
            if (zone, itype) == ("us-west-2-lax-1a", "g4dn.xlarge"):
                stub.add_response("get_products", {"PriceList": [_price_item("0.0000"), _price_item("0.6310")]})
            else:
                stub.add_response("get_products", {"PriceList": []})
        catalog = provider.refresh(OfferQuery())
    offers = {o.id: o for o in catalog.offers}
    lax = offers["aws-local-zones:us-west-2-lax-1a:g4dn.xlarge:on_demand"]
    assert lax.usd_per_hour == Decimal("0.6310")
    assert lax.provenance.source == "live"
    assert offers["aws-local-zones:us-east-1-wl1-bos-wlz-1:g4dn.2xlarge:on_demand"].usd_per_hour is None


def test_local_zone_throttling_is_live_unavailable():
    client = _client("pricing")
    with Stubber(client) as stub:
        stub.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
        with pytest.raises(LiveUnavailable, match="Throttling"):
            LocalZonesProvider(client=client).refresh(OfferQuery())


def test_outposts_client_needs_no_region_setting(monkeypatch, tmp_path):
    # botocore used to refuse with "You must specify a region" when nothing named one
    from advisor_edge import aws

    for var in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    assert aws.client("outposts", None, "aws-outposts").meta.region_name == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert aws.client("outposts", None, "aws-outposts").meta.region_name == "eu-west-1"
    assert aws.client("outposts", "ap-south-1", "aws-outposts").meta.region_name == "ap-south-1"
