"""Validated records laid out small: a million offers are the largest thing a run holds.

Pydantic gives each validated record a dict of its own (544 bytes of an offer's object and fields).
Fields set one by one on a fresh instance are stored in the class's shared-key layout instead (CPython
keeps one key table per class and 8 bytes per value: 256 bytes an offer). Equal prices share one
``Decimal`` (kept only when the text is the same, so output is unchanged) and empty ``attributes``
share one empty dict: the records are frozen and nothing writes into a gathered record's fields.
"""

from __future__ import annotations

from collections import deque
from decimal import Decimal
from functools import cache
from itertools import repeat
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

_set = object.__setattr__


class Compactor:
    """Compact copies of one pass's frozen records (one model), sharing equal prices and empty dicts."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.fields_set = set(model.model_fields)
        """One set for every record: each compact copy has every field set (``trusted`` does the same)."""
        self.decimals, self.dicts = _typed_fields(model)
        self._prices: dict[str, Decimal] = {}
        self._empty: dict[str, Any] = {}

    def of(self, record: T) -> T:
        """``record`` (every field set, already valid) as a compact copy; a record of another class, or
        missing a field or carrying extras, comes back as it is."""
        values = record.__dict__
        if type(record) is not self.model or record.__pydantic_fields_set__ != self.fields_set \
                or record.__pydantic_extra__ or record.__pydantic_private__:
            return record
        compact = self.model.__new__(self.model)
        deque(map(_set, repeat(compact), values, values.values()), 0)  # field by field: the shared-key layout
        for name in self.decimals:
            price = values[name]
            if price is not None:
                _set(compact, name, self._prices.setdefault(str(price), price))
        for name in self.dicts:
            if values[name] == {}:
                _set(compact, name, self._empty)
        _set(compact, "__pydantic_fields_set__", self.fields_set)
        _set(compact, "__pydantic_extra__", None)
        _set(compact, "__pydantic_private__", None)
        return compact


@cache
def _typed_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's ``Decimal`` (or optional ``Decimal``) fields and its dict fields."""
    decimals, dicts = [], []
    for name, info in model.model_fields.items():
        tp = info.annotation
        if tp is Decimal or Decimal in get_args(tp):
            decimals.append(name)
        elif getattr(tp, "__origin__", tp) is dict:
            dicts.append(name)
    return tuple(decimals), tuple(dicts)
