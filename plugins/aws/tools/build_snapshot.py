"""Build advisor_aws/data/snapshot.json from the hand-transcribed price table (dev-time only).

The snapshot is written in the AWS APIs' own shapes (get_products PriceList items as JSON strings,
describe_spot_price_history rows, describe_instance_types excerpts) so the plugin parses it with
its live parsers. Instance-type facts come from moto's bundled describe_instance_types data.
Run: python plugins/aws/tools/build_snapshot.py
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from advisor_aws.live import PRICE_FILTERS

HERE = Path(__file__).parent
OUT = HERE.parent / "advisor_aws" / "data" / "snapshot.json"
CAPTURED = "2026-11-22"
REGIONS_FILE = HERE.parent / "advisor_aws" / "data" / "regions.json"
RESERVED_COLUMN = "reserved_1yr_nu_us-east-1"


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _sku(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16].upper()


def _attributes(itype: str, region: str, info: dict, region_row: dict, **overrides: str) -> dict:
    mib = info["MemoryInfo"]["SizeInMiB"]
    attrs = {
        "instanceType": itype,
        "regionCode": region,
        "location": region_row["location"],
        "vcpu": str(info["VCpuInfo"]["DefaultVCpus"]),
        "memory": f"{mib / 1024:g} GiB",
        "gpuMemory": "NA",
        **PRICE_FILTERS,
        "usagetype": f"{region_row['usage_prefix']}BoxUsage:{itype}",
    }
    gpus = info.get("GpuInfo", {}).get("Gpus") or info.get("NeuronInfo", {}).get("NeuronDevices")
    if gpus:
        attrs["gpu"] = str(gpus[0]["Count"])
        total = info.get("GpuInfo", {}).get("TotalGpuMemoryInMiB") or info["NeuronInfo"]["TotalNeuronDeviceMemoryInMiB"]
        attrs["gpuMemory"] = f"{round(total / 1024)} GB"
    attrs.update(overrides)
    return attrs


def _hourly(sku: str, code: str, usd: str, published: str) -> dict:
    return {
        f"{sku}.{code}": {
            "effectiveDate": f"{published}T00:00:00Z",
            "priceDimensions": {
                f"{sku}.{code}.R": {"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": usd}}
            },
        }
    }


def _reserved_1yr_no_upfront(sku: str, usd: str) -> dict:
    return {
        f"{sku}.RI1NU": {
            "termAttributes": {"LeaseContractLength": "1yr", "OfferingClass": "standard", "PurchaseOption": "No Upfront"},
            "priceDimensions": {
                f"{sku}.RI1NU.H": {"unit": "Hrs", "pricePerUnit": {"USD": usd}},
                f"{sku}.RI1NU.U": {"unit": "Quantity", "description": "Upfront Fee", "pricePerUnit": {"USD": "0"}},
            },
        }
    }


def _item(itype, region, info, region_row, source, od, reserved, family="Compute Instance", **attrs) -> str:
    sku = _sku(itype, region, attrs.get("operatingSystem", "Linux"), attrs.get("marketoption", "OnDemand"))
    terms: dict = {"OnDemand": _hourly(sku, "JRTCKXETXF", od, source["published"]) if od else {}}
    if reserved:
        terms["Reserved"] = _reserved_1yr_no_upfront(sku, reserved)
    url = source["url"].format(instance_type=itype)
    doc = {
        "product": {"productFamily": family, "sku": sku, "attributes": _attributes(itype, region, info, region_row, **attrs)},
        "serviceCode": "AmazonEC2",
        "terms": terms,
        "version": CAPTURED.replace("-", ""),
        "publicationDate": f"{source['published']}T00:00:00Z",
        "_advisor_source": {
            "url": url,
            "published": source["published"],
            "retrieved": source["retrieved"],
            "reference": f"{url} (prices as of {source['published']}, retrieved {source['retrieved']}; {source['note']})",
        },
    }
    return json.dumps(doc, sort_keys=True)


def _instance_types(names: list[str]) -> list[dict]:
    import boto3
    from moto import mock_aws

    keep = ("InstanceType", "VCpuInfo", "MemoryInfo", "GpuInfo", "NeuronInfo", "ProcessorInfo", "BareMetal")
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        infos = ec2.describe_instance_types(InstanceTypes=names)["InstanceTypes"]
    out = []
    for info in sorted(infos, key=lambda i: i["InstanceType"]):
        row = {k: info[k] for k in keep if k in info}
        row["VCpuInfo"] = {"DefaultVCpus": info["VCpuInfo"]["DefaultVCpus"]}
        row["ProcessorInfo"] = {k: v for k, v in info["ProcessorInfo"].items() if k in ("SupportedArchitectures", "Manufacturer")}
        out.append(row)
    return out


def main() -> None:
    sources = {r["source"]: r for r in _rows("sources.csv")}
    prices = _rows("prices.csv")
    region_rows = json.loads(REGIONS_FILE.read_text())["regions"]
    unknown = set(prices[0]) - set(region_rows) - {"instance_type", "source", RESERVED_COLUMN}
    if unknown:
        raise SystemExit(f"prices.csv: columns not in regions.json: {sorted(unknown)}")
    types = _instance_types(sorted({r["instance_type"] for r in prices}))
    info = {t["InstanceType"]: t for t in types}
    regions: dict[str, list[str]] = {r: [] for r in region_rows}
    filled: set[tuple[str, str]] = set()
    for row in prices:
        itype, source = row["instance_type"], sources[row["source"]]
        for region in region_rows:
            cell = row.get(region, "").strip()
            if not cell:
                continue
            if (itype, region) in filled:
                raise SystemExit(f"prices.csv: {itype} in {region} is given by two rows")
            filled.add((itype, region))
            od = None if cell == "unpriced" else cell
            reserved = row.get(RESERVED_COLUMN) if region == "us-east-1" else None
            family = "Compute Instance (bare metal)" if info[itype].get("BareMetal") else "Compute Instance"
            regions[region].append(_item(itype, region, info[itype], region_rows[region], source, od, reserved, family))
    demo = sources["vantage"]
    use1 = region_rows["us-east-1"]
    # Rows the parser must drop: a $0 Capacity Block product and a Windows duplicate (no price transcribed).
    regions["us-east-1"].append(_item("p5.48xlarge", "us-east-1", info["p5.48xlarge"], use1, demo, "0.0000000000", None,
                                      marketoption="CapacityBlock", usagetype="CapacityBlock:p5.48xlarge"))
    regions["us-east-1"].append(_item("g4dn.xlarge", "us-east-1", info["g4dn.xlarge"], use1, demo, None, None,
                                      operatingSystem="Windows", usagetype="BoxUsage:g4dn.xlarge"))
    snapshot = {
        "about": "advisor-aws embedded snapshot in AWS API response shapes; built by tools/build_snapshot.py "
                 "from tools/prices.csv and tools/sources.csv. No spot figures were found, so spot history is empty.",
        "captured": CAPTURED,
        "reference": f"advisor-aws snapshot {CAPTURED}: public EC2 list prices transcribed per row (see each offer)",
        "regions": {
            r: {"get_products": {"FormatVersion": "aws_v1", "PriceList": items},
                "describe_spot_price_history": {"SpotPriceHistory": []}}
            for r, items in regions.items()
        },
        "describe_instance_types": {"InstanceTypes": types},
    }
    OUT.write_text(json.dumps(snapshot, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(v) for v in regions.values())} price items, {len(types)} instance types)")


if __name__ == "__main__":
    main()
