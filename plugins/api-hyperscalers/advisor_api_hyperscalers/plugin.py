"""Entry point of the api-hyperscalers plugin: registers Amazon Bedrock, Azure AI Foundry and Vertex AI."""

from __future__ import annotations

import advisor

from advisor_api_hyperscalers.providers import AzureFoundryProvider, BedrockProvider, VertexAiProvider

ADVISOR_HOOK_API = 1


@advisor.hookimpl
def register_providers(register):
    for provider in (BedrockProvider(), AzureFoundryProvider(), VertexAiProvider()):
        register(provider)
