"""Entry point of the depin plugin: registers Akash, io.net, Vast.ai, Render and Livepeer."""

from __future__ import annotations

import advisor

from advisor_depin.akash import AkashProvider
from advisor_depin.ionet import IoNetProvider
from advisor_depin.livepeer import LivepeerProvider
from advisor_depin.render import RenderProvider
from advisor_depin.vastai import VastAiProvider

ADVISOR_HOOK_API = 1


@advisor.hookimpl
def register_providers(register):
    for provider in (AkashProvider(), IoNetProvider(), VastAiProvider(), RenderProvider(), LivepeerProvider()):
        register(provider)
