from __future__ import annotations

import pytest

from advisor.errors import InputError
from advisor.reference.hardware import HardwareCatalog, builtin_hardware, hardware_catalog
from advisor.model.specs import HardwareSpec

REQUIRED = ["T4", "L4", "A10G", "A10", "L40S", "A100-40GB", "A100-80GB", "H100-SXM", "H100-PCIe", "H100-NVL", "H200",
            "B200", "RTX-4090", "MI300X", "TPU-v5e", "Inferentia2", "Trainium", "Trainium2", "V100", "A40", "RTX-A6000",
            "Xeon-8480+", "Xeon-6980P", "EPYC-9554"]


def test_builtin_catalog_has_every_shared_vocabulary_id():
    assert set(REQUIRED) <= {s.id for s in builtin_hardware()}


@pytest.mark.parametrize("name,expected", [
    ("h100", "H100-SXM"), ("H100-SXM5-80GB", "H100-SXM"), ("nvidia-tesla-t4", "T4"), ("Tesla T4", "T4"),
    ("a10g", "A10G"), ("NVIDIA A100-SXM4-80GB", "A100-80GB"), ("rtx 4090", "RTX-4090"), ("xeon-8480+", "Xeon-8480+"),
    ("h100-pcie", "H100-PCIe"), ("mi300x", "MI300X"),
])
def test_lookup_is_case_and_punctuation_insensitive_with_aliases(name, expected):
    assert hardware_catalog().get(name).id == expected


def test_unknown_hardware_is_none_and_require_says_did_you_mean():
    cat = hardware_catalog()
    assert cat.get("H1000") is None
    with pytest.raises(InputError) as err:
        cat.require("L40", file="w.toml", key="components[0].hardware")
    assert "did you mean 'L40S'" in str(err.value) and "components[0].hardware" in str(err.value)


def test_dense_figures_are_datasheet_dense_not_sparse():
    cat = hardware_catalog()
    assert cat.get("H100-SXM").tflops["bf16"] == 989.0
    assert cat.get("H100-SXM").tflops["fp8"] == 1979.0
    assert "bf16" not in cat.get("T4").tflops and "fp8" not in cat.get("T4").tflops


def test_prices_only_with_date_and_source():
    for spec in builtin_hardware():
        if spec.price_usd is not None:
            assert spec.price_date and spec.price_source
    assert hardware_catalog().get("T4").price_usd == 950
    assert hardware_catalog().get("L4").price_usd is None


def test_extra_rows_add_ids_and_override_builtin():
    base = hardware_catalog().get("T4")
    new = HardwareSpec(id="X1", aliases=("xone",), kind="gpu", vendor="Acme", tflops={"fp16": 10}, memory_gb=8,
                       bandwidth_gb_s=100, source="test")
    cat = hardware_catalog([new, base.model_copy(update={"memory_gb": 15.0})])
    assert cat.get("XONE").id == "X1"
    assert cat.get("t4").memory_gb == 15.0
    assert "X1" in cat.ids and isinstance(cat, HardwareCatalog)


def test_plugin_registered_hardware_reaches_the_runs_catalog_through_its_plugin_manager():
    from advisor import hookimpl
    from advisor.inputs.loading import load_catalogs
    from advisor.plugin.manager import Plugins

    extra = HardwareSpec(id="Plug-9", kind="gpu", vendor="Acme", tflops={"fp16": 1}, memory_gb=1, bandwidth_gb_s=1, source="t")

    class AcmePlugin:
        @hookimpl
        def register_hardware(self, register):
            register(extra)

    plugins = Plugins(load_entry_points=False)
    plugins.register(AcmePlugin(), name="acme")
    assert load_catalogs(plugins).hardware.get("plug-9").id == "Plug-9"
    assert hardware_catalog().get("plug-9") is None, "the catalog alone takes specs, never builds a manager"
