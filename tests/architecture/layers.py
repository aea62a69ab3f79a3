"""The layer order of advisor's core, top to bottom: the one place it is defined.

A package or module may import only from layers below its own (never up, never sideways), so the import
graph reads as one line and has no circle. ``docs/architecture.md`` lists the same packages in the same
order (a test compares them). The order of the stages a run goes through is ``advisor.pipeline``'s.
"""

from __future__ import annotations

LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("api",),
    ("inventory",),
    ("pipeline", "testing"),
    ("assembly",),
    ("placement",),
    ("evaluation",),
    ("catalog",),
    ("rules",),
    ("sizing",),
    ("costing",),
    ("plugin", "default_plugins"),
    ("inputs",),
    ("criteria",),
    ("scoring",),
    ("reference",),
    ("render",),
    ("model",),
    ("executors",),
    ("errors", "clock", "paths", "trusted", "redact", "guard", "gcpause", "jsontext", "highs", "__init__"),
)
"""Top-level packages and modules of ``advisor``, by layer; ``__init__`` is the ``advisor`` package itself."""

SHIMS: frozenset[str] = frozenset({
    "offers", "records", "specs", "workload", "provider", "snapshot", "plugins", "hookspecs", "geo", "hardware",
    "sites", "tomlfile",
})
"""Old module paths kept as deprecation shims for hook API 1 (they alias a moved module, importing nothing else)."""
