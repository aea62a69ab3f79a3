"""Snapshot-only customer-premises providers: Azure Stack Edge and Google Distributed Cloud.

Neither has a public price API (pricing-apis §0: Azure Stack Edge 'none found'; GDC 'possibly
Cloud Billing Catalog SKUs, unverified'), so there is no live refresh.
"""

from __future__ import annotations

from advisor.plugin import OfferQuery, Provider, ProviderCatalog

from advisor_edge.premises import load, premises_catalog


class AzureStackEdgeProvider(Provider):
    name = "azure-stack-edge"
    kind = "edge"
    description = "Azure Stack Edge Pro GPU / Pro 2 at the customer's sites (monthly device fee)"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return premises_catalog(self.name, [load("azure-stack-edge.json")], query)


class GdcEdgeProvider(Provider):
    name = "gdc-edge"
    kind = "edge"
    description = "Google Distributed Cloud connected / air-gapped at the customer's sites (36/60-month terms)"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return premises_catalog(self.name, [load("gdc-connected.json"), load("gdc-air-gapped.json")], query)
