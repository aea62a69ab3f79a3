"""Running plugin code so that it cannot hang, silence or corrupt a command.

Every call into a plugin (its import, its hooks, ``Provider.catalog``/``refresh``) runs in a daemon
thread with a bounded wait, so a plugin that blocks is abandoned and named. While a command runs,
``guarded_process`` makes two promises about the process as a whole:

* stdout belongs to advisor: only the main thread writes the result there; anything written from
  another thread (where all plugin code runs) goes to stderr, so a plugin's ``print()`` cannot
  corrupt ``--format json``; and every byte on stdout and stderr passes the CLI's cleaner
  (``advisor.redact``, then ``advisor.render.escape.stream_text``: no terminal escape but colours);
* a plugin cannot end the process: ``os._exit`` raises ``PluginExit`` instead, which the caller
  reports like any other exception (a provider calling ``os._exit(0)`` no longer makes
  ``recommend`` exit 0 with empty output). Code that bypasses Python (ctypes, signals) is out of
  reach of any in-process guard; such a process still dies with a non-zero status or a signal.
"""

from __future__ import annotations

import os
import posix
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, wait
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO, TypeVar

PLUGIN_TIMEOUT_ENV = "ADVISOR_PLUGIN_TIMEOUT"
DEFAULT_PLUGIN_TIMEOUT_S = 10.0
"""Seconds a plugin's import or one of its hooks may take (SDK-heavy imports take one or two)."""


T = TypeVar("T")


class PluginExit(Exception):
    """Plugin code called ``os._exit``: refused, and reported as that plugin's failure."""


class PluginTimeout(Exception):
    """Plugin code did not return within its bounded wait; it was abandoned."""


class StreamFailed(Exception):
    """A plugin's streamed offers raised (anything, even SystemExit): ``str`` says how, for a problem line."""


def plugin_timeout_s() -> float:
    """``$ADVISOR_PLUGIN_TIMEOUT`` when it is a positive number of seconds, else the default."""
    try:
        value = float(os.environ.get(PLUGIN_TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_PLUGIN_TIMEOUT_S
    return value if 0 < value < 3600 else DEFAULT_PLUGIN_TIMEOUT_S


def start(call: Callable[[], T], name: str) -> Future[T]:
    """Run ``call`` in a daemon thread; its result or exception (any, even SystemExit) lands in the future.

    Daemon threads rather than a ThreadPoolExecutor: the executor joins its workers at interpreter
    exit, so one hung plugin would keep the process alive after the answer was printed.
    """
    future: Future[T] = Future()
    future.set_running_or_notify_cancel()

    def run() -> None:
        try:
            future.set_result(call())
        except BaseException as exc:  # reported by the caller, whatever it was
            future.set_exception(exc)

    threading.Thread(target=run, name=f"advisor-plugin-{name}", daemon=True).start()
    return future


def run_bounded(call: Callable[[], T], name: str, timeout_s: float | None = None) -> T:
    """``call()`` run in its own thread; PluginTimeout when it takes longer than ``timeout_s``."""
    limit = plugin_timeout_s() if timeout_s is None else timeout_s
    future = start(call, name)
    wait([future], timeout=limit)
    if not future.done():
        raise PluginTimeout(f"did not return within {limit:g} s (abandoned; set {PLUGIN_TIMEOUT_ENV} to wait longer)")
    return future.result()


def describe_failure(exc: BaseException) -> str:
    """How a plugin call failed, in words for a problem line (the exception's text is redacted later)."""
    if isinstance(exc, PluginTimeout | PluginExit):
        return str(exc)
    if isinstance(exc, SystemExit):
        return f"called sys.exit({exc.code!r}) (refused)"
    return f"raised {exc!r}"


Cleaner = Callable[[str, bool], str]
"""What every byte on stdout/stderr passes through: (text, is_stderr) -> text. The CLI gives redaction
and terminal escaping; this module, at the bottom of the layers, imports neither."""


class _Stream:
    """A text stream for one command: every write cleaned; with ``main_only``, only the main thread's
    text reaches ``real`` and other threads' goes to stderr."""

    def __init__(self, real: TextIO, main_only: bool, clean: Cleaner) -> None:
        self._real = real
        self._main_only = main_only
        self._clean = clean
        self._main = threading.main_thread()

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes with bytes to tell text from binary streams
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._main_only and threading.current_thread() is not self._main:
            sys.stderr.write(text)  # that stream cleans it
        else:
            self._real.write(self._clean(text, not self._main_only))
        return len(text)

    def flush(self) -> None:
        self._real.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._real, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._real.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._real, "encoding", "utf-8") or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self._real, "errors", "strict") or "strict"

    def writable(self) -> bool:
        return True

    @property
    def buffer(self) -> _Bytes:
        """Where click writes bytes (its shell-completion script): decoded, then cleaned like any text."""
        return _Bytes(self)


class _Bytes:
    """The binary side of a ``_Stream``: bytes are decoded with the stream's encoding and written as text."""

    def __init__(self, text: _Stream) -> None:
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(bytes(data).decode(self._text.encoding, "replace"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


def _refuse_exit(status: int = 0) -> NoReturn:
    raise PluginExit(f"called os._exit({status!r}) (refused: a plugin may not end the process)")


@contextmanager
def guarded_process(clean: Cleaner) -> Iterator[None]:
    """For one command: stdout only from the main thread, every write through ``clean``, and
    ``os._exit`` refused (see the module doc)."""
    saved = (sys.stdout, sys.stderr, os._exit, posix._exit)
    sys.stdout = _Stream(sys.stdout, True, clean)
    sys.stderr = _Stream(sys.stderr, False, clean)
    os._exit = posix._exit = _refuse_exit
    try:
        yield
    finally:
        sys.stdout, sys.stderr, os._exit, posix._exit = saved


_END = object()


def streamed(items: Iterable[T], name: str, timeout_s: float, chunk: int = 4096) -> Iterator[T]:
    """The items of a plugin's iterable (a generator: plugin code) read in a daemon thread of their own
    and handed over ``chunk`` at a time through a two-chunk queue, so at most four chunks exist at once
    and each item is let go by this side as it is read. The thread starts at the first ``next``; a
    chunk that takes longer than ``timeout_s`` raises ``PluginTimeout``, an exception in the plugin's
    code ``StreamFailed``. Abandoning the iterator stops the reading at its next chunk."""
    handoff: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            batch: list[T] = []
            for item in items:
                batch.append(item)
                if len(batch) == chunk:
                    if not put(batch):
                        return
                    batch = []
            if put(batch):
                put(_END)
        except BaseException as exc:  # raised on the reading side, whatever it was
            put(exc)

    threading.Thread(target=produce, name=f"advisor-plugin-{name}-offers", daemon=True).start()
    try:
        while True:
            try:
                got = handoff.get(timeout=timeout_s)
            except queue.Empty:
                raise PluginTimeout(f"its streamed offers stalled for {timeout_s:g} s (abandoned)") from None
            if got is _END:
                return
            if isinstance(got, BaseException):
                raise StreamFailed(f"its streamed offers {describe_failure(got)}")
            for k in range(len(got)):
                item, got[k] = got[k], None
                yield item
                del item
    finally:
        stop.set()
