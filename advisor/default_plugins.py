"""The core's own contributions, registered through the same hooks as any plugin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor import hookimpl
from advisor.paths import builtin_rules_dir


@hookimpl
def register_rule_packs(register: Callable[[Path], None]) -> None:
    register(builtin_rules_dir())
