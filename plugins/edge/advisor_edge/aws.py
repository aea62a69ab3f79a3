"""boto3 clients for live edge prices, imported only when a refresh runs (pricing-apis §0 timeouts)."""

from __future__ import annotations

from typing import Any

from advisor.plugin import LiveUnavailable


#: Where regional APIs (Outposts quotes) are asked when neither the caller nor the AWS configuration
#: (AWS_REGION, AWS_DEFAULT_REGION, the profile's region) names one: botocore would refuse with
#: "You must specify a region".
DEFAULT_REGION = "us-east-1"


def client(service: str, region: str | None, owner: str) -> Any:
    """A boto3 client with 5 s connect / 15 s read timeouts and two attempts; LiveUnavailable without boto3.

    The region is ``region``, else the one the AWS configuration names, else ``DEFAULT_REGION``."""
    from advisor.plugin import require_extra

    try:
        boto3 = require_extra("boto3", "advisor-edge")
        Config = require_extra("botocore.config", "advisor-edge").Config  # noqa: N806
    except LiveUnavailable as exc:
        raise LiveUnavailable(f"{owner}: {exc}") from exc
    config = Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 2})
    session = boto3.session.Session()
    return session.client(service, region_name=region or session.region_name or DEFAULT_REGION, config=config)
