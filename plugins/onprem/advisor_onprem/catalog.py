"""Lazy access to the core hardware catalog: price and power of a device, when it is there.

Imported inside functions only, so the plugin loads even where the catalog is missing; a missing
catalog or device leaves the price unknown (the offer is then unpriced, never $0).
"""

from __future__ import annotations

from typing import Any


def device_spec(device_id: str) -> Any | None:
    """The catalog's HardwareSpec for ``device_id``, or None when unavailable."""
    try:
        from advisor.hardware import hardware_catalog  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        return hardware_catalog().get(device_id)
    except (KeyError, LookupError, ValueError):
        return None
