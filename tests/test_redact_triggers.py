"""Redaction runs a pattern only where its trigger is found: the same text out as every pattern run
over all the text (``oracles.redact_plain``), on credentials, near misses and case variants."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.redact import redact

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracles  # noqa: E402

# pieces that make matches, near misses and case-folding corner cases when strung together
PIECES = [
    "token", "TOKEN", "Token", "per_token", "per-token", "PER_Token", "tokens", "secret", "SeCrEt", "password", "passwd",
    "api_key", "api-key", "apikey", "APIKEY", "access_key_id", "accesskey", "signature", "credential", "private_key",
    "sig", "auth", "AUTH", "key", "code", "x-", "X-Amz-Security-", "bearer", "Bearer", "BASIC", "basic",
    "AKIA", "ASIA", "AIza", "IOSFODNN7EXAMPLE", "0123456789abcdef", "abcdefghijklmnopqrstuvwxyz0123456789_-AB",
    "=", ":", ": ", " = ", "\"", "'", "?", "&", ";", " ", "\n", ",", "}", "<", "-", "_", "/", ".", "~", "+",
    "\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\u20ac", "\u2014", "s\u0131g", "\u017fecret", "to\u212aen",
    "ap\u0130key", "12345678", "1,500.0", "unpriced", "https://api.example/v1", "per token: ",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24))
def test_triggered_patterns_redact_what_every_pattern_run_everywhere_redacts(pieces):
    text = "".join(pieces)
    assert redact(text) == oracles.redact_plain(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiknopstuvwxyzAKIST_-=:?&;'\" \u0130\u0131\u017f\u212a0123456789"), max_size=60))
def test_random_text_is_redacted_as_every_pattern_run_everywhere_redacts(text):
    assert redact(text) == oracles.redact_plain(text)


def test_edge_cases_match_the_plain_definition():
    cases = [
        "", "x", "api_key=abc123", "?api_key=abc123&page=2", "Authorization: Bearer eyJhbGciOi.payload.sig",
        "user AKIAIOSFODNN7EXAMPLE is not allowed", '{"X-API-KEY": "ionet-live-0123456789"}',
        '"per_token": "unpriced"', "per token: 1,500.0 M input", "time_to_first_token: 0.12345678",
        "ap\u0130key: abcdefgh1", "\u017fecret=abcdefgh12", "to\u212aen: 0123456789", "s\u0131g=abcdefghij",
        "AIza" + "A" * 35, "xAIza" + "A" * 35, "AKIA" + "B" * 16 + "x", "basic\tabcdefgh",
    ]
    for text in cases:
        assert redact(text) == oracles.redact_plain(text), text


def test_only_the_folded_letters_are_read_as_ascii_letters_by_ignorecase():
    """``redact._folded`` maps "İ", "ı" and "ſ" itself and leaves the rest to ``str.lower``: that holds
    while these, and the Kelvin sign that lowercases to "k", are all IGNORECASE takes for A-Z."""
    letter = re.compile("(?i)[a-z]")
    found = {chr(cp) for cp in range(128, 0x110000) if letter.fullmatch(chr(cp))}
    assert found == {"\u0130", "\u0131", "\u017f", "\u212a"}
