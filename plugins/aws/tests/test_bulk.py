"""The default AWS refresh without credentials: the public bulk offer files (region index, then each
region's file), streamed, filtered to the plugin's families, on-demand and reserved terms kept."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from advisor.plugin import OfferQuery

from advisor_aws import live
from advisor_aws.bulk import OfferFileError, parse_offer_file, region_files
from advisor_aws.provider import AwsProvider

BULK = Path(__file__).parent / "fixtures" / "aws" / "bulk"
NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
HOST = "https://pricing.us-east-1.amazonaws.com"


class Recorded:
    """Serves the recorded files for the bulk URLs, in small chunks (as a streamed body), and counts."""

    def __init__(self, chunk: int = 512) -> None:
        self.chunk, self.urls = chunk, []

    def __call__(self, url: str):
        self.urls.append(url)
        if "/savingsPlan/" in url:
            name = "sp-region_index.json" if url.endswith("/current/region_index.json") else f"sp-{url.split('/')[-2]}.json"
        elif url.endswith("/current/region_index.json"):
            name = "region_index.json"
        elif url == "https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json":
            name = "spot-advisor-data.json"
        else:
            name = f"{url.split('/')[-2]}.json"
        path = BULK / name
        if not path.exists():
            raise AssertionError(f"unexpected fetch {url}")
        data = path.read_bytes()
        return (data[i:i + self.chunk] for i in range(0, len(data), self.chunk))


def _bulk(fetch, regions=("us-east-1", "eu-north-1")):
    return live.bulk_catalog(fetch=fetch, clients=None, regions=regions, now=NOW)


def test_bulk_refresh_prices_on_demand_and_reserved_for_every_region_without_credentials():
    fetch = Recorded()
    catalog = _bulk(fetch)
    assert fetch.urls[:3] == [
        f"{HOST}/offers/v1.0/aws/AmazonEC2/current/region_index.json",
        f"{HOST}/offers/v1.0/aws/AmazonEC2/20261120180411/eu-north-1/index.json",
        f"{HOST}/offers/v1.0/aws/AmazonEC2/20261120180411/us-east-1/index.json",
    ]
    offers = {o.id: o for o in catalog.offers}
    g4 = offers["aws:us-east-1:g4dn.xlarge:on_demand"]
    assert (g4.usd_per_hour, g4.provenance.source, g4.hardware.accelerator) == (Decimal("0.526"), "live", "T4")
    assert "AWS Price List Bulk API" in g4.provenance.reference and "us-east-1/index.json" in g4.provenance.reference
    partial = offers["aws:us-east-1:g4dn.xlarge:reserved:3yr-partial-upfront"]
    assert (partial.commitment_months, partial.upfront_usd) == (36, Decimal(1000))
    assert offers["aws:us-east-1:g4dn.xlarge:reserved:1yr-no-upfront"].usd_per_hour == Decimal("0.331")
    assert not any(o.billing == "spot" for o in catalog.offers)  # spot needs credentials
    assert "no AWS credentials" in catalog.provenance.reference


def test_a_type_offered_in_one_region_only_is_priced_there():
    offers = {o.id: o for o in _bulk(Recorded()).offers}
    assert offers["aws:eu-north-1:p5e.48xlarge:on_demand"].usd_per_hour == Decimal("60")
    assert not any(o.id.startswith("aws:us-east-1:p5e") for o in offers.values())


def test_windows_rows_and_other_families_never_become_prices():
    parsed = parse_offer_file(io.BytesIO((BULK / "us-east-1.json").read_bytes()), ("g4dn", "g6", "p5"), "ref")
    assert sorted(t for _, t in parsed.products) == ["g4dn.metal", "g4dn.xlarge", "g6.xlarge", "p5.48xlarge"]
    assert parsed.products[("us-east-1", "g4dn.xlarge")].on_demand_usd == Decimal("0.526")  # not the Windows 0.71
    assert parsed.dropped["operatingSystem is 'Windows'"] == 2  # the recorded query's Windows row and SKUWIN


def test_offer_file_dated_by_its_term_effective_date():
    parsed = parse_offer_file(io.BytesIO((BULK / "eu-north-1.json").read_bytes()), ("p5e",), "ref")
    assert parsed.products[("eu-north-1", "p5e.48xlarge")].as_of == datetime(2026, 11, 1, tzinfo=UTC)


def test_region_not_in_the_index_is_named():
    catalog = live.bulk_catalog(fetch=Recorded(), clients=None, regions=("us-east-1", "ap-south-2"), now=NOW)
    assert any(o.venue_id == "aws:us-east-1" for o in catalog.offers)


@pytest.mark.parametrize(("text", "message"), [
    (b'{"formatVersion": "v1.0"}', "not an AWS offer file"),
    (b'{"formatVersion": "v1.0", "products": {}}', "not an AWS offer file"),
])
def test_offer_file_in_another_shape_is_refused_with_the_reason(text, message):
    with pytest.raises(OfferFileError, match=message):
        parse_offer_file(io.BytesIO(text), ("g4dn",), "ref")


def test_region_index_without_regions_is_refused():
    with pytest.raises(OfferFileError, match="no 'regions' object"):
        region_files({"formatVersion": "v1.0"})
    assert region_files(json.loads((BULK / "region_index.json").read_text()))[0].url.startswith(HOST)


def test_provider_refresh_defaults_to_the_bulk_files_and_api_is_an_option(monkeypatch, no_network):
    fetch = Recorded()
    monkeypatch.setattr(live, "http_fetch", fetch)
    monkeypatch.setattr(live, "_default_clients", None)
    monkeypatch.delenv("ADVISOR_AWS_PRICES", raising=False)
    catalog = AwsProvider().refresh(OfferQuery())
    assert any(o.id == "aws:us-east-1:g4dn.xlarge:on_demand" and o.usd_per_hour == Decimal("0.526") for o in catalog.offers)
    assert fetch.urls[0].endswith("/current/region_index.json")
    monkeypatch.setenv("ADVISOR_AWS_PRICES", "csv")
    from advisor.plugin import LiveUnavailable

    with pytest.raises(LiveUnavailable, match="ADVISOR_AWS_PRICES='csv': expected 'bulk'"):
        AwsProvider().refresh(OfferQuery())


def test_with_credentials_types_come_from_every_region_and_spot_from_the_price_history(spot_pages, instance_types):
    from botocore.stub import ANY
    from test_live import Clients

    clients = Clients()
    wanted = [t for t in instance_types if t["InstanceType"] in ("g4dn.xlarge", "g4dn.metal", "g6.xlarge", "p5.48xlarge")]
    clients.stub("ec2", "eu-north-1").add_response("describe_instance_types", {"InstanceTypes": []}, {"Filters": ANY})
    clients.stub("ec2", "us-east-1").add_response("describe_instance_types", {"InstanceTypes": wanted}, {"Filters": ANY})
    clients.stub("ec2", "eu-north-1").add_response("describe_spot_price_history", {"SpotPriceHistory": []}, None)
    clients.stub("ec2", "us-east-1").add_response("describe_spot_price_history", {"SpotPriceHistory": spot_pages[0] + spot_pages[1]}, None)
    catalog = live.bulk_catalog(fetch=Recorded(), clients=clients, regions=("us-east-1", "eu-north-1"), now=NOW)
    clients.assert_done()
    offers = {o.id: o for o in catalog.offers}
    spot = offers["aws:us-east-1:g4dn.xlarge:spot"]
    assert spot.usd_per_hour == Decimal("0.19")
    # the eviction-rate fact from the public Spot Instance Advisor data (Linux row, not Windows)
    assert (spot.attributes["spot_interruption_band"], spot.attributes["spot_savings_pct"]) == ("5-10%", 64)
    assert spot.attributes["spot_advisor_source"] == "https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json"
    assert spot.attributes["spot_advisor_as_of"] == "2026-11-22"
    assert offers["aws:us-east-1:p5.48xlarge:spot"].attributes["spot_interruption_band"] == "<5%"
    assert "aws:eu-north-1:p5e.48xlarge:on_demand" in offers  # type data from the snapshot's shapes where EC2 had none
    assert "describe_spot_price_history in every region" in catalog.provenance.reference


def test_spot_advisor_rows_with_an_unknown_range_or_another_os_give_no_band():
    from advisor_aws.spot_advisor import parse_advisor

    bands = parse_advisor(json.loads((BULK / "spot-advisor-data.json").read_text()))
    assert bands[("us-east-1", "g4dn.xlarge")].label == "5-10%"  # the Linux row; the Windows row says >20%
    assert ("us-east-1", "g6.xlarge") not in bands  # range index 9 is not published: no band, never a guess


def test_savings_plans_from_the_public_files_are_offers_of_their_own():
    offers = {o.id: o for o in _bulk(Recorded()).offers}
    compute = offers["aws:us-east-1:g4dn.xlarge:savings_plan:1yr-compute-no-upfront"]
    assert (compute.billing, compute.usd_per_hour, compute.commitment_months) == ("savings_plan", Decimal("0.37"), 12)
    assert compute.attributes["plan_type"] == "compute"
    assert "AWSComputeSavingsPlan" in compute.provenance.reference and "effectiveDate 2026-11-01" in compute.provenance.reference
    instance = offers["aws:us-east-1:g4dn.xlarge:savings_plan:3yr-ec2-instance-all-upfront"]
    assert (instance.usd_per_hour, instance.commitment_months) == (Decimal("0.201"), 36)
    # the Windows (RunInstances:0002) and dedicated rows, and other families, never become offers
    assert sorted(o.id for o in offers.values() if o.billing == "savings_plan") == sorted([compute.id, instance.id])
