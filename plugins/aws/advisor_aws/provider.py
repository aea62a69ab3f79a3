"""The AWS provider: EC2 GPU, Inferentia/Trainium and AMX CPU instances in seven regions."""

from __future__ import annotations

from advisor.plugin import OfferQuery, Progress, Provider, ProviderCatalog

from advisor_aws.assemble import filter_catalog
from advisor_aws.embedded import raw_snapshot, snapshot_catalog


class AwsProvider(Provider):
    """Answers from the embedded snapshot; ``refresh`` calls the Price List and EC2 APIs."""

    name = "aws"
    kind = "cloud"
    description = "Amazon Web Services EC2 (on-demand, reserved, spot); snapshot in API shapes"

    @property
    def snapshot_date(self) -> str:
        return raw_snapshot()["captured"]

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return filter_catalog(snapshot_catalog(), query)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        from advisor_aws.live import live_catalog

        return filter_catalog(live_catalog(progress), query)
