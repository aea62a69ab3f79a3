"""``advisor prices build-snapshot``: one command rebuilds each built-in plugin's dated snapshot from
recorded live answers (AWS bulk offer files, Azure Retail Prices pages); a failed source leaves the
snapshot as it was and the command exits 1."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from catalog_fakes import Good, plugins_with  # noqa: E402

import advisor.cli.prices as prices_cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BULK = ROOT / "plugins" / "aws" / "tests" / "fixtures" / "aws" / "bulk"
RETAIL = ROOT / "plugins" / "azure" / "tests" / "fixtures"


def recorded_bulk(url: str):
    if url.endswith("/current/region_index.json"):
        return iter([(BULK / "region_index.json").read_bytes()])
    return iter([(BULK / f"{url.split('/')[-2]}.json").read_bytes()])


def retail_client() -> httpx.Client:
    pages = [json.loads((RETAIL / f"retail_page{n}.json").read_text()) for n in (1, 2)]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("$skip"):
            return httpx.Response(200, json=pages[1])
        if "armRegionName eq 'eastus'" not in request.url.params["$filter"]:
            return httpx.Response(200, json={"Items": [], "NextPageLink": None})
        return httpx.Response(200, json=pages[0])

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.fixture
def recorded(monkeypatch):
    from advisor_aws import live, snapshot_builder
    from advisor_aws.provider import AwsProvider
    from advisor_azure.provider import AzureProvider

    monkeypatch.setattr(live, "http_fetch", recorded_bulk)
    monkeypatch.setattr(snapshot_builder, "http_fetch", recorded_bulk)
    monkeypatch.setattr(snapshot_builder, "venue_regions", lambda: ["eu-north-1", "us-east-1"])
    monkeypatch.setattr("advisor_azure.build_snapshot.time.sleep", lambda s: None)
    plugins = plugins_with(AwsProvider(), AzureProvider(http_client=retail_client()), Good())
    monkeypatch.setattr(prices_cli, "make_plugins", lambda: plugins)
    return plugins


def test_one_command_rebuilds_the_aws_and_azure_snapshots_from_recorded_sources(recorded, tmp_path):
    result = CliRunner().invoke(prices_cli.prices, ["build-snapshot", "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"aws: wrote 5 products in 2 regions to {tmp_path / 'aws.json'}"
    assert lines[1].startswith("azure: wrote ") and str(tmp_path / "azure.json") in lines[1]
    assert "good" not in result.output  # a provider without a builder is skipped unless named

    from advisor_aws.embedded import inputs_from_responses
    from advisor_aws.assemble import build_catalog

    catalog = build_catalog(inputs_from_responses(json.loads((tmp_path / "aws.json").read_text())))
    offers = {o.id: o for o in catalog.offers}
    assert offers["aws:us-east-1:g4dn.xlarge:on_demand"].usd_per_hour == Decimal("0.526")
    assert "AWS Price List Bulk API" in offers["aws:eu-north-1:p5e.48xlarge:on_demand"].provenance.reference


def test_a_provider_whose_source_fails_keeps_its_snapshot_and_the_command_exits_1(recorded, tmp_path, monkeypatch):
    from advisor_aws import snapshot_builder

    monkeypatch.setattr(snapshot_builder, "venue_regions", lambda: ["us-east-1", "ap-south-2"])
    result = CliRunner().invoke(prices_cli.prices, ["build-snapshot", "aws", "good", "--output-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "aws: snapshot kept as it was: the bulk region index lists no offer file for ap-south-2" in result.output
    assert "good: no snapshot builder" in result.output
    assert not (tmp_path / "aws.json").exists()
