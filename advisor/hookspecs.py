"""Moved to ``advisor.plugin.hookspecs``; plugins import from ``advisor.plugin``. This path stays for hook API
version 1 only (docs/plugins.md, "Import surface") and warns on import."""

import importlib
import sys
import warnings

warnings.warn("advisor.hookspecs is deprecated: import from advisor.plugin (or advisor.plugin.hookspecs)", DeprecationWarning,
              stacklevel=2)
sys.modules[__name__] = importlib.import_module("advisor.plugin.hookspecs")
