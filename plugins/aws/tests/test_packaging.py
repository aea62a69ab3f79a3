"""The plugin stays light to import and ships its snapshot in the APIs' own shapes."""

from __future__ import annotations

import json
import subprocess
import sys

from advisor_aws import embedded


def test_importing_the_plugin_does_not_import_boto3():
    code = "import sys, advisor_aws.plugin; print('boto3' in sys.modules, 'botocore' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_snapshot_is_stored_as_api_responses():
    raw = embedded.raw_snapshot()
    assert raw["captured"] == "2026-11-22"
    for region, answers in raw["regions"].items():
        items = answers["get_products"]["PriceList"]
        assert items and all(isinstance(i, str) for i in items), region
        docs = [json.loads(i) for i in items]
        assert {d["product"]["attributes"]["regionCode"] for d in docs} == {region}
        assert "SpotPriceHistory" in answers["describe_spot_price_history"]
    names = {t["InstanceType"] for t in raw["describe_instance_types"]["InstanceTypes"]}
    assert {"g4dn.12xlarge", "g6.xlarge", "p5.48xlarge", "inf2.xlarge", "trn1.32xlarge", "m7i.48xlarge"} <= names


def test_every_priced_snapshot_row_names_its_public_source():
    raw = embedded.raw_snapshot()
    for answers in raw["regions"].values():
        for item in map(json.loads, answers["get_products"]["PriceList"]):
            source = item["_advisor_source"]
            assert source["url"].startswith("https://")
            assert source["published"] <= source["retrieved"] == "2026-11-22"
