"""Keep credentials out of everything advisor prints or writes.

Provider and SDK errors can echo a request URL with an API key, an Authorization header or an
environment value; every message that leaves advisor passes through ``redact`` first.
"""

from __future__ import annotations

import os
import re

SECRET_ENV_HINTS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "CREDENTIAL", "SESSION")
MIN_SECRET_LENGTH = 8
PATTERNS = (
    re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b"),  # AWS access key ids
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"),  # Authorization header values
    re.compile(r"(?i)((?:api[_-]?key|access[_-]?token|token|secret|password|sig|signature|key)=)[^&\s'\"]+"),
    re.compile(r"(?i)(x-api-key['\"]?\s*[:=]\s*['\"]?)[^'\"\s,}]+"),
    re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),  # Google API keys
)
MASK = "***"


def _secret_values() -> list[str]:
    values = []
    for name, value in os.environ.items():
        if any(h in name.upper() for h in SECRET_ENV_HINTS) and len(value) >= MIN_SECRET_LENGTH:
            values.append(value)
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    """``text`` with secret environment values and credential-looking substrings masked."""
    for value in _secret_values():
        text = text.replace(value, MASK)
    for pattern in PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.re.groups and m.group(1) and m.group(1).endswith(("=", ":", '"', "'", " ")) else "") + MASK, text)
    return text
