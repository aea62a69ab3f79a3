"""advisor provider plugin: independent inference APIs (Together, Fireworks, DeepInfra, Groq)."""
