"""The hardware catalog: built-in devices plus plugin-registered ones, looked up by id or alias.

Lookups are forgiving about case, punctuation and vendor prefixes ("nvidia-tesla-t4" finds ``T4``)
because offers from seven providers spell the same GPU seven ways; a miss never guesses.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Generic, TypeVar

from pydantic import ValidationError

from advisor.errors import InputError, did_you_mean
from advisor.model.specs import ClosedModel, HardwareSpec, ModelSpec

S = TypeVar("S", bound=HardwareSpec | ModelSpec | ClosedModel)
_VENDOR_WORDS = re.compile(r"\b(nvidia|tesla|amd|intel|geforce|instinct|google|aws|meta|microsoft|mistralai)\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9+.]")


def normalise(name: str) -> str:
    """Comparable form of a device or model name: lowercase, no vendor words, no separators."""
    text = _VENDOR_WORDS.sub(" ", name.lower().replace("_", "-").replace("/", " "))
    return _NOT_ALNUM.sub("", text)


class SpecCatalog(Generic[S]):
    """Specs by canonical id; later rows with an existing id replace it (plugins may correct data)."""

    kind = "spec"

    def __init__(self, specs: Iterable[S]):
        self._by_id: dict[str, S] = {}
        for spec in specs:
            self._by_id[spec.id] = spec
        self._index: dict[str, str] = {}
        for known in self._by_id.values():
            for name in (known.id, *known.aliases):
                self._index.setdefault(normalise(name), known.id)
        for known_id in self._by_id:  # canonical ids win over another row's alias
            self._index[normalise(known_id)] = known_id

    @property
    def ids(self) -> list[str]:
        return sorted(self._by_id)

    def __iter__(self) -> Iterator[S]:
        return iter(self._by_id[i] for i in self.ids)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def get(self, name: str) -> S | None:
        if name in self._by_id:
            return self._by_id[name]
        key = self._index.get(normalise(name))
        return self._by_id[key] if key else None

    def require(self, name: str, file: str | None = None, key: str | None = None) -> S:
        """The spec for ``name`` or an InputError naming the key, with a "did you mean"."""
        spec = self.get(name)
        if spec is not None:
            return spec
        where = f"{key}: " if key else ""
        hint = did_you_mean(name, self.ids) or did_you_mean(name.lower(), [i.lower() for i in self.ids])
        raise InputError(file, [f"{where}unknown {self.kind} '{name}'{hint}; known: {', '.join(self.ids)}"])


class HardwareCatalog(SpecCatalog[HardwareSpec]):
    kind = "hardware"


def load_specs(filename: str, table: str, model: type[S]) -> list[S]:
    """Rows of a TOML data file shipped in ``advisor/data``, validated; a bad row is a packaging bug."""
    raw = resources.files("advisor.data").joinpath(filename).read_text(encoding="utf-8")
    rows = tomllib.loads(raw).get(table, [])
    try:
        return [model(**row) for row in rows]
    except ValidationError as exc:  # pragma: no cover - guarded by tests on the shipped data
        raise RuntimeError(f"advisor/data/{filename} is invalid: {exc}") from exc


@cache
def _builtin() -> tuple[HardwareSpec, ...]:
    return tuple(load_specs("hardware.toml", "hardware", HardwareSpec))


def builtin_hardware() -> list[HardwareSpec]:
    """The devices shipped with advisor (advisor/data/hardware.toml)."""
    return list(_builtin())


def hardware_catalog(extra: Iterable[HardwareSpec] = ()) -> HardwareCatalog:
    """Built-in devices, then ``extra`` (the run's plugin-registered specs, which may add or correct ids).

    Takes specs, never a plugin manager: the run's one ``Plugins`` hands its rows in (``inputs.load_catalogs``).
    """
    return HardwareCatalog([*builtin_hardware(), *extra])
