"""Marketplace GPU names → the canonical hardware ids the sizing catalog knows (brief vocabulary).

Names differ per network ("RTX 4090", "rtx4090", "H100 SXM", "h100" + interface "SXM5"); a name
that cannot be mapped without guessing (an H100 of unknown form factor, an A100 of unknown memory)
returns None and the row is left out with a note rather than sized on the wrong device.
"""

from __future__ import annotations

import re

_SIMPLE = {
    "h200": "H200",
    "b200": "B200",
    "rtx4090": "RTX-4090",
    "l40s": "L40S",
    "l4": "L4",
    "a10g": "A10G",
    "a10": "A10",
    "t4": "T4",
    "a40": "A40",
    "rtxa6000": "RTX-A6000",
    "a6000": "RTX-A6000",
    "v100": "V100",
    "mi300x": "MI300X",
}
_NOISE = re.compile(r"\b(nvidia|geforce|tesla|amd|instinct)\b")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _NOISE.sub("", text.lower()))


def canonical_gpu(name: str, memory_gib: float | None = None, interface: str | None = None) -> str | None:
    """The canonical id of a GPU model name, or None when the name is unknown or ambiguous."""
    key = _key(name)
    form = _key(interface or "")
    if key.startswith("h100"):
        if "nvl" in key:
            return "H100-NVL"
        if "pcie" in key or form.startswith("pcie"):
            return "H100-PCIe"
        if "sxm" in key or form.startswith("sxm"):
            return "H100-SXM"
        return None
    if key.startswith("a100"):
        if "80" in key[4:] or (memory_gib is not None and memory_gib >= 60):
            return "A100-80GB"
        if "40" in key[4:] or (memory_gib is not None and 30 <= memory_gib < 60):
            return "A100-40GB"
        return None
    for prefix in ("rtx4090", "l40s", "a10g", "mi300x", "rtxa6000", "a6000", "h200", "b200", "v100"):
        if key.startswith(prefix):
            return _SIMPLE[prefix]
    return _SIMPLE.get(key)


def gib_from_quantity(text: str | None) -> float | None:
    """'80Gi' / '24G' / '48GB' → GiB (decimal G units converted); None when absent or unreadable."""
    if not text:
        return None
    match = re.fullmatch(r"\s*([0-9.]+)\s*(Gi|G|GB|GiB|Mi|MiB)?\s*", text)
    if not match:
        return None
    value, unit = float(match.group(1)), (match.group(2) or "Gi")
    if unit in ("G", "GB"):
        return value * 1e9 / 2**30
    if unit in ("Mi", "MiB"):
        return value / 1024
    return value
