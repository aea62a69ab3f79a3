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
