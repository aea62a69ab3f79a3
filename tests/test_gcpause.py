"""The GC pauses: nested pauses restore the collector once; import pauses freeze only in the console script."""

from __future__ import annotations

import gc
import subprocess
import sys

from advisor.gcpause import importing, paused_gc


def test_only_the_outermost_pause_turns_the_collector_back_on():
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_import_pause_freezes_nothing_for_an_in_process_caller():
    before = gc.get_freeze_count()
    with importing():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_in_the_console_scripts_process_an_import_pause_freezes_what_is_alive():
    code = (
        "import gc\nfrom advisor.gcpause import freeze_imported, importing\n"
        "with importing():\n    kept = [[] for _ in range(1000)]\n"
        "print(gc.get_freeze_count())\n"
        "freeze_imported()\n"
        "with importing():\n    kept += [[] for _ in range(1000)]\n"
        "print(gc.get_freeze_count() >= 2000, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "0"
    assert out[1] == "True True"
