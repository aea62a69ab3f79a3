"""Entry point of the gcp plugin: registers its provider through the advisor hooks."""

from __future__ import annotations

from advisor import hookimpl

ADVISOR_HOOK_API = 1


@hookimpl
def register_providers(register):
    from advisor_gcp.provider import GcpProvider

    register(GcpProvider())
