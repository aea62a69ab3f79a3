"""Entry point of the edge plugin: registers the edge providers through the advisor hooks."""

from __future__ import annotations

import advisor

from advisor_edge.local_zones import LocalZonesProvider
from advisor_edge.outposts import OutpostsProvider
from advisor_edge.providers import AzureStackEdgeProvider, GdcEdgeProvider

ADVISOR_HOOK_API = 1


@advisor.hookimpl
def register_providers(register):
    for provider in (OutpostsProvider(), LocalZonesProvider(), AzureStackEdgeProvider(), GdcEdgeProvider()):
        register(provider)


@advisor.hookimpl
def register_hardware(register):
    from advisor_edge.hardware import A2

    register(A2)
