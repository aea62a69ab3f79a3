"""Errors the user can act on. The CLI prints them without a traceback and exits with their status."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class AdvisorError(Exception):
    """Base of every error shown to the user as a message rather than a traceback."""

    exit_code = 1


class InputError(AdvisorError):
    """Bad input: a file, the key path inside it, what was expected. Exit status 2."""

    exit_code = 2

    def __init__(self, file: str | None, problems: list[str]):
        self.file = file
        self.problems = problems
        head = f"{file}: " if file else ""
        if len(problems) == 1:
            text = head + problems[0]
        else:
            text = head + f"{len(problems)} problems\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(text)


class InfeasibleError(AdvisorError):
    """Nothing can be placed; the message carries the reasons and relaxation hints. Exit status 3."""

    exit_code = 3


class PluginError(AdvisorError):
    """A plugin that cannot be loaded or misbehaves, named in the message."""

    exit_code = 1


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for a misspelt name, or '' when nothing is close."""
    by_lower = {c.lower(): c for c in choices}
    cutoff = 0.5 if len(word) <= 4 else 0.6
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean '{by_lower[matches[0]]}'?)" if matches else ""
