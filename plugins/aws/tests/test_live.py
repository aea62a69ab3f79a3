"""Live refresh against botocore Stubber answers: paging, drops, spot, throttling and missing credentials."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from datetime import UTC, datetime
from decimal import Decimal

import boto3
import pytest
from advisor.model.offers import OfferQuery
from advisor.plugin.provider import LiveUnavailable
from botocore.config import Config
from botocore.stub import ANY, Stubber

from advisor_aws.live import live_catalog
from advisor_aws.provider import AwsProvider

NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures" / "aws"
FAMILIES = ("g4dn", "g6", "p5")
ORDER = ("g4dn.metal", "g4dn.xlarge", "g6.xlarge", "p5.48xlarge")


class Clients:
    """One stubbed client per (service, region), with dummy credentials so no credential chain runs."""

    def __init__(self) -> None:
        self.clients: dict[tuple[str, str], object] = {}
        self.stubs: dict[tuple[str, str], Stubber] = {}

    def __call__(self, service: str, region: str):
        key = (service, region)
        if key not in self.clients:
            client = boto3.client(
                service, region_name=region, aws_access_key_id="x", aws_secret_access_key="x",
                config=Config(retries={"mode": "standard", "max_attempts": 1}),
            )
            self.clients[key] = client
            self.stubs[key] = Stubber(client)
            self.stubs[key].activate()
        return self.clients[key]

    def stub(self, service: str, region: str = "us-east-1") -> Stubber:
        self(service, region)
        return self.stubs[(service, region)]

    def assert_done(self) -> None:
        for stub in self.stubs.values():
            stub.assert_no_pending_responses()


def _types_response(stub: Stubber, instance_types: list[dict]) -> None:
    wanted = [t for t in instance_types if t["InstanceType"] in ORDER]
    stub.add_response("describe_instance_types", {"InstanceTypes": wanted[:2], "NextToken": "t2"}, {"Filters": ANY})
    stub.add_response("describe_instance_types", {"InstanceTypes": wanted[2:]}, {"Filters": ANY, "NextToken": "t2"})


def _price_pages(stub: Stubber, pages: list[list[dict]], filters=ANY) -> None:
    for n, page in enumerate(pages):
        response = {"FormatVersion": "aws_v1", "PriceList": [json.dumps(i) for i in page]}
        expected = {"ServiceCode": "AmazonEC2", "Filters": filters, "MaxResults": 100}
        if n + 1 < len(pages):
            response["NextToken"] = f"p{n + 2}"
        if n:
            expected["NextToken"] = f"p{n + 1}"
        stub.add_response("get_products", response, expected)


def _one_query(price_queries) -> list[list[dict]]:
    """The pages of the one query per region: every instance type's rows, in turn."""
    return [page for itype in ORDER for page in price_queries[itype]]


@pytest.fixture
def answered(price_queries, spot_pages, instance_types):
    clients = Clients()
    _types_response(clients.stub("ec2"), instance_types)
    _price_pages(clients.stub("pricing"), _one_query(price_queries))
    spot = clients.stub("ec2")
    spot.add_response("describe_spot_price_history", {"SpotPriceHistory": spot_pages[0], "NextToken": "s2"},
                      {"InstanceTypes": list(ORDER), "ProductDescriptions": ["Linux/UNIX"], "StartTime": NOW})
    spot.add_response("describe_spot_price_history", {"SpotPriceHistory": spot_pages[1]},
                      {"InstanceTypes": list(ORDER), "ProductDescriptions": ["Linux/UNIX"], "StartTime": NOW,
                       "NextToken": "s2"})
    return clients


def _advisor(url):
    assert url == "https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json"
    return iter([(FIXTURES / "bulk" / "spot-advisor-data.json").read_bytes()])


def _run(clients, progress=None, sleep=lambda s: None):
    return live_catalog(progress, clients=clients, families=FAMILIES, regions=("us-east-1",), now=NOW, sleep=sleep, fetch=_advisor)


def test_live_catalog_from_paged_answers(answered):
    catalog = _run(answered)
    answered.assert_done()
    offers = {o.id: o for o in catalog.offers}
    g4 = offers["aws:us-east-1:g4dn.xlarge:on_demand"]
    assert g4.usd_per_hour == Decimal("0.526")
    assert (g4.hardware.accelerator, g4.hardware.accelerator_count) == ("T4", 1)
    assert g4.provenance.source == "live"
    assert "publicationDate 2026-09-10" in g4.provenance.reference
    p5 = offers["aws:us-east-1:p5.48xlarge:on_demand"]
    assert (p5.usd_per_hour, p5.hardware.accelerator, p5.hardware.accelerator_count) == (Decimal("55.04"), "H100-SXM", 8)
    assert offers["aws:us-east-1:g4dn.metal:on_demand"].attributes["bare_metal"] is True
    assert offers["aws:us-east-1:g6.xlarge:on_demand"].usd_per_hour is None
    assert catalog.provenance.source == "live" and catalog.provenance.as_of == NOW


