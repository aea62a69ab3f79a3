"""Where shipped data lives, in a wheel and in a source checkout alike."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def builtin_rules_dir() -> Path:
    """The core rule packs: ``advisor/_rules`` in a wheel, ``rules/`` beside the package in a checkout."""
    in_wheel = _PACKAGE / "_rules"
    return in_wheel if in_wheel.is_dir() else _PACKAGE.parent / "rules"


def data_file(name: str) -> Path:
    """A data file shipped inside the package (``advisor/data``)."""
    return _PACKAGE / "data" / name


@cache
def data_table(name: str) -> dict[str, Any]:
    """A shipped TOML data file, parsed once per process however many stages read it (they only read)."""
    with data_file(name).open("rb") as fh:
        return tomllib.load(fh)
