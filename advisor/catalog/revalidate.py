"""Re-validating what a plugin returns: a fresh, fully checked copy of every record, cheaply.

A plugin may build its records with ``model_construct`` or ``model_copy(update=...)``, which check
nothing, so the core validates each one again. Records of the exact contract class are validated from
their field values, each distinct nested record once; anything else takes a dump and re-validate
round trip, which is also how a failing record gets its message (naming the faulty field).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from operator import itemgetter
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from advisor.catalog.compact import Compactor
from advisor.model.offers import Certification, Hardware, OwnedTerms, Provenance

__all__ = ["SAMPLES", "Copies", "counted", "revalidate", "validated", "why"]

SAMPLES = 2
"""Problems quoted per kind; the rest are counted."""


class Copies:
    """The validated copies of one pass's nested records (Hardware, OwnedTerms, Provenance,
    Certification), each made once and shared: plugins reuse one Hardware across thousands of offers.

    Keyed by value, the record's class and its field values in field order, so equal records share
    one copy however the plugin built them, and nothing depends on which objects are still alive. A
    record whose values cannot be hashed (a dict field) or that carries anything but its fields is
    validated on its own each time.
    """

    def __init__(self) -> None:
        self._by_value: dict[tuple[type[BaseModel], tuple[Any, ...]], BaseModel] = {}
        self._last: dict[type[BaseModel], tuple[Any, BaseModel]] = {}
        """Per class, the record met last (held, so compared by identity safely) and its copy: a run of
        offers sharing one record (a catalog's one Provenance) skips even the hash of its values."""

    def __len__(self) -> int:
        return len(self._by_value)

    def of(self, value: Any) -> Any:
        """The validated copy of a nested record; anything else as a dump (or as it is) for its
        parent's validation to judge."""
        cls = type(value)
        shape = _SHAPES.get(cls)
        if shape is None:
            return value.model_dump() if isinstance(value, BaseModel) else value
        last = self._last.get(cls)
        if last is not None and last[0] is value:
            return last[1]
        count, values_of = shape
        fields = value.__dict__
        key = None
        copy: BaseModel | None = None
        if len(fields) == count:
            try:
                key = (cls, values_of(fields))
                copy = self._by_value.get(key)
            except (KeyError, TypeError):  # a field missing; unhashable contents
                key = None
        if copy is None:
            copy = _from_fields(cls, value, self)
            if key is not None:
                self._by_value[key] = copy
        self._last[cls] = (value, copy)
        return copy


def _shape(model: type[BaseModel]) -> tuple[int, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """How many fields a record has and how to read their values in field order (always a tuple)."""
    names = tuple(model.model_fields)
    if len(names) == 1:
        [name] = names
        return 1, lambda fields: (fields[name],)
    return len(names), itemgetter(*names)


_SHAPES = {model: _shape(model) for model in (Hardware, OwnedTerms, Provenance, Certification)}
"""The nested records validated once per value, with their shapes."""


def revalidate(model: type[BaseModel], item: Any, copies: Copies | None = None) -> Any:
    """A fresh, fully validated copy: a plugin may have built its record with ``model_construct``.

    A record of exactly ``model``'s class is validated from its field values, its nested records
    first (equal ones once, through ``copies``): the same checks as a dump and re-validate round trip
    at a fraction of the cost. Anything else (a subclass, a dict) takes that round trip.
    """
    if type(item) is model and isinstance(item, BaseModel):
        try:
            return _from_fields(model, item, Copies() if copies is None else copies)
        except ValidationError:
            pass  # the round trip below names the faulty field from the top record down
    return model.model_validate(item.model_dump() if isinstance(item, BaseModel) else item)


def _from_fields(model: type[BaseModel], item: BaseModel, copies: Copies) -> Any:
    return model.__pydantic_validator__.validate_python(_fields_of(item, _record_fields(model), copies))


def _fields_of(item: BaseModel, records: tuple[str, ...], copies: Copies) -> dict[str, Any]:
    """``item``'s field values with its nested ``records`` replaced by their validated copies."""
    data = dict(item.__dict__)
    for name in records:
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, tuple):
            data[name] = tuple(copies.of(v) for v in value)
        else:
            data[name] = copies.of(value)
    return data


@cache
def _record_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Fields whose annotation mentions a pydantic model (alone, optional or in a tuple)."""

    def mentions(tp: Any) -> bool:
        return (isinstance(tp, type) and issubclass(tp, BaseModel)) or any(mentions(a) for a in get_args(tp))

    return tuple(name for name, f in model.model_fields.items() if mentions(f.annotation))


def _label(item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
    return repr(ident) if isinstance(ident, str) else f"a {type(item).__name__}"


def why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(record)"
        return f"{loc}: {first['msg']}"
    return repr(exc)


def validated(model: type[BaseModel], items: Any, what: str, problems: list[str]) -> list[Any]:
    """Valid copies of ``items`` as ``model``; the malformed ones named in ``problems``.

    Each raw record is let go as soon as its copy is made: a list passed in is emptied as it is read
    (an iterator, e.g. ``advisor.guard.streamed``, is read as it goes), so when the caller holds no other reference
    the plugin's records and the copies are never all in memory at once: 10^6 offers peak at one set
    of records, not two. Copies of a frozen model are compact (``advisor.catalog.compact``).
    """
    good, bad = [], []
    copies = Copies()
    try:
        source = _emptied(items) if type(items) is list else iter(items)
    except TypeError:
        problems.append(f"{what} is not a sequence ({type(items).__name__})")
        return []
    records, validate = _record_fields(model), model.__pydantic_validator__.validate_python
    compact = Compactor(model).of if model.model_config.get("frozen") else None
    for raw in source:
        try:
            if type(raw) is model:  # revalidate's first step, inlined for 10^5 records
                try:
                    copy = validate(_fields_of(raw, records, copies))
                    good.append(copy if compact is None else compact(copy))  # advisor.catalog.compact
                    continue
                except ValidationError:
                    pass  # revalidate says what is wrong
            good.append(revalidate(model, raw, copies))
        except Exception as exc:
            bad.append(f"{_label(raw)}: {why(exc)}")
    if bad:
        problems.append(f"{counted(len(bad), 'malformed ' + what)} dropped: " + "; ".join(bad[:SAMPLES]) + ("; ..." if len(bad) > SAMPLES else ""))
    return good


def _emptied(items: list[Any]) -> Iterator[Any]:
    """The list's items in order, each slot cleared as it is read."""
    for i in range(len(items)):
        raw, items[i] = items[i], None
        yield raw
        del raw


def counted(count: int, plural: str) -> str:
    """'1 offer', '3 offers'; ``plural`` is '<adjective> venues|offers[ rest]'."""
    if count != 1:
        return f"{count} {plural}"
    return "1 " + plural.replace("venues", "venue", 1).replace("offers", "offer", 1)
