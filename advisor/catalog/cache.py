"""The local catalog cache: live prices fetched by ``advisor prices refresh``, one SQLite file.

Each provider's refresh is written into a new generation and the provider's pointer is flipped in
the same transaction ("swap on success"), so a refresh that raises or is killed leaves the previous
catalog intact. A corrupted file is moved aside and rebuilt empty (recommendations then fall back to
the embedded snapshots). WAL mode plus a busy timeout lets several processes refresh at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError
from advisor.model.offers import Offer, Provenance, ProviderCatalog, Venue

SCHEMA_VERSION = 1
CACHE_DIR_ENV = "ADVISOR_CACHE_DIR"
FILE_NAME = "catalog.sqlite3"
BUSY_TIMEOUT_MS = 30_000

#: Hours a cached catalog stays fresh, by provider kind, unless the provider sets ``ttl_hours``.
#: Hyperscaler list prices change rarely (7 days); marketplace prices move by the hour (SkyPilot
#: issue #4904: a stale Vast catalog showed $0.43/h against $0.30/h live).
TTL_HOURS_BY_KIND: dict[str, float] = {"cloud": 168.0, "edge": 168.0, "onprem": 168.0, "depin": 1.0, "api": 168.0}
DEFAULT_TTL_HOURS = 24.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS generations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    provenance TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS current (
    provider TEXT PRIMARY KEY,
    generation INTEGER NOT NULL REFERENCES generations(id)
);
CREATE TABLE IF NOT EXISTS venues (
    generation INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    provider TEXT NOT NULL, id TEXT NOT NULL, fetched_at TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (generation, id)
);
CREATE TABLE IF NOT EXISTS offers (
    generation INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    provider TEXT NOT NULL, id TEXT NOT NULL, fetched_at TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (generation, id)
);
"""


OWN_TABLES = frozenset({"meta", "generations", "current", "venues", "offers", "sqlite_sequence"})


class CacheError(AdvisorError):
    """The price cache cannot be used as asked (read-only, full disk, not a file): the user's
    environment, exit status 2, the path named. The previous catalog is never touched."""

    exit_code = 2


def describe_cache_error(exc: BaseException) -> str:
    """A short cause for a cache failure: disk full, read-only, locked, or the error itself."""
    if isinstance(exc, CacheError):
        return str(exc)
    text = str(exc)
    low = text.lower()
    if getattr(exc, "errno", None) == 28 or "disk is full" in low or "no space" in low:
        return f"the disk is full: {text}"
    if isinstance(exc, PermissionError) or "readonly" in low or "read-only" in low or "permission" in low:
        return f"the cache is read-only: {text}"
    if "locked" in low:
        return f"the cache is locked by another process: {text}"
    return f"{type(exc).__name__}: {text}"


def cache_dir() -> Path:
    """``$ADVISOR_CACHE_DIR`` or the platform's user cache dir (``~/.cache/advisor`` on Linux)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("advisor"))


def ttl_hours(provider: Any) -> float:
    """The provider's own ``ttl_hours`` when it sets a positive number, else the default for its kind."""
    own = getattr(provider, "ttl_hours", None)
    if isinstance(own, int | float) and not isinstance(own, bool) and own > 0:
        return float(own)
    return TTL_HOURS_BY_KIND.get(getattr(provider, "kind", ""), DEFAULT_TTL_HOURS)


@dataclass(frozen=True)
class CacheEntry:
    """One provider's current cached catalog; its provenance reads 'cache', keeping the original as_of."""

    provider: str
    generation: int
    fetched_at: datetime
    original_source: str
    catalog: ProviderCatalog

    def age_hours(self, now: datetime) -> float:
        return (now - self.fetched_at).total_seconds() / 3600

    def is_fresh(self, ttl_hours: float, now: datetime) -> bool:
        return now - self.fetched_at <= timedelta(hours=ttl_hours)


@dataclass(frozen=True)
class CacheStatus:
    """What the cache holds for one provider, without loading its offers."""

    provider: str
    generation: int
    fetched_at: datetime
    source: str
    as_of: datetime
    offers: int
    venues: int


def _cached_offer(text: str) -> Offer:
    """An offer from its stored JSON, its provenance source now 'cache' (as_of and reference kept)."""
    data = json.loads(text)
    data["provenance"]["source"] = "cache"
    return Offer.model_validate(data)


