"""advisor: where should this AI workload run? Cloud, own data centre, edge or DePIN, or a hybrid.

The Python API (docs/python-api.md) is importable from here: ``advisor.recommend``, ``validate``,
``estimate``, ``explain``, ``compare``, ``render_recommendation``, ``render_report``, ``diff``, ``prices``,
``recommend_inventory``. They load on first use, so ``import advisor`` (and ``advisor --help``) stay fast.
"""

from __future__ import annotations

from typing import Any

import pluggy

__version__ = "0.1.0"

#: Version of the hook interface. A plugin declares the version it was built for as
#: ``ADVISOR_HOOK_API = 1`` in the module its entry point names; a mismatch is refused with a
#: message naming the plugin, and the other plugins keep working.
HOOK_API_VERSION = 1

hookimpl = pluggy.HookimplMarker("advisor")

#: Names served lazily from advisor.api (and the records they return); their types are in __init__.pyi.
_API = ("recommend", "validate", "estimate", "load_recommendation", "render_recommendation", "render_report", "explain",
        "compare", "diff", "prices", "formats", "recommend_inventory", "inventory_summary")
_RECORDS = {"Recommendation": "advisor.model.recommendation", "Workload": "advisor.model.workload", "InputError": "advisor.errors",
            "AdvisorError": "advisor.errors", "Diff": "advisor.render.report.diff", "PriceList": "advisor.catalog.price_list"}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _API:
        return getattr(importlib.import_module("advisor.api"), name)
    if name in _RECORDS:
        return getattr(importlib.import_module(_RECORDS[name]), name)
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")


__all__ = ["HOOK_API_VERSION", "__version__", "hookimpl", *_API, *_RECORDS]
