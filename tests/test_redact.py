"""Credentials never leave advisor: environment secrets and credential-looking text are masked."""

from __future__ import annotations

from advisor.redact import redact


def test_secret_environment_values_are_masked(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    assert redact("signature mismatch for wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "signature mismatch for ***"


def test_short_or_non_secret_environment_values_are_left_alone(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("API_KEY", "short")
    assert redact("region us-east-1, short answer") == "region us-east-1, short answer"


def test_urls_headers_and_key_formats_are_masked():
    assert redact("GET https://api.example/v1?api_key=abc123&page=2") == "GET https://api.example/v1?api_key=***&page=2"
    assert redact("Authorization: Bearer eyJhbGciOi.payload.sig") == "Authorization: ***"
    assert redact("user AKIAIOSFODNN7EXAMPLE is not allowed") == "user *** is not allowed"
    assert redact('headers {"X-API-KEY": "ionet-live-0123456789"}') == 'headers {"X-API-KEY": "***"}'


def test_per_token_billing_keys_and_prices_are_not_taken_for_tokens():
    line = '"bedrock:us-east-1:meta.llama3-8b-instruct-v1:0:per_token": "unpriced"'
    assert redact(line) == line
    assert redact("per_token: 0.00000022, per-token=0.00000022") == "per_token: 0.00000022, per-token=0.00000022"
    assert redact('"x-session-token": "abcdef0123456789"') == '"x-session-token": "***"'
    assert redact("GET https://api.example/v1?token=abc123def") == "GET https://api.example/v1?token=***"


def test_a_provider_error_carrying_a_credential_is_redacted_in_every_output(tmp_path, monkeypatch, memory_plugins, run_memory):
    from advisor import hookimpl
    from advisor.plugin.provider import Provider
    from advisor.render.markdown import render_markdown
    from advisor.render.table import render_table
    from advisor.render.report.build import render_html

    secret = "sk-live-9f8e7d6c5b4a39281706"
    monkeypatch.setenv("LEAKY_API_KEY", secret)

    class Leaky(Provider):
        name = "leaky"
        kind = "cloud"

        def catalog(self, query):
            raise RuntimeError(f"GET https://api.leaky.example/prices?api_key={secret} returned 401 for {secret}")

    class LeakyPlugin:
        @hookimpl
        def register_providers(self, register):
            register(Leaky())

    memory_plugins.register(LeakyPlugin(), name="leaky-plugin")
    rec = run_memory()
    data = rec.model_dump(mode="json")
    outputs = [rec.canonical_json(), render_table(data), render_markdown(data), render_html(data)]
    assert any("leaky" in o for o in outputs)  # the fault is reported...
    assert all(secret not in o for o in outputs)  # ...without the credential
