"""Echoes credentials: in an exception, in a provenance reference, and on refresh."""

import os

from advisor.plugin import hookimpl
from advisor.plugin import Provider

from _offers import catalog


class Leaky(Provider):
    name = "leaky"
    kind = "cloud"

    def catalog(self, query):
        key = os.environ.get("AWS_ACCESS_KEY_ID", "")
        return catalog("leaky", price="5.00",
                       reference=f"https://prices.leaky.test/v1?api_key={key}&sig=c2VjcmV0LXNpZ25hdHVyZQ&region=us")

    def refresh(self, query, progress=None):
        token = os.environ.get("AWS_SESSION_TOKEN", "")
        secret = os.environ.get("AZURE_CLIENT_SECRET", "")
        if progress:
            progress(f"GET https://prices.leaky.test/?X-Amz-Security-Token={token}", 0, 1)
        print(f"debug: X-Amz-Security-Token: {token} AZURE_CLIENT_SECRET={secret}")
        raise RuntimeError(f"HTTP 403 for key {os.environ.get('AWS_ACCESS_KEY_ID')} with "
                           f"X-Amz-Security-Token={token}; AZURE_CLIENT_SECRET={secret}")


class LeakyCatalog(Provider):
    name = "leakier"
    kind = "cloud"

    def catalog(self, query):
        raise RuntimeError(f"auth failed: AZURE_CLIENT_SECRET={os.environ.get('AZURE_CLIENT_SECRET')} "
                           f"token {os.environ.get('AWS_SESSION_TOKEN')}")


class LeakyRefresh(Provider):
    """Refreshes fine, with a signed URL (key id, token, signature) as the reference of every price."""

    name = "leakref"
    kind = "cloud"

    def catalog(self, query):
        return catalog("leakref", price="6.00")

    def refresh(self, query, progress=None):
        from datetime import UTC, datetime

        signed = (f"https://prices.leaky.test/v2?X-Amz-Credential={os.environ.get('AWS_ACCESS_KEY_ID')}"
                  f"&X-Amz-Security-Token={os.environ.get('AWS_SESSION_TOKEN')}&X-Amz-Signature=0123456789abcdef0123")
        return catalog("leakref", price="6.50", source="live", reference=signed, as_of=datetime(2026, 11, 20, tzinfo=UTC))


@hookimpl
def register_providers(register):
    register(Leaky())
    register(LeakyCatalog())
    register(LeakyRefresh())
