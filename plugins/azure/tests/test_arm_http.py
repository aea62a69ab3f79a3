"""ARM resource_skus through the real azure-mgmt-compute client, with HTTP answered by `responses`.

The fixture pages are written in the documented shape (``{"value": [...], "nextLink": ...}``); the
credential is a fake TokenCredential, so no identity endpoint is ever called.
"""

from __future__ import annotations

import re
import time

import pytest
import responses

from advisor.plugin.provider import LiveUnavailable
from advisor_azure.arm import list_capabilities

SUB = "00000000-0000-0000-0000-000000000000"
SKUS = re.compile(r"https://management\.azure\.com/subscriptions/" + SUB + r"/providers/Microsoft\.Compute/skus.*")


class FakeCredential:
    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken

        return AccessToken("fake-token", int(time.time()) + 3600)

    def get_token_info(self, *scopes, **kwargs):
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo("fake-token", int(time.time()) + 3600)


def vm(name: str, gpus: str | None, restrictions: list | None = None) -> dict:
    caps = [{"name": "vCPUs", "value": "4"}, {"name": "MemoryGB", "value": "28"}]
    if gpus is not None:
        caps.append({"name": "GPUs", "value": gpus})
    return {"resourceType": "virtualMachines", "name": name, "locations": ["eastus"], "capabilities": caps,
            "restrictions": restrictions or []}


PAGE_1 = {
    "value": [
        vm("Standard_NC4as_T4_v3", "1"),
        vm("Standard_ND96isr_H200_v5", "8", [{"type": "Location", "values": ["eastus"], "reasonCode": "NotAvailableForSubscription"}]),
        {"resourceType": "disks", "name": "Premium_LRS", "locations": ["eastus"], "capabilities": [], "restrictions": []},
    ],
    "nextLink": f"https://management.azure.com/subscriptions/{SUB}/providers/Microsoft.Compute/skus?page=2&api-version=2021-07-01",
}
PAGE_2 = {"value": [vm("Standard_NC24ads_A100_v4", "1")]}


@responses.activate
def test_resource_skus_follow_next_link_and_mark_restricted_sizes():
    responses.add(responses.GET, re.compile(SKUS.pattern + r"page=2.*"), json=PAGE_2)
    responses.add(responses.GET, SKUS, json=PAGE_1)
    caps = {c.name: c for c in list_capabilities(["eastus"], credential=FakeCredential(), subscription_id=SUB)}
    assert set(caps) == {"Standard_NC4as_T4_v3", "Standard_ND96isr_H200_v5", "Standard_NC24ads_A100_v4"}
    assert caps["Standard_NC4as_T4_v3"].gpus == 1 and not caps["Standard_NC4as_T4_v3"].restricted
    assert caps["Standard_ND96isr_H200_v5"].restricted and "NotAvailableForSubscription" in caps["Standard_ND96isr_H200_v5"].reasons
    assert len(responses.calls) == 2


@responses.activate
def test_a_throttled_arm_call_becomes_live_unavailable():
    responses.add(responses.GET, SKUS, json={"error": {"code": "TooManyRequests", "message": "slow down"}}, status=429,
                  headers={"Retry-After": "0"})
    with pytest.raises(LiveUnavailable, match="ARM resource_skus failed"):
        list_capabilities(["eastus"], credential=FakeCredential(), subscription_id=SUB)
