"""Keep credentials out of everything advisor prints or writes: the one redaction.

Provider and SDK errors can echo a request URL with an API key, an Authorization header, a signed
URL or an environment value. ``redact`` masks them; it is applied where text from a plugin or an
SDK enters (catalog problems and references, refresh results, cache rows) and again at every exit
(stdout and stderr of a command, files it writes), so a path that forgets the first still has the
second. Patterns are chosen so that ordinary advisor text ("tokens_per_second: 40", a per-token price
keyed "...:per_token": "unpriced") is never masked.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from typing import Any

SECRET_ENV_HINTS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "CREDENTIAL", "SESSION", "SIGNATURE", "AUTH")
MIN_SECRET_LENGTH = 8
_SECRET_WORD = r"(?:t(?<!per[_-]t)oken|secret|passw(?:or)?d|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|signature|credential|private[_-]?key|sig|auth)"
_SECRET_NAME = rf"[\w-]*?{_SECRET_WORD}"
_ASSIGNED = r"['\"]?\s*[:=]\s*['\"]?"
_VALUE = r"[^\s'\",;&}<>]"
#: The only characters besides A-Z that ``re.IGNORECASE`` takes for an ASCII letter ("K", the Kelvin
#: sign, lowercases to "k" by itself); "İ" would lowercase to two characters. A test re-derives them.
_ALSO_LETTERS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


@dataclass(frozen=True)
class Pattern:
    """A credential pattern and its trigger: a case-sensitive regex, searched in the lowercased text,
    for a part that every match of the pattern contains. Where the trigger is absent the pattern
    cannot match and is not run: the patterns start with a word boundary, a lazy name prefix or a
    case-insensitive alternation that the regex engine retries at every position (35-100 ms on a
    100-300 kB JSON recommendation), the triggers with literals it skips to (a few ms). The pattern
    itself is compiled when a trigger first fires (most runs never need it)."""

    source: str
    trigger: re.Pattern[str]

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source)  # compiled once per process: ``re`` keeps it


PATTERNS = (
    # AWS access key ids (long-term AKIA, temporary ASIA)
    Pattern(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", re.compile(r"(?:akia|asia)[a-z0-9]{16}")),
    # Authorization header values
    Pattern(r"(?i)\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}",
            re.compile(r"(?:bearer|basic)\s+[a-z0-9._~+/=-]{8}")),
    # URL query parameters naming a secret: ?api_key=..., &sig=..., X-Amz-Security-Token=..., X-Amz-Credential=...
    Pattern(rf"(?i)(?<=[?&;])({_SECRET_NAME}|key|code)=[^&#\s'\"<>]+",
            re.compile(rf"(?:{_SECRET_WORD}|key|code)=[^&#\s'\"<>]")),
    # assignments and headers: AZURE_CLIENT_SECRET=..., "x-api-key": "...", X-Amz-Security-Token: ...
    Pattern(rf"(?i)\b({_SECRET_NAME}{_ASSIGNED}){_VALUE}{{8,}}",
            re.compile(rf"{_SECRET_WORD}{_ASSIGNED}{_VALUE}{{8}}")),
    # Google API keys
    Pattern(r"\bAIza[0-9A-Za-z_-]{35}\b", re.compile(r"aiza[0-9a-z_-]{35}")),
)
MASK = "***"


def _looks_secret(value: str) -> bool:
    """An environment value worth masking: long enough, not a path, not a plain number or word."""
    if len(value) < MIN_SECRET_LENGTH or value.startswith(("/", "~", "unix:", "http://", "https://")):
        return False
    if value.isdigit() or value.lower() in ("true", "false"):
        return False
    mixed = any(c.isalpha() for c in value) and any(not c.isalpha() for c in value)
    return mixed or len(value) >= 16


def _secret_values() -> tuple[str, ...]:
    """The environment's secret values, longest first; read afresh on every call (the environment may
    change), judged once per distinct environment (30 catalog references per recommendation in an
    inventory of 10,000 made judging every variable every time a measurable cost)."""
    return _secrets_in(tuple(os.environ.items()))


@functools.lru_cache(maxsize=4)
def _secrets_in(environment: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    values = [
        value
        for name, value in environment
        if any(h in name.upper() for h in SECRET_ENV_HINTS) and _looks_secret(value)
    ]
    return tuple(sorted(values, key=len, reverse=True))


def _mask(match: re.Match[str]) -> str:
    prefix = match.group(1) if match.re.groups else None
    if prefix is None:
        return MASK
    if match.group(0)[len(prefix):].startswith("="):  # query form: the name, '=', then the mask
        return f"{prefix}={MASK}"
    return prefix + MASK


def redact(text: str) -> str:
    """``text`` with secret environment values and credential-looking substrings masked."""
    if not text:
        return text
    for value in _secret_values():
        text = text.replace(value, MASK)
    folded = _folded(text)
    for pattern in PATTERNS:
        if pattern.trigger.search(folded):
            text = pattern.regex.sub(_mask, text)
            folded = _folded(text)
    return text


def _folded(text: str) -> str:
    """``text`` lowercased, one character for one, so that where a case-insensitive pattern matches
    ``text`` its lowercase trigger matches here (``str.lower`` alone turns "İ" into two characters
    and leaves "ı" and "ſ", which the regex engine's IGNORECASE reads as i, i and s)."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_ALSO_LETTERS)
    return text.lower()


def redact_optional(text: Any) -> Any:
    """``redact`` for a value that may be None (references, reasons)."""
    return redact(text) if isinstance(text, str) else text
