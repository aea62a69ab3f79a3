"""Which of the customer's sites can host an edge product (from the sites file).

A site that lists ``edge_products`` hosts exactly those; a site of kind ``edge`` that lists none
hosts every connected product. An air-gapped site hosts only air-gapped products: Outposts, Azure
Stack Edge and GDC connected all need a link to their cloud region.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Names a sites file may use for each product (``Site.edge_products``), by product id.
ALIASES: dict[str, frozenset[str]] = {
    "aws-outposts": frozenset({"aws-outposts", "outposts", "aws-outposts-rack", "aws-outposts-server"}),
    "azure-stack-edge": frozenset({"azure-stack-edge", "ase", "azure-stack-edge-pro", "azure-stack-edge-pro-2"}),
    "gdc-connected": frozenset({"gdc", "gdc-connected", "gdc-edge", "google-distributed-cloud"}),
    "gdc-air-gapped": frozenset({"gdc-air-gapped", "gdc-airgapped"}),
}
AIR_GAPPED_PRODUCTS = frozenset({"gdc-air-gapped"})


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def hosts(site: Any, product: str) -> bool:
    """Whether ``site`` (an ``advisor.inputs.sites.Site``) can host ``product``."""
    listed = {_normal(p) for p in getattr(site, "edge_products", ()) or ()}
    if listed:
        return bool(listed & ALIASES[product])
    if getattr(site, "kind", None) != "edge":
        return False
    air_gapped = bool(getattr(site, "air_gapped", False))
    return (product in AIR_GAPPED_PRODUCTS) == air_gapped


def hosting_sites(sites: Iterable[Any], product: str) -> list[Any]:
    return [s for s in sites if hosts(s, product)]


def hosts_named(name: str, product: str) -> bool:
    """Whether a product name written in a sites file means ``product``."""
    return _normal(name) in ALIASES[product]
