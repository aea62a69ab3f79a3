"""``paused_gc``: the one switch that pauses Python's cyclic garbage collector around bulk record building.

The runs build hundreds of thousands of acyclic records; every cyclic GC pass rescans all of them, which
made validating 100,000 offers two to three times slower. Nesting is safe: only the outermost pause
turns the collector back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic GC for the block; restore it afterwards if it was enabled before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FREEZE_IMPORTED = False
"""Whether ``importing`` moves what it built out of the collector's reach (set by the console script)."""


def freeze_imported() -> None:
    """The process runs one command and exits (the console script): objects alive after each import
    pause live until the end, so ``importing`` may move them into the permanent generation.
    In-process callers (tests, embedding applications) keep their collector as it is."""
    global _FREEZE_IMPORTED
    _FREEZE_IMPORTED = True


@contextmanager
def importing() -> Iterator[None]:
    """Pause the cyclic GC while a command's modules import: they build thousands of long-lived
    classes, functions and pydantic validators and no garbage, yet each GC pass rescanned them
    (about 20 of a 400 ms recommendation). In the console script's process (``freeze_imported``)
    what is alive then is frozen (``gc.freeze``), else the first collection after the pause
    would scan it all at once."""
    with paused_gc():
        yield
        if _FREEZE_IMPORTED:
            gc.freeze()
