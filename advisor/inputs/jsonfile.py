"""A JSON document read from a file a user names (a recommendation, usually): bounded, strict, exit 2.

Every way the file can be bad (too large, not UTF-8, empty, invalid, NaN/Infinity, nested too deep)
becomes an ``InputError`` naming the file, never an internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

from advisor.errors import InputError
from advisor.inputs.fileio import decode_utf8, read_bounded

MAX_JSON_BYTES = 64 * 1_048_576
"""A recommendation of a large portfolio runs to megabytes; anything past this is not one."""


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json_input(path: Path, expected: str = "a recommendation JSON") -> object:
    """A JSON document from a regular file of bounded size; every way it can be bad is exit 2."""
    text = decode_utf8(read_bounded(path, "JSON file", MAX_JSON_BYTES), str(path))
    if not text.strip():
        raise InputError(str(path), [f"is empty, expected {expected}"])
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise InputError(str(path), ["not valid JSON: nested too deeply"]) from None
    except ValueError as exc:  # NaN/Infinity, or an integer with more digits than Python converts
        raise InputError(str(path), [f"not valid JSON: {exc}"]) from None
