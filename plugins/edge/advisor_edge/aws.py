"""boto3 clients for live edge prices, imported only when a refresh runs (pricing-apis §0 timeouts)."""

from __future__ import annotations

from typing import Any

from advisor.plugin import LiveUnavailable


def client(service: str, region: str | None, owner: str) -> Any:
    """A boto3 client with 5 s connect / 15 s read timeouts and two attempts; LiveUnavailable without boto3."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:
        raise LiveUnavailable(f"{owner}: boto3 is not installed (pip install boto3)") from exc
    config = Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 2})
    return boto3.session.Session().client(service, region_name=region, config=config)
