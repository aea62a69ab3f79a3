"""advisor: where should this AI workload run? Cloud, own data centre, edge or DePIN, or a hybrid."""

import pluggy

__version__ = "0.1.0"

#: Version of the hook interface. A plugin declares the version it was built for as
#: ``ADVISOR_HOOK_API = 1`` in the module its entry point names; a mismatch is refused with a
#: message naming the plugin, and the other plugins keep working.
HOOK_API_VERSION = 1

hookimpl = pluggy.HookimplMarker("advisor")

__all__ = ["HOOK_API_VERSION", "__version__", "hookimpl"]
