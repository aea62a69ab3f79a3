"""Re-validating what a plugin returns: a fresh, fully checked copy of every record, cheaply.

A plugin may build its records with ``model_construct`` or ``model_copy(update=...)``, which check
nothing, so the core validates each one again. Records of the exact contract class are validated from
their field values, each distinct nested record once; anything else takes a dump and re-validate
round trip, which is also how a failing record gets its message (naming the faulty field).
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from advisor.model.offers import Certification, Hardware, OwnedTerms, Provenance

__all__ = ["SAMPLES", "counted", "revalidate", "validated", "why"]

_NESTED = frozenset({Hardware, OwnedTerms, Provenance, Certification})
SAMPLES = 2
"""Problems quoted per kind; the rest are counted."""


def revalidate(model: type[BaseModel], item: Any, memo: dict[Any, Any] | None = None) -> Any:
    """A fresh, fully validated copy: a plugin may have built its record with ``model_construct``.

    A record of exactly ``model``'s class is validated from its field values, its nested records
    first (equal ones once, through ``memo``): the same checks as a dump and re-validate round trip
    at a fraction of the cost. Anything else (a subclass, a dict) takes that round trip.
    """
    if type(item) is model and isinstance(item, BaseModel):
        try:
            return _from_fields(model, item, {} if memo is None else memo)
        except ValidationError:
            pass  # the round trip below names the faulty field from the top record down
    return model.model_validate(item.model_dump() if isinstance(item, BaseModel) else item)


def _from_fields(model: type[BaseModel], item: BaseModel, memo: dict[Any, Any]) -> Any:
    return model.__pydantic_validator__.validate_python(_fields_of(item, _record_fields(model), memo))


def _fields_of(item: BaseModel, records: tuple[str, ...], memo: dict[Any, Any]) -> dict[str, Any]:
    """``item``'s field values with its nested ``records`` replaced by their validated copies."""
    data = dict(item.__dict__)
    for name in records:
        value = data.get(name)
        if value is None:
            continue
        hit = memo.get(id(value))  # the usual case: a record met before
        if hit is not None and hit[0] is value:
            data[name] = hit[1]
        elif isinstance(value, tuple):
            data[name] = tuple(_nested(v, memo) for v in value)
        else:
            data[name] = _nested(value, memo)
    return data


def _nested(value: Any, memo: dict[Any, Any]) -> Any:
    """The validated copy of a nested record; the same object (plugins share one Hardware among
    thousands of offers) is looked up by identity, an equal one by value, and validated once."""
    hit = memo.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    if type(value) not in _NESTED:
        return value.model_dump() if isinstance(value, BaseModel) else value
    try:  # equal records validate alike: sharing one copy saves time and memory
        key: Any = (type(value), value)
        hit = memo.get(key)
    except TypeError:  # unhashable contents (a dict field)
        key, hit = None, None
    if hit is None:
        hit = (value, _from_fields(type(value), value, memo))
        if key is not None:
            memo[key] = hit
    memo[id(value)] = (value, hit[1])  # the held record keeps its id from being reused
    return hit[1]


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
    (anything else is read into a list of its own first), so when the caller holds no other reference
    the plugin's records and the copies are never all in memory at once: 10^6 offers peak at one set
    of records, not two.
    """
    good, bad = [], []
    memo: dict[Any, Any] = {}
    try:
        items = items if type(items) is list else list(items)
    except TypeError:
        problems.append(f"{what} is not a sequence ({type(items).__name__})")
        return []
    records, validate = _record_fields(model), model.__pydantic_validator__.validate_python
    every = set(model.model_fields)
    frozen = bool(model.model_config.get("frozen"))
    for i in range(len(items)):
        raw, items[i] = items[i], None
        try:
            if type(raw) is model:  # revalidate's first step, inlined for 10^5 records
                try:
                    copy = validate(_fields_of(raw, records, memo))
                    if frozen and copy.__pydantic_fields_set__ == every:
                        # a copy is given every field, so each has a set of all of them (700 bytes of
                        # 1,400 an offer): frozen records share one, as model_construct(_fields_set=) does
                        object.__setattr__(copy, "__pydantic_fields_set__", every)
                    good.append(copy)
                    continue
                except ValidationError:
                    pass  # revalidate says what is wrong
            good.append(revalidate(model, raw, memo))
        except Exception as exc:
            bad.append(f"{_label(raw)}: {why(exc)}")
    if bad:
        problems.append(f"{counted(len(bad), 'malformed ' + what)} dropped: " + "; ".join(bad[:SAMPLES]) + ("; ..." if len(bad) > SAMPLES else ""))
    return good


def counted(count: int, plural: str) -> str:
    """'1 offer', '3 offers'; ``plural`` is '<adjective> venues|offers[ rest]'."""
    if count != 1:
        return f"{count} {plural}"
    return "1 " + plural.replace("venues", "venue", 1).replace("offers", "offer", 1)
