"""Files advisor reads and writes: only regular files, bounded reads, atomic writes through an
exclusively created temp file, every failure exit 2 naming the path (advisor.inputs.fileio)."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.errors import InputError
from advisor.inputs.fileio import read_bounded, write_atomic

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "seed-llama3-8b.toml")
RECOMMEND = ("recommend", SEED, "--offline", "--as-of", "2026-11-22", "--format", "json")


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


# -- outputs ---------------------------------------------------------------------------------------


def test_dev_null_stays_a_device_even_with_force(monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, *RECOMMEND, "-o", "/dev/null", "--force")
    assert code == 2 and "/dev/null: is a device; advisor writes only regular files" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlinked_target_is_refused_and_its_target_untouched(tmp_path, monkeypatch, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "rec.json").symlink_to(victim)
    code, _, err = run(monkeypatch, capsys, *RECOMMEND, "-o", str(tmp_path / "rec.json"), "--force")
    assert code == 2 and "rec.json: is a symbolic link" in err
    assert victim.read_text() == "precious"


def test_a_planted_link_at_the_old_fixed_temp_name_is_never_followed(tmp_path, monkeypatch, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".rec.json.tmp").symlink_to(victim)
    code, _, _ = run(monkeypatch, capsys, *RECOMMEND, "-o", str(tmp_path / "rec.json"))
    assert code == 0
    assert victim.read_text() == "precious"
    assert json.loads((tmp_path / "rec.json").read_text())["workloads"] == ["seed-llama3-8b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rec.json.tmp", "rec.json", "victim.txt"]  # no temp left


def test_a_missing_output_directory_is_exit_2_naming_it(tmp_path, monkeypatch, capsys):
    target = tmp_path / "no" / "such" / "rec.json"
    code, _, err = run(monkeypatch, capsys, *RECOMMEND, "-o", str(target))
    assert code == 2 and f"the directory {target.parent} does not exist" in err


@pytest.mark.parametrize(("error", "said"), [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system"),
                                              (errno.ENOSPC, "(the disk is full)")])
def test_an_unwritable_or_full_output_directory_is_exit_2_and_the_old_file_survives(tmp_path, monkeypatch, capsys, error, said):
    target = tmp_path / "rec.json"
    target.write_text("old")

    def refuse(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    if error == errno.ENOSPC:  # the temp file is created, the write fails part-way
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle):
                self.file = real_fdopen(handle, "wb")

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.file.close()

            def write(self, data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr("advisor.inputs.fileio.os.fdopen", lambda handle, mode: Full(handle))
    else:
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run(monkeypatch, capsys, *RECOMMEND, "-o", str(target), "--force")
    assert code == 2 and str(target) in err and said in err
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["rec.json"]


def test_written_files_get_the_usual_permissions_not_the_temp_files(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644


def test_init_refuses_a_device_and_writes_atomically(tmp_path, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, "init", "/dev/null", "--force")
    assert code == 2 and "is a device" in err
    code, _, _ = run(monkeypatch, capsys, "init", str(tmp_path / "w.toml"))
    assert code == 0 and "[workload]" in (tmp_path / "w.toml").read_text()


# -- inputs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", ["validate", "recommend"])
def test_devices_are_refused_as_inputs(monkeypatch, capsys, device, command):
    code, _, err = run(monkeypatch, capsys, command, device)
    assert code == 2 and f"{device}: is a device, expected a TOML file" in err


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, monkeypatch, capsys):
    fifo = tmp_path / "w.toml"
    os.mkfifo(fifo)
    result: dict[str, object] = {}

    def attempt():
        try:
            read_bounded(fifo)
        except InputError as exc:
            result["error"] = str(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert "is a named pipe (FIFO)" in str(result["error"])


def test_reads_are_bounded_by_bytes_read_not_by_what_stat_reports(tmp_path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 101)
    assert read_bounded(path, limit=101) == b"x" * 101
    with pytest.raises(InputError, match="larger than 100 bytes"):
        read_bounded(path, limit=100)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "is empty"),
        ("   \n", "is empty"),
        (_nested(100_000), "nested too deeply"),
        ('{"schema_version": ' + "9" * 5000 + "}", "not valid JSON"),
        ('{"a": NaN}', "NaN is not a number JSON allows"),
        ("\ufeff{}", "byte-order mark (BOM)"),
        ("[]", "not an advisor recommendation"),
    ],
    ids=["empty", "blank", "deep", "huge-int", "nan", "bom", "not-a-recommendation"],
)
@pytest.mark.parametrize("command", ["report", "diff", "explain"])
def test_bad_recommendation_json_is_exit_2_for_report_diff_and_explain(tmp_path, monkeypatch, capsys, content, said, command):
    path = tmp_path / "rec.json"
    path.write_text(content, encoding="utf-8")
    args = {"report": ("report", str(path), "-o", str(tmp_path / "r.html")),
            "diff": ("diff", str(path), str(path)), "explain": ("explain", str(path))}[command]
    code, _, err = run(monkeypatch, capsys, *args)
    assert code == 2, err
    assert str(path) in err and said in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_directory_given_as_a_recommendation_is_exit_2(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "rec.json"
    folder.mkdir()
    code, _, err = run(monkeypatch, capsys, "report", str(folder), "-o", str(tmp_path / "r.html"))
    assert code == 2 and f"{folder}: is a directory" in err