def test_live_reserved_and_spot_are_separate_offers(answered):
    offers = {o.id: o for o in _run(answered).offers}
    partial = offers["aws:us-east-1:g4dn.xlarge:reserved:3yr-partial-upfront"]
    assert (partial.billing, partial.commitment_months, partial.upfront_usd) == ("reserved", 36, Decimal(1000))
    assert partial.usd_per_hour == (Decimal("0.1") + Decimal(1000) / Decimal(26280)).quantize(Decimal("0.000001"))
    assert "aws:us-east-1:g4dn.xlarge:reserved:3yr-no-upfront" not in offers  # convertible only
    spot = offers["aws:us-east-1:g4dn.xlarge:spot"]
    assert (spot.billing, spot.usd_per_hour, spot.attributes["zone"]) == ("spot", Decimal("0.19"), "us-east-1b")
    assert (spot.attributes["spot_interruption_band"], spot.attributes["spot_savings_pct"]) == ("5-10%", 64)
    assert spot.provenance.as_of == NOW
    assert offers["aws:us-east-1:p5.48xlarge:spot"].usd_per_hour == Decimal("30.5")
    assert all(o.usd_per_hour is None or o.usd_per_hour > 0 for o in offers.values())


def test_live_progress_reports_each_step(answered):
    calls = []
    _run(answered, progress=lambda message, done, total: calls.append((message, done, total)))
    assert calls[0] == ("instance types us-east-1 (ec2.describe_instance_types)", 0, 1)
    assert ("prices us-east-1 (pricing.get_products)", 0, 1) in calls
    assert calls[-1] == ("done: 9 offers (1 unpriced), 3 rows skipped", 1, 1)


def test_one_price_query_per_region_not_per_instance_type(price_queries, spot_pages, instance_types):
    # about 550 sequential per-type queries used to exceed the refresh timeout; now one paged query a region
    clients = Clients()
    _types_response(clients.stub("ec2"), instance_types)
    region_filters = [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in {
        "regionCode": "us-east-1", "operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA",
        "capacitystatus": "Used", "marketoption": "OnDemand", "licenseModel": "No License required"}.items()]
    _price_pages(clients.stub("pricing"), _one_query(price_queries), region_filters)
    clients.stub("ec2").add_response("describe_spot_price_history", {"SpotPriceHistory": spot_pages[1]}, None)
    catalog = _run(clients)
    clients.assert_done()  # a further get_products call would have failed as unexpected
    assert {o.sku for o in catalog.offers} == set(ORDER)


def test_throttling_is_retried_then_succeeds(price_queries, spot_pages, instance_types):
    clients = Clients()
    _types_response(clients.stub("ec2"), instance_types)
    pricing = clients.stub("pricing")
    pricing.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
    _price_pages(pricing, _one_query(price_queries))
    clients.stub("ec2").add_response("describe_spot_price_history", {"SpotPriceHistory": spot_pages[1]}, None)
    slept = []
    catalog = _run(clients, sleep=slept.append)
    assert len(slept) == 1 and 0.0 <= slept[0] <= 2.0  # jittered below the first ceiling (advisor.live)
    assert any(o.sku == "g4dn.metal" and o.usd_per_hour == Decimal("7.824") for o in catalog.offers)


def test_persistent_throttling_becomes_live_unavailable(instance_types):
    clients = Clients()
    _types_response(clients.stub("ec2"), instance_types)
    for _ in range(3):
        clients.stub("pricing").add_client_error("get_products", service_error_code="ThrottlingException",
                                                 http_status_code=400)
    slept = []
    with pytest.raises(LiveUnavailable, match=r"throttled prices in us-east-1 \(ThrottlingException\) after 3 tries"):
        _run(clients, sleep=slept.append)
    assert len(slept) == 2 and 0.0 <= slept[0] <= 2.0 and 0.0 <= slept[1] <= 4.0


def test_access_denied_names_the_query(instance_types):
    clients = Clients()
    clients.stub("ec2").add_client_error("describe_instance_types", service_error_code="UnauthorizedOperation",
                                         service_message="not allowed", http_status_code=403)
    with pytest.raises(LiveUnavailable, match="AWS refused instance types in us-east-1: UnauthorizedOperation not allowed"):
        _run(clients)


def test_spot_failure_in_one_region_keeps_the_prices(price_queries, instance_types):
    clients = Clients()
    _types_response(clients.stub("ec2"), instance_types)
    _price_pages(clients.stub("pricing"), _one_query(price_queries))
    clients.stub("ec2").add_client_error("describe_spot_price_history", service_error_code="AuthFailure",
                                         http_status_code=401)
    catalog = _run(clients)
    assert not [o for o in catalog.offers if o.billing == "spot"]
    assert any(o.id == "aws:us-east-1:p5.48xlarge:on_demand" for o in catalog.offers)


def test_api_refresh_without_credentials_is_live_unavailable(monkeypatch, tmp_path, no_network):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("ADVISOR_AWS_PRICES", "api")  # the signed Query API; the default bulk files need none
    with pytest.raises(LiveUnavailable, match="no AWS credentials"):
        AwsProvider().refresh(OfferQuery())


def test_unreachable_endpoint_is_live_unavailable(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", unreachable)
    monkeypatch.setattr(socket, "create_connection", unreachable)

    def clients(service, region):
        return boto3.client(service, region_name=region, aws_access_key_id="x", aws_secret_access_key="x",
                            config=Config(connect_timeout=1, retries={"mode": "standard", "max_attempts": 1}))

    with pytest.raises(LiveUnavailable, match="cannot reach AWS for instance types in us-east-1"):
        live_catalog(clients=clients, families=FAMILIES, regions=("us-east-1",), now=NOW)
