"""Entry point of the onprem plugin: registers its provider through the advisor hooks."""

from __future__ import annotations

from advisor import hookimpl

ADVISOR_HOOK_API = 1


@hookimpl
def register_providers(register):
    from advisor_onprem.provider import OnPremProvider

    register(OnPremProvider())
