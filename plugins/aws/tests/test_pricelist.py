"""The Price List parser keeps Linux on-demand prices and never turns a $0 or odd row into a price."""

from __future__ import annotations

import json
from decimal import Decimal

from advisor_aws.pricelist import parse_item, parse_price_list

REF = "pricing.get_products us-east-1"


def _strings(pages):
    return [json.dumps(i) for page in pages for i in page]


def test_windows_free_tier_and_capacity_block_rows_are_dropped_with_reasons(price_queries):
    items = _strings(price_queries["g4dn.xlarge"]) + _strings(price_queries["p5.48xlarge"])
    parsed = parse_price_list(items, REF)
    assert sorted(parsed.products) == [("us-east-1", "g4dn.xlarge"), ("us-east-1", "p5.48xlarge")]
    assert parsed.dropped == {
        "operatingSystem is 'Windows'": 1,
        "no region (free-tier or global pseudo-product)": 1,
        "marketoption is 'CapacityBlock'": 1,
    }
    assert parsed.products[("us-east-1", "p5.48xlarge")].on_demand_usd == Decimal("55.04")
    assert parsed.products[("us-east-1", "g4dn.xlarge")].on_demand_usd == Decimal("0.526")


def test_a_zero_on_demand_rate_leaves_the_product_unpriced_not_free(price_queries):
    product = parse_item(json.dumps(price_queries["g6.xlarge"][0][0]), REF)
    assert product.instance_type == "g6.xlarge"
    assert product.on_demand_usd is None


def test_reserved_terms_give_effective_hourly_and_skip_convertible(price_queries):
    product = parse_item(json.dumps(price_queries["g4dn.xlarge"][0][0]), REF)
    terms = {(t.years, t.purchase_option): t for t in product.reserved}
    assert sorted(terms) == [(1, "all_upfront"), (1, "no_upfront"), (3, "partial_upfront")]
    assert terms[(1, "no_upfront")].effective_usd_per_hour == Decimal("0.331")
    assert terms[(1, "all_upfront")].effective_usd_per_hour == Decimal(2758) / Decimal(8760)
    partial = terms[(3, "partial_upfront")]
    assert partial.upfront_usd == Decimal(1000)
    assert partial.effective_usd_per_hour == Decimal("0.1") + Decimal(1000) / Decimal(26280)


def test_bare_metal_product_is_kept_and_flagged(price_queries):
    product = parse_item(json.dumps(price_queries["g4dn.metal"][0][0]), REF)
    assert product.bare_metal is True
    assert product.on_demand_usd == Decimal("7.824")
    assert product.vcpu == 96 and product.memory_gib == 384


def test_live_item_provenance_uses_effective_date_and_publication_date(price_queries):
    product = parse_item(json.dumps(price_queries["p5.48xlarge"][0][0]), REF)
    assert product.as_of.isoformat() == "2026-09-01T00:00:00+00:00"
    assert product.reference == f"{REF}; publicationDate 2026-09-10T00:00:00Z"
