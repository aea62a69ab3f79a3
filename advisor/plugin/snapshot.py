"""Helpers for providers that ship a dated snapshot inside their distribution."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from advisor.model.offers import Provenance


def read_json(package: str, name: str) -> Any:
    """A JSON file shipped inside ``package`` (works from a wheel, a zip or a checkout)."""
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def snapshot_provenance(as_of: str | datetime, reference: str) -> Provenance:
    """Provenance of embedded snapshot prices: source 'snapshot', the capture date, where from."""
    when = as_of if isinstance(as_of, datetime) else datetime.fromisoformat(as_of)
    return Provenance(source="snapshot", as_of=when, reference=reference)


def write_json_atomically(path: Path, data: Any) -> None:
    """Replace ``path`` only once the new file is complete on disk: a failed rebuild keeps the old snapshot."""
    from advisor.inputs.fileio import write_atomic

    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n", force=True)
