"""The price cache in a hostile environment: a foreign database, a read-only directory, a full
disk, a broken file. Each gives a clear message naming the cache, the right exit status (2: the
user's environment), and the previous catalog intact."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import NOW, Good, catalog, offer, plugins_with  # noqa: E402

import advisor.cli.prices as prices_cli  # noqa: E402
from advisor.catalog.cache import CacheError, CatalogCache  # noqa: E402
from advisor.catalog import gather  # noqa: E402
from advisor.cli import main  # noqa: E402
from advisor.model.offers import OfferQuery  # noqa: E402


@pytest.fixture
def cache_path(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(prices_cli, "make_plugins", lambda: plugins_with(Good()))
    return tmp_path / "cache" / "catalog.sqlite3"


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


def read_only(monkeypatch) -> None:
    """The cache cannot be written (as root, permission bits do not stop writes: say so directly)."""
    monkeypatch.setattr(CatalogCache, "_writable", lambda self: False)


def cached_price(path: Path) -> str:
    entry = CatalogCache(path).read("good")
    return str(entry.catalog.offers[0].usd_per_hour)


def test_a_foreign_sqlite_database_is_moved_aside_untouched_not_written_into(cache_path, monkeypatch, capsys):
    cache_path.parent.mkdir(parents=True)
    with sqlite3.connect(cache_path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER, amount TEXT)")
        conn.execute("INSERT INTO invoices VALUES (1, '42.00')")
    with pytest.warns(UserWarning, match=r"not an advisor price cache \(it holds tables invoices\)"):
        code, _, _ = run(monkeypatch, capsys, "prices", "status", "--format", "json")
    assert code == 0
    [aside] = [p for p in cache_path.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    with sqlite3.connect(aside) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"invoices"}
        assert conn.execute("SELECT amount FROM invoices").fetchall() == [("42.00",)]


def test_a_valid_cache_in_a_read_only_directory_is_still_read(cache_path, monkeypatch, capsys):
    CatalogCache(cache_path).write(catalog("good", [offer("good", "gpu1", "1.20", source="live", as_of=NOW)], source="live", as_of=NOW), fetched_at=NOW)
    read_only(monkeypatch)
    gathered = gather(plugins_with(Good()), OfferQuery(), now=NOW, cache=CatalogCache(cache_path))
    assert [(s.provider, s.source) for s in gathered.sources] == [("good", "cache")]
    code, out, _ = run(monkeypatch, capsys, "prices", "status", "--format", "json")
    assert code == 0 and '"cache_fetched_at": "2026-05-11T00:00:00+00:00"' in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_valid_cache_in_a_chmod_read_only_directory_is_still_read(cache_path):  # pragma: no cover - non-root only
    CatalogCache(cache_path).write(catalog("good", [offer("good", "gpu1", "1.20", source="live", as_of=NOW)], source="live", as_of=NOW), fetched_at=NOW)
    os.chmod(cache_path.parent, 0o555)
    try:
        assert cached_price(cache_path) == "1.20"
    finally:
        os.chmod(cache_path.parent, 0o755)


def test_refresh_into_a_read_only_cache_is_exit_2_before_asking_any_provider(cache_path, monkeypatch, capsys):
    read_only(monkeypatch)
    code, out, err = run(monkeypatch, capsys, "prices", "refresh")
    assert code == 2 and out == ""
    assert f"price cache {cache_path} is read-only" in err


def test_status_on_a_broken_read_only_cache_is_exit_2_and_leaves_the_file(cache_path, monkeypatch, capsys):
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"not a database at all" * 100)
    read_only(monkeypatch)
    code, _, err = run(monkeypatch, capsys, "prices", "status")
    assert code == 2 and f"price cache {cache_path} is unreadable and read-only" in err
    assert "using the snapshots" not in err  # the status of an unusable cache is its error, said once
    assert cache_path.read_bytes().startswith(b"not a database")


def test_status_when_the_cache_path_is_a_directory_is_exit_2_naming_it(cache_path, monkeypatch, capsys):
    cache_path.mkdir(parents=True)
    code, _, err = run(monkeypatch, capsys, "prices", "status")
    assert code == 2 and str(cache_path) in err and "internal error" not in err
    assert err.count(str(cache_path)) == 1


def test_refresh_on_a_full_disk_reports_each_provider_and_keeps_the_previous_catalog(cache_path, monkeypatch, capsys):
    CatalogCache(cache_path).write(catalog("good", [offer("good", "gpu1", "1.10", source="live", as_of=NOW)], source="live", as_of=NOW), fetched_at=NOW)

    def full(self, catalog, fetched_at=None):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(CatalogCache, "write", full)
    code, out, err = run(monkeypatch, capsys, "prices", "refresh")
    assert code == 2
    assert out.startswith("good  kept previous (cache from 2026-05-11 00:00 UTC): could not write the cache (the disk is full")
    assert f"price cache {cache_path} could not store the refreshed prices" in err
    monkeypatch.undo()
    assert cached_price(cache_path) == "1.10"


def test_cache_errors_are_exit_status_2():
    assert CacheError("x").exit_code == 2


def test_a_cache_file_that_is_a_link_to_a_device_is_refused_and_left_alone(cache_path, monkeypatch, capsys):
    cache_path.parent.mkdir(parents=True)
    cache_path.symlink_to("/dev/null")
    code, _, err = run(monkeypatch, capsys, "prices", "status")
    assert code == 2 and f"price cache file {cache_path} is a device, not a regular file" in err
    assert cache_path.is_symlink() and os.path.realpath(cache_path) == "/dev/null"


def test_a_cache_directory_that_is_a_file_is_exit_2_naming_it(cache_path, monkeypatch, capsys):
    cache_path.parent.write_text("not a folder")
    code, _, err = run(monkeypatch, capsys, "prices", "refresh")
    assert code == 2 and f"price cache directory {cache_path.parent} is not a directory" in err
