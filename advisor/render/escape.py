"""Escaping for each medium, in one place: the terminal and Markdown (HTML is Jinja's autoescape).

Names, notes, warnings and references come from workload files and plugins. On a terminal an
escape sequence (``ESC ]0;title``, a colour, a cursor move) or a bidirectional override could
rewrite what the reader sees; in Markdown raw HTML, an image or a ``javascript:`` link would
render, and a newline or ``|`` could forge table rows. Control characters are shown as visible
``\\xNN`` escapes, never passed through.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")
_MARKDOWN = re.compile(r"([\\\[\]|`])")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(match.re.groups and 1 or 0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """Multi-line text safe for a terminal: every control character but newline made visible."""
    return _CONTROL.sub(_visible, text.replace("\r\n", "\n"))


def one_line(value: Any) -> str:
    """A value for one line or one table cell: line breaks become spaces, controls visible."""
    return terminal_text(_LINE_BREAKS.sub(" ", str(value)))


def markdown_inline(value: Any) -> str:
    """A value inert in Markdown: no raw HTML (``<``, ``>``, ``&`` as entities), no link or image
    (``[``/``]`` escaped), no code span, no table break, on one line."""
    text = one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


def clean_strings(value: Any, clean: Any = one_line) -> Any:
    """``value`` (the canonical JSON dict, a row) with ``clean`` applied to every string in it."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: clean_strings(v, clean) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_strings(v, clean) for v in value]
    return value


_STDOUT_KEEP = r"\x1b\[[0-9;]*m"  # colours and bold (SGR) only
_STDERR_KEEP = r"\x1b\[[0-9;?]*[A-Za-z]|\r"  # progress bars redraw their line (CSI, carriage return)
_STREAM = {
    keep: re.compile(rf"(?:{keep})|({_CONTROL.pattern})") for keep in (_STDOUT_KEEP, _STDERR_KEEP)
}


def stream_text(text: str, progress: bool = False) -> str:
    """Text about to reach stdout (or, with ``progress``, stderr): styling kept, anything else a
    terminal would act on (OSC titles and links, cursor moves on stdout, bidi overrides) made visible."""
    pattern = _STREAM[_STDERR_KEEP if progress else _STDOUT_KEEP]
    return pattern.sub(lambda m: _visible(m) if m.group(1) is not None else m.group(0), text)
