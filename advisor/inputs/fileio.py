"""Reading input files and writing output files safely: the one place advisor touches user paths.

Inputs: only regular files, opened without blocking (a FIFO never hangs), and at most ``limit``
bytes are read whatever ``stat`` says (``/dev/zero`` never grows memory). Outputs: written through
an exclusively created temp file beside the target and renamed over it, so a planted symlink is
never followed, a device (``/dev/null``) is never replaced, and a failed write leaves the old file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from advisor.errors import InputError

MAX_INPUT_BYTES = 1_048_576
BOM = b"\xef\xbb\xbf"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def not_regular(path: Path) -> str | None:
    """'a directory', 'a device', ... when ``path`` exists and is not a regular file (links followed)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def read_bounded(path: Path, what: str = "file", limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); InputError (exit 2) naming it otherwise."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(name, ["file not found"]) from None
    except IsADirectoryError:
        raise InputError(name, [f"is a directory, expected a {what}"]) from None
    except OSError as exc:
        raise InputError(name, [f"cannot read: {exc.strerror}"]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(name, [f"is {_kind(mode)}, expected a {what} (a regular file)"])
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(name, [f"cannot read: {exc.strerror}"]) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(name, [f"file is larger than {limit:,} bytes, the limit for an input file"])
    return b"".join(chunks)


def decode_utf8(raw: bytes, name: str) -> str:
    """Text of an input file; a BOM or invalid UTF-8 is an InputError naming the line."""
    if raw.startswith(BOM):
        raise InputError(name, ["starts with a UTF-8 byte-order mark (BOM); save the file as UTF-8 without BOM"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, [f"line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]) from None


def check_target(path: Path, force: bool) -> None:
    """Refuse an output path that exists and is not a regular file, or exists without ``force``."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(str(path), [f"cannot write: {exc.strerror}"]) from None
    if not stat.S_ISREG(mode):
        raise InputError(str(path), [f"is {_kind(mode)}; advisor writes only regular files (nothing was written, even with --force)"])
    if not force:
        raise InputError(str(path), ["already exists; nothing was written (use --force to overwrite)"])


def _mode_for(path: Path) -> int:
    """The mode a plain ``open(path, 'w')`` would give: the old file's, else 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: str | bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a new temp file in its directory, then rename it over ``path``.

    The temp file is created exclusively (``mkstemp``: O_EXCL, a random name, never a planted link);
    errors (missing or read-only directory, a full disk) are InputError naming the path, exit 2.
    """
    check_target(path, force)
    directory = path.parent
    if not directory.is_dir():
        raise InputError(str(path), [f"the directory {directory} does not exist; nothing was written"])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(str(path), [f"cannot write in {directory}: {exc.strerror}; nothing was written"]) from None
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        check_target(path, force)  # a device or link planted since the first check is still refused
        os.replace(temporary, path)
    except InputError:
        Path(temporary).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        full = " (the disk is full)" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
        raise InputError(str(path), [f"cannot write: {exc.strerror}{full}; nothing was written"]) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
