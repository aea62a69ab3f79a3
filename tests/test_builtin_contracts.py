"""Every provider installed through entry points keeps the provider contract, as a third party's must.

Breaches already known and owned by a plugin's engineer are listed in KNOWN_BREACHES with the
reason; a listed breach that disappears must be removed from the list (the second test says so).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from advisor.model.offers import OfferQuery
from advisor.plugin.manager import Plugins
from advisor.inputs.sites import Site, load_sites
from advisor.testing import contract_report, refresh_problems

ROOT = Path(__file__).resolve().parents[1]
SITES_FILES = ("sites.toml", "edge-sites.toml")
#: Credentials a developer may have set: removed so a refresh sees "no credentials" as in CI.
CREDENTIAL_ENV = dict.fromkeys(
    ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AZURE_SUBSCRIPTION_ID",
     "AZURE_CLIENT_SECRET", "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_API_KEY", "ADVISOR_GCP_API_KEY",
     "NEOCLOUD_API_KEY"),
) | {"AWS_EC2_METADATA_DISABLED": "true"}
#: provider → substrings of breaches reported to the plugin's owner and not fixed yet.
KNOWN_BREACHES: dict[str, tuple[str, ...]] = {}


def example_sites() -> tuple[Site, ...]:
    """Sites of the example sites files (on-prem and edge providers build venues from them)."""
    sites: dict[str, Site] = {}
    for name in SITES_FILES:
        path = ROOT / "examples" / name
        if path.is_file():
            sites.update((s.name, s) for s in load_sites(path)[0])
    return tuple(sites.values())


PLUGINS = Plugins()
PROVIDERS = {p.name: p for p in PLUGINS.providers()}
QUERY = OfferQuery(sites=example_sites())


@pytest.fixture(autouse=True)
def fresh_sdk_sessions():
    """A refresh may create an SDK's process-wide default session (boto3 caches the environment and
    config files it saw); drop it so later tests see their own environment."""
    yield
    boto3 = sys.modules.get("boto3")
    if boto3 is not None:
        boto3.DEFAULT_SESSION = None


def breaches(name: str) -> list[str]:
    provider = PROVIDERS[name]
    return contract_report(provider, QUERY).failures() + refresh_problems(provider, QUERY, CREDENTIAL_ENV)


def test_every_installed_plugin_loads_without_problems():
    assert PROVIDERS, "no provider installed through the 'advisor' entry-point group"
    assert [str(p) for p in PLUGINS.problems] == []


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_installed_provider_keeps_the_contract(name):
    known = KNOWN_BREACHES.get(name, ())
    unexpected = [b for b in breaches(name) if not any(k in b for k in known)]
    assert not unexpected, f"provider '{name}' breaks the contract:\n  " + "\n  ".join(unexpected)


def test_known_breaches_are_still_real():
    for name in sorted(set(KNOWN_BREACHES) & set(PROVIDERS)):
        found = breaches(name)
        fixed = [k for k in KNOWN_BREACHES[name] if not any(k in b for b in found)]
        assert not fixed, f"provider '{name}' no longer breaches {fixed}: remove it from KNOWN_BREACHES"
