"""advisor provider plugin: the hyperscalers' managed model APIs (Bedrock, Azure AI Foundry / OpenAI, Vertex AI)."""
