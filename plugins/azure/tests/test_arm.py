"""ARM resource SKUs: VM sizes kept, other resources dropped, subscription restrictions marked."""

from __future__ import annotations

from azure.mgmt.compute.models import ResourceSku

from advisor_azure.arm import parse_resource_skus
from advisor_azure.provider import apply_capabilities
from advisor_azure.sizes import gpu_from_name, vm_sizes


#: azure-mgmt-compute 39 models take the REST dict in the constructor; older msrest models use from_dict.
_build = getattr(ResourceSku, "from_dict", ResourceSku)


def _caps(resource_skus):
    return {c.name: c for c in parse_resource_skus(_build(v) for v in resource_skus["value"])}


def test_only_virtual_machine_skus_are_kept(resource_skus):
    assert set(_caps(resource_skus)) == {"Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4", "Standard_ND96isr_H200_v5"}


def test_capabilities_are_numbers_and_gpu_model_comes_from_the_name(resource_skus):
    caps = _caps(resource_skus)
    t4 = caps["Standard_NC4as_T4_v3"]
    assert (t4.vcpus, t4.memory_gib, t4.gpus, t4.location) == (4, 28.0, 1.0, "eastus")
    assert gpu_from_name(t4.name) == ("T4", 16)
    assert gpu_from_name("Standard_NC24ads_A100_v4") == ("A100-80GB", 80)
    assert gpu_from_name("Standard_ND96isr_H200_v5") == ("H200", 141)


def test_not_available_for_subscription_marks_the_size_restricted(resource_skus):
    caps = _caps(resource_skus)
    assert caps["Standard_ND96isr_H200_v5"].restricted
    assert caps["Standard_ND96isr_H200_v5"].reasons == ("NotAvailableForSubscription",)
    assert not caps["Standard_NC4as_T4_v3"].restricted


def test_restricted_sizes_lose_the_region_and_listed_sizes_keep_it(resource_skus):
    caps = list(_caps(resource_skus).values())
    sizes = apply_capabilities(vm_sizes(), caps)
    assert "eastus" in sizes["Standard_NC4as_T4_v3"].regions
    assert "eastus" not in sizes["Standard_ND96isr_H200_v5"].regions
    assert "eastus" not in sizes["Standard_NC64as_T4_v3"].regions  # ARM answered for eastus without it
    assert sizes["Standard_ND96isr_H200_v5"].regions == vm_sizes()["Standard_ND96isr_H200_v5"].regions - {"eastus"}
    assert "usgovvirginia" in sizes["Standard_NC4as_T4_v3"].regions  # ARM said nothing about it


def test_name_map_covers_every_gpu_size_in_the_bundled_table():
    for size in vm_sizes().values():
        assert (size.gpu is not None) == (size.gpus > 0), size.name
