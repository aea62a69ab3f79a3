"""The serving engines advisor knows (advisor/data/engines.toml): where each runs, whether it chunks
prefill, how fast its int4 kernels are. Looked up by id or alias (``trt-llm`` = ``tensorrt-llm``) so a
workload file, ``advisor estimate --engine`` and the capacity model resolve a name the same way."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_ENGINE = "default"


@dataclass(frozen=True)
class Engine:
    """A serving engine: the hardware classes it runs on, its prefill scheduling and int4 kernels."""

    id: str
    label: str
    version: str
    runs_on: tuple[str, ...]
    chunked_prefill: bool
    int4_compute: float
    int4_bandwidth: float
    aliases: tuple[str, ...]
    source: str

    def runs_on_class(self, hardware_class: str) -> bool:
        return "*" in self.runs_on or hardware_class in self.runs_on


@cache
def engines() -> dict[str, Engine]:
    """Every engine by id, from the shipped data file."""
    raw: dict[str, Any] = tomllib.loads(resources.files("advisor.data").joinpath("engines.toml").read_text(encoding="utf-8"))
    return {
        key: Engine(id=key, label=e["label"], version=e["version"], runs_on=tuple(e["runs_on"]),
                    chunked_prefill=bool(e["chunked_prefill"]), int4_compute=float(e["int4_compute"]),
                    int4_bandwidth=float(e["int4_bandwidth"]), aliases=tuple(e.get("aliases", ())), source=e["source"])
        for key, e in raw["engines"].items()
    }


def find_engine(name: str) -> Engine | None:
    """The engine named ``name`` or one of its aliases, case-insensitive; None when unknown."""
    key = name.strip().lower()
    for engine in engines().values():
        if key == engine.id or key in engine.aliases:
            return engine
    return None


def engine_ids() -> list[str]:
    return sorted(engines())
