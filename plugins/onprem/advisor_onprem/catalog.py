"""The core hardware catalog's price and power of a device, when it lists the device.

A device the catalog does not list leaves the price unknown (the offer is then unpriced, never $0).
"""

from __future__ import annotations

from typing import Any


def device_spec(device_id: str) -> Any | None:
    """The catalog's HardwareSpec for ``device_id``, or None when it has none."""
    from advisor.plugin import hardware_catalog  # imported when asked: `advisor --help` loads no catalog

    try:
        return hardware_catalog().get(device_id)
    except (KeyError, LookupError, ValueError):
        return None
