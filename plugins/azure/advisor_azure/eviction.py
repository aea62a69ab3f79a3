"""Azure spot eviction rates from Azure Resource Graph (``SpotResources``), for a live refresh.

The Retail Prices API carries no eviction data; Resource Graph publishes, per VM size and location,
the band of the last 28 days (``properties.evictionRate``: "0-5", "5-10", "10-15", "15-20", "20+"),
the figures the portal's "Azure Spot" blade shows. It needs a signed ARM call (any principal that can
read one subscription). The band is put on each spot offer as ``spot_interruption_band`` in the label
style of AWS's Spot Instance Advisor ("<5%", "5-10%", ..., ">20%"), so one availability model reads
both clouds; an unknown band is left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from advisor.plugin import LiveUnavailable

GRAPH_URL = "https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01"
QUERY = (
    "SpotResources"
    " | where type =~ 'microsoft.compute/skuspotevictionrate/location'"
    " | where sku.name in~ ({skus})"
    " | project skuName = tostring(sku.name), location = tostring(location),"
    " spotEvictionRate = tostring(properties.evictionRate)"
)
BANDS = {"0-5": "<5%", "5-10": "5-10%", "10-15": "10-15%", "15-20": "15-20%", "20+": ">20%"}
SOURCE = "Azure Resource Graph SpotResources (microsoft.compute/skuspotevictionrate/location)"


def query_body(skus: Iterable[str], skip_token: str | None = None) -> dict[str, Any]:
    """The Resource Graph request for the eviction rates of these VM sizes in every location."""
    names = ", ".join(f"'{s.lower()}'" for s in sorted(set(skus)))
    body: dict[str, Any] = {"query": QUERY.format(skus=names), "options": {"resultFormat": "objectArray"}}
    if skip_token:
        body["options"]["$skipToken"] = skip_token
    return body


def parse_eviction(pages: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """Bands by (location, VM size in lower case); rows with an unpublished band are skipped."""
    out: dict[tuple[str, str], str] = {}
    for page in pages:
        for row in page.get("data") or ():
            band = BANDS.get(str(row.get("spotEvictionRate", "")).strip())
            if band and row.get("skuName") and row.get("location"):
                out[(str(row["location"]).lower(), str(row["skuName"]).lower())] = band
    return out


def fetch_eviction(http: Any, token: str, skus: Iterable[str]) -> list[dict[str, Any]]:
    """POST the query, following ``$skipToken``; any HTTP failure is LiveUnavailable."""
    pages, skip = [], None
    skus = list(skus)
    while True:
        response = http.post(GRAPH_URL, json=query_body(skus, skip), headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            raise LiveUnavailable(f"Resource Graph answered HTTP {response.status_code} for spot eviction rates")
        page = response.json()
        pages.append(page)
        skip = page.get("$skipToken")
        if not skip:
            return pages


def arm_token(credential: Any = None) -> str:
    """An ARM bearer token from azure-identity (DefaultAzureCredential unless one is given)."""
    try:
        if credential is None:
            from azure.identity import DefaultAzureCredential

            credential = DefaultAzureCredential()
        return credential.get_token("https://management.azure.com/.default").token
    except ImportError as exc:
        raise LiveUnavailable(f"azure-identity is not installed: {exc}") from exc
    except Exception as exc:  # azure-identity raises its own types for every missing credential
        raise LiveUnavailable(f"no Azure credential for Resource Graph: {type(exc).__name__}") from exc


def band_attributes(bands: Mapping[tuple[str, str], str], region: str, sku: str, as_of: str) -> dict[str, object]:
    band = bands.get((region.lower(), sku.lower()))
    if band is None:
        return {}
    return {"spot_interruption_band": band, "spot_eviction_source": SOURCE, "spot_eviction_as_of": as_of}


def with_eviction(offers: Iterable[Any], bands: Mapping[tuple[str, str], str], as_of: str, region_of: Mapping[str, str]) -> tuple[Any, ...]:
    """The offers, each spot offer carrying its location's band when Resource Graph gave one."""
    out = []
    for offer in offers:
        extra = band_attributes(bands, region_of.get(offer.venue_id, ""), offer.sku, as_of) if offer.billing == "spot" else {}
        out.append(offer.model_copy(update={"attributes": {**offer.attributes, **extra}}) if extra else offer)
    return tuple(out)
