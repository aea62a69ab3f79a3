"""Entry point of the api-inference plugin: registers Together, Fireworks, DeepInfra and Groq."""

from __future__ import annotations

import advisor

from advisor_api_inference.providers import PROVIDERS

ADVISOR_HOOK_API = 1


@advisor.hookimpl
def register_providers(register):
    for provider in PROVIDERS():
        register(provider)