class CatalogCache:
    """The SQLite catalog at ``path`` (default ``cache_dir() / catalog.sqlite3``), opened lazily."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else cache_dir() / FILE_NAME
        self._checked = False

    # -- connection --------------------------------------------------------------------------

    @contextmanager
    def _connect(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection; read-only (and never preparing the file) when the cache cannot be written.

        Any SQLite or OS failure becomes a CacheError naming the file and the cause.
        """
        from advisor.inputs.fileio import not_regular

        directory = self.path.parent
        if directory.exists() and not directory.is_dir():
            raise CacheError(f"price cache directory {directory} is not a directory; set {CACHE_DIR_ENV} to one advisor may use")
        kind = not_regular(self.path)
        if kind:
            raise CacheError(f"price cache file {self.path} is {kind}, not a regular file; remove it or set {CACHE_DIR_ENV} "
                             "to another directory")
        try:
            if not write and not self._writable():
                conn = self._open_read_only()
            else:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    if not self._checked:
                        self._check_or_rebuild()
                        self._checked = True
                    conn = self._open()
                except (sqlite3.OperationalError, PermissionError, OSError) as exc:
                    if write or "read" not in describe_cache_error(exc):
                        raise
                    conn = self._open_read_only()  # a read-only file system: still read a valid cache
        except CacheError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(f"price cache {self.path}: {describe_cache_error(exc)}") from None
        try:
            yield conn
        except sqlite3.Error as exc:
            raise CacheError(f"price cache {self.path}: {describe_cache_error(exc)}") from None
        finally:
            conn.close()

    def _writable(self) -> bool:
        directory = self.path.parent
        if self.path.exists():
            return os.access(self.path, os.W_OK) and os.access(directory, os.W_OK)
        return not directory.exists() or os.access(directory, os.W_OK)

    def _open_read_only(self) -> sqlite3.Connection:
        """A read-only connection to a cache in a directory advisor cannot write (a shared or
        mounted cache): immutable, so SQLite needs no -wal/-shm files; only an advisor cache is read."""
        from urllib.parse import quote

        conn = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro&immutable=1", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if "meta" in tables else None
        except sqlite3.DatabaseError:
            conn.close()
            raise CacheError(f"price cache {self.path} is unreadable and read-only, so it was left as it is; "
                             f"remove it or set {CACHE_DIR_ENV} to a writable directory") from None
        if not (tables <= OWN_TABLES and row is not None and row[0] == str(SCHEMA_VERSION)):
            conn.close()
            raise CacheError(f"price cache {self.path} is not an advisor cache of schema {SCHEMA_VERSION} and is read-only; "
                             f"remove it or set {CACHE_DIR_ENV} to a writable directory")
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _check_or_rebuild(self) -> None:
        """Integrity check and schema; a corrupt or foreign file is moved aside and rebuilt empty."""
        try:
            conn = self._open()
            try:
                self._prepare(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, permissions, disk: not corruption
                raise
            aside = self._move_aside()
            warnings.warn(
                f"price cache {self.path} was unreadable ({exc}); moved to {aside} and rebuilt empty: "
                "embedded snapshot prices are used until 'advisor prices refresh'",
                stacklevel=4,
            )
            conn = self._open()
            try:
                self._prepare(conn)
            finally:
                conn.close()

    def _prepare(self, conn: sqlite3.Connection) -> None:
        result = conn.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {result[0] if result else 'no answer'}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and not (tables <= OWN_TABLES and "meta" in tables):
            # another program's database: never written into, moved aside like a corrupt one
            raise sqlite3.DatabaseError(f"not an advisor price cache (it holds tables {', '.join(sorted(tables - OWN_TABLES)[:5])})")
        _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                conn.execute(statement)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif row[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"schema version {row[0]}, this advisor uses {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            except FileNotFoundError:
                pass
        return aside

    # -- reading -----------------------------------------------------------------------------

    def read(self, provider: str) -> CacheEntry | None:
        """The provider's current generation, or None when there is none (or no cache file yet)."""
        if not self.path.exists():
            return None
        with self._connect(write=False) as conn:
            conn.execute("BEGIN")
            try:
                head = conn.execute(
                    "SELECT g.id, g.fetched_at, g.provenance FROM current c JOIN generations g ON g.id = c.generation "
                    "WHERE c.provider = ?",
                    (provider,),
                ).fetchone()
                if head is None:
                    return None
                generation = head[0]
                venues = [r[0] for r in conn.execute("SELECT json FROM venues WHERE generation = ? ORDER BY id", (generation,))]
                offers = [r[0] for r in conn.execute("SELECT json FROM offers WHERE generation = ? ORDER BY id", (generation,))]
            finally:
                conn.execute("COMMIT")
        from advisor.gcpause import paused_gc

        original = Provenance.model_validate_json(head[2])
        with paused_gc():
            catalog = ProviderCatalog(
                provider=provider,
                venues=tuple(Venue.model_validate_json(v) for v in venues),
                offers=tuple(_cached_offer(o) for o in offers),
                provenance=original.model_copy(update={"source": "cache"}),
            )
        return CacheEntry(provider, generation, _parse_time(head[1]), original.source, catalog)

    def status(self) -> list[CacheStatus]:
        """One row per cached provider, sorted by name."""
        if not self.path.exists():
            return []
        with self._connect(write=False) as conn:
            rows = conn.execute(
                "SELECT c.provider, g.id, g.fetched_at, g.provenance,"
                " (SELECT COUNT(*) FROM offers o WHERE o.generation = g.id),"
                " (SELECT COUNT(*) FROM venues v WHERE v.generation = g.id)"
                " FROM current c JOIN generations g ON g.id = c.generation ORDER BY c.provider"
            ).fetchall()
        out = []
        for provider, generation, fetched_at, prov, n_offers, n_venues in rows:
            provenance = Provenance.model_validate_json(prov)
            out.append(CacheStatus(provider, generation, _parse_time(fetched_at), provenance.source, provenance.as_of, n_offers, n_venues))
        return out

    # -- writing -----------------------------------------------------------------------------

    def check_writable(self) -> None:
        """CacheError (exit 2) naming the path when a refresh could not store anything here."""
        if not self._writable():
            raise CacheError(f"price cache {self.path} is read-only; nothing can be refreshed into it "
                             f"(set {CACHE_DIR_ENV} to a writable directory)")
        with self._connect():
            pass

    def write(self, catalog: ProviderCatalog, fetched_at: datetime | None = None) -> int:
        """Store ``catalog`` as the provider's new generation, atomically; return its generation id.

        Everything happens in one transaction: on any exception (or a kill) nothing changes.
        """
        when = (fetched_at or datetime.now(UTC)).astimezone(UTC).isoformat()
        provider = catalog.provider
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.execute(
                    "INSERT INTO generations (provider, fetched_at, provenance) VALUES (?, ?, ?)",
                    (provider, when, catalog.provenance.model_dump_json()),
                )
                generation = cursor.lastrowid
                assert generation is not None, "an INSERT into a rowid table sets lastrowid"
                conn.executemany(
                    "INSERT INTO venues VALUES (?, ?, ?, ?, ?)",
                    ((generation, provider, v.id, when, v.model_dump_json()) for v in catalog.venues),
                )
                conn.executemany(
                    "INSERT INTO offers VALUES (?, ?, ?, ?, ?)",
                    ((generation, provider, o.id, when, o.model_dump_json()) for o in catalog.offers),
                )
                conn.execute("INSERT OR REPLACE INTO current VALUES (?, ?)", (provider, generation))
                conn.execute("DELETE FROM generations WHERE provider = ? AND id != ?", (provider, generation))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return generation

    def forget(self, provider: str) -> bool:
        """Drop a provider's cached catalog; True when there was one."""
        if not self.path.exists():
            return False
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            deleted = conn.execute("DELETE FROM current WHERE provider = ?", (provider,)).rowcount
            conn.execute("DELETE FROM generations WHERE provider = ?", (provider,))
            conn.execute("COMMIT")
        return deleted > 0


def _parse_time(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _retry_locked(call: Any, attempts: int = 50) -> Any:
    """Switching to WAL needs a moment alone with the file; another process may hold it briefly."""
    for attempt in range(attempts):
        try:
            return call()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None
