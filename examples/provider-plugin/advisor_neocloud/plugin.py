"""Entry point of the neocloud plugin (named in pyproject.toml, group ``advisor``)."""

from __future__ import annotations

from advisor import hookimpl

#: The advisor hook interface this plugin was built for; a core with another version refuses it by name.
ADVISOR_HOOK_API = 1


@hookimpl
def register_providers(register):
    from advisor_neocloud.provider import NeoCloudProvider  # lazy: `advisor --help` imports nothing here

    register(NeoCloudProvider())
