"""An organisation's defaults: ``advisor.toml`` or ``[tool.advisor]`` in ``pyproject.toml``.

Found as ruff and pytest find theirs: ``--config FILE`` or ``$ADVISOR_CONFIG`` first; otherwise the
nearest directory, from the current one upwards, holding an ``advisor.toml`` (preferred) or a
``pyproject.toml`` with a ``[tool.advisor]`` table. Paths in it resolve against its directory.
Options given on the command line win over the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.errors import InputError
from advisor.model.numbers import NUMBER_CONFIG
from advisor.model.workload import Weights

ENV_VAR = "ADVISOR_CONFIG"
FILE_NAME = "advisor.toml"


class Settings(BaseModel):
    """The keys of advisor.toml (or [tool.advisor]); every one optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, **NUMBER_CONFIG)
    rules: list[str] = Field(default_factory=list, description="The organisation's rule pack files or directories.")
    overrides: str | None = Field(default=None, description="Rule overrides file (rules disabled with a justification).")
    weights: Weights | None = Field(default=None, description="Default weights for workloads without [weights] (same keys: preset, cost, latency, privacy, regulation, carbon).")
    format: str | None = Field(default=None, description="Default output format of `advisor recommend` (table, json, markdown, csv).")
    offline: bool = Field(default=False, description="Never touch the network (cache and embedded snapshots only).")
    timeout: float | None = Field(default=None, ge=0.1, le=86_400, description="Seconds each provider may take (0.1 to 86,400).")
    alternatives: int | None = Field(default=None, ge=0, description="Next-best alternatives shown per component.")
    width: int | None = Field(default=None, ge=40, le=1000, description="Width of terminal tables when output is not a terminal.")
    price_book: str | None = Field(default=None, description="Price book file (negotiated discounts and private prices, TOML); `--price-book` replaces it.")
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$", description="Also show totals in this currency (ISO 4217, e.g. EUR), at the rate in the price book's [currency].")
    inventory: str | None = Field(default=None, description="Directory of workload files or a .jsonl list of them that `advisor recommend` reads when given no workload file.")
    executor: Literal["local", "ray"] | None = Field(default=None, description="Where inventory groups are solved: local (this process) or ray (Ray tasks).")
    ray_address: str | None = Field(default=None, description="Ray cluster address for executor = \"ray\" (default: $RAY_ADDRESS, else a local Ray).")


@dataclass(frozen=True)
class Config:
    """Settings with the file they came from (None: no file found, all defaults)."""

    settings: Settings = field(default_factory=Settings)
    path: Path | None = None

    def resolve(self, relative: str) -> Path:
        """A path from the file, relative to the file's directory."""
        base = self.path.parent if self.path else Path.cwd()
        return (base / relative).resolve()

    @property
    def rules_dirs(self) -> tuple[Path, ...]:
        return tuple(self.resolve(r) for r in self.settings.rules)

    @property
    def overrides(self) -> Path | None:
        return self.resolve(self.settings.overrides) if self.settings.overrides else None

    @property
    def price_book(self) -> Path | None:
        return self.resolve(self.settings.price_book) if self.settings.price_book else None

    @property
    def inventory(self) -> Path | None:
        return self.resolve(self.settings.inventory) if self.settings.inventory else None

    @property
    def weights(self) -> dict[str, Any] | None:
        w = self.settings.weights
        return w.model_dump(exclude_none=True) if w else None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest advisor.toml, or pyproject.toml with [tool.advisor], from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib

    try:
        return "advisor" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge: ruff and pytest do the same with a pyproject they cannot read


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The configuration in force: the explicit file, $ADVISOR_CONFIG, the nearest file found, or none."""
    from advisor.inputs.tomlfile import read_toml, validate

    path = explicit or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if path is not None and not path.is_file():
        source = "--config" if explicit else f"${ENV_VAR}"
        raise InputError(str(path), [f"configuration file not found (given by {source})"])
    path = path or find_config(start)
    if path is None:
        return Config()
    data, _ = read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("advisor", {})
        if not isinstance(table, dict):
            raise InputError(str(path), ["tool.advisor: expected a table"])
        settings = validate(Settings, table, f"{path} [tool.advisor]")
    else:
        settings = validate(Settings, data, str(path))
    return Config(settings=settings, path=path.resolve())
