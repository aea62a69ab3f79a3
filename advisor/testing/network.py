"""A guard that refuses and records every network connection, for offline checks and tests.

Recording matters: a provider that catches the refusal and carries on is still caught.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn


class NetworkUsed(AssertionError):
    """Raised when code under test opens a network connection where none is allowed."""


class NetworkDown(ConnectionRefusedError):
    """What code sees when the guard simulates a network outage (an OSError, as a real outage is)."""


@dataclass
class NetworkGuard:
    """Connection attempts seen while the guard was active, as readable strings."""

    attempts: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, what: str, args: tuple[Any, ...]) -> str:
        target = args[0] if args else "?"
        message = f"{what}({target!r})"
        with self._lock:
            self.attempts.append(message)
        return message


_PATCHES = (
    (socket.socket, "connect"),
    (socket.socket, "connect_ex"),
    (socket, "create_connection"),
    (socket, "getaddrinfo"),
)


@contextmanager
def block_network(error: type[BaseException] = NetworkUsed) -> Iterator[NetworkGuard]:
    """Within the block every connection or name lookup raises ``error`` and is recorded."""
    guard = NetworkGuard()
    saved = [(owner, name, getattr(owner, name)) for owner, name in _PATCHES]

    def refuser(name: str) -> Callable[..., NoReturn]:
        def refuse(*args: Any, **kwargs: Any) -> NoReturn:
            shown = args[1:] if name in ("connect", "connect_ex") else args
            raise error(f"network access attempted: {guard.record(name, shown)}")

        return refuse

    for owner, name, _ in saved:
        setattr(owner, name, refuser(name))
    try:
        yield guard
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
