"""The AWS provider: EC2 GPU, Inferentia/Trainium and AMX CPU instances in seven regions."""

from __future__ import annotations

import os
from pathlib import Path

from advisor.plugin import LiveUnavailable, OfferQuery, Progress, Provider, ProviderCatalog

from advisor_aws.assemble import filter_catalog
from advisor_aws.embedded import raw_snapshot, snapshot_catalog


PRICES_ENV = "ADVISOR_AWS_PRICES"


class AwsProvider(Provider):
    """Answers from the embedded snapshot; ``refresh`` reads the public bulk offer files (or the
    Price List Query API) and, with credentials, the EC2 APIs."""

    name = "aws"
    kind = "cloud"
    description = "Amazon Web Services EC2 (on-demand, reserved, spot); snapshot in API shapes"

    @property
    def snapshot_date(self) -> str:
        return raw_snapshot()["captured"]

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return filter_catalog(snapshot_catalog(), query)

    def refresh(self, query: OfferQuery, progress: Progress | None = None) -> ProviderCatalog:
        """The public bulk offer files (no credentials), or with ``ADVISOR_AWS_PRICES=api`` the signed
        Price List Query API."""
        from advisor_aws.live import bulk_catalog, live_catalog

        choice = os.environ.get(PRICES_ENV, "bulk").strip().lower()
        if choice not in ("bulk", "api"):
            raise LiveUnavailable(f"{PRICES_ENV}={choice!r}: expected 'bulk' (public offer files) or 'api' (Price List Query API)")
        build = live_catalog if choice == "api" else bulk_catalog
        return filter_catalog(build(progress), query)

    def build_snapshot(self, output: Path | None = None, progress: Progress | None = None) -> str:
        """The embedded snapshot rebuilt from the public bulk offer files of every venue region."""
        from advisor_aws.snapshot_builder import DEFAULT_OUTPUT, build

        return build(output or DEFAULT_OUTPUT, progress=progress)
