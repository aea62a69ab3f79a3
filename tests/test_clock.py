"""No product code dates its output by the wall clock or the local time zone (issue: goldens that pass one day only)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL_CLOCK = re.compile(r"date\.today\(|datetime\.today\(|time\.localtime\(|datetime\.now\(\)|datetime\.utcnow\(")


def product_sources():
    yield from (ROOT / "advisor").rglob("*.py")
    for plugin in (ROOT / "plugins").iterdir():
        for package in plugin.glob("advisor_*"):
            yield from package.rglob("*.py")


def test_no_product_module_reads_the_local_clock_for_a_date():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in product_sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCAL_CLOCK.search(line)
    ]
    assert offenders == []


def test_the_evaluation_date_reaches_providers_in_the_offer_query():
    from datetime import date

    from advisor.model.offers import OfferQuery
    from advisor_onprem.provider import OnPremProvider
    from advisor.inputs.sites import SitesFile

    sites = SitesFile.model_validate({"sites": [{"name": "dc1", "metro": "Ashburn", "servers": [
        {"name": "4xT4", "accelerator": "T4", "accelerators_per_server": 4, "capex_usd": 4800}]}]}).sites
    catalog = OnPremProvider().catalog(OfferQuery(sites=tuple(sites), as_of=date(2031, 6, 15)))
    assert {o.provenance.as_of.date() for o in catalog.offers} == {date(2031, 6, 15)}
    assert catalog.provenance.as_of.date() == date(2031, 6, 15)
