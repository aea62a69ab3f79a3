"""Benchmark: stream a synthetic AWS bulk offer file through the bulk parser.

Run: ``python benchmarks/bench_aws_bulk.py [--products N]``. Writes an offer file in the documented
shape (``products`` then ``terms.OnDemand`` and ``terms.Reserved``; 1 in 40 products of a family the
plugin reads, the rest other families, operating systems and tenancies, as in the real EC2 files),
then times one streamed pass and reports MB/s and peak RSS, which must stay flat whatever the size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from advisor_aws.bulk import parse_offer_file
from advisor_aws.live import FAMILIES

OTHER = ("m5", "c5", "r6i", "t3", "x2idn", "i4i")
SYSTEMS = ("Linux", "Windows", "RHEL", "SUSE")


def _product(n: int) -> tuple[str, dict, dict, dict]:
    sku = f"SKU{n:09d}"
    fam = FAMILIES[n % len(FAMILIES)] if n % 40 == 0 else OTHER[n % len(OTHER)]
    attrs = {"instanceType": f"{fam}.{n % 7 + 1}xlarge", "regionCode": "us-east-1", "operatingSystem": SYSTEMS[n % 4],
             "tenancy": "Shared" if n % 3 else "Dedicated", "preInstalledSw": "NA", "capacitystatus": "Used",
             "marketoption": "OnDemand", "licenseModel": "No License required", "vcpu": "8", "memory": "32 GiB",
             "location": "US East (N. Virginia)", "usagetype": f"BoxUsage:{fam}"}
    dim = {"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": f"{n % 997 / 100 + 0.01:.10f}"}}
    on_demand = {f"{sku}.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                                       "priceDimensions": {f"{sku}.JRTCKXETXF.6YS6EN2CT7": dim}, "termAttributes": {}}}
    reserved = {f"{sku}.{code}": {"offerTermCode": code, "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                                  "priceDimensions": {f"{sku}.{code}.6YS6EN2CT7": dim},
                                  "termAttributes": {"LeaseContractLength": years, "OfferingClass": "standard", "PurchaseOption": option}}
                for code, years, option in (("4NA7Y494T4", "1yr", "No Upfront"), ("38NPMPTW36", "3yr", "Partial Upfront"))}
    return sku, {"sku": sku, "productFamily": "Compute Instance", "attributes": attrs}, on_demand, reserved


def write_offer_file(path: Path, n: int) -> None:
    with path.open("w") as out:
        out.write('{"formatVersion":"v1.0","offerCode":"AmazonEC2","publicationDate":"2026-11-20T18:04:11Z","products":{')
        for section in ("products", "OnDemand", "Reserved"):
            if section == "OnDemand":
                out.write('},"terms":{"OnDemand":{')
            elif section == "Reserved":
                out.write('},"Reserved":{')
            for i in range(n):
                sku, product, on_demand, reserved = _product(i)
                value = {"products": product, "OnDemand": on_demand, "Reserved": reserved}[section]
                out.write(("," if i else "") + json.dumps(sku) + ":" + json.dumps(value))
        out.write("}}}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=200_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "us-east-1.json"
        write_offer_file(path, args.products)
        size_mb = path.stat().st_size / 1e6
        start = time.perf_counter()
        with path.open("rb") as stream:
            parsed = parse_offer_file(stream, FAMILIES, "benchmark")
        seconds = time.perf_counter() - start
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.products:,} products, {size_mb:,.0f} MB: {seconds:.2f} s ({size_mb / seconds:,.1f} MB/s), "
          f"{len(parsed.products):,} kept, peak RSS {rss_mib:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
