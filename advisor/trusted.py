"""Records from values the pipeline has already checked, without running validation again.

At 10^5 offers per component, validating each derived record (a Sizing from the sizing model, a
Candidate from figures the pipeline computed) costs more than computing it. ``trusted`` is
``model_construct`` without its per-field default lookup: ``values`` must name every field.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


@cache
def _fields(cls: type[BaseModel]) -> set[str]:
    """Every field of ``cls``: one set shared by all its trusted records (a set each was a third of an
    exclusion's bytes). Pydantic only adds to it names already there and copies it in ``model_copy``."""
    return set(cls.model_fields)


def trusted(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of ``cls`` holding ``values`` (every field, already valid) as they are."""
    rec = cls.__new__(cls)
    object.__setattr__(rec, "__dict__", values)
    object.__setattr__(rec, "__pydantic_fields_set__", _fields(cls))
    object.__setattr__(rec, "__pydantic_extra__", None)
    object.__setattr__(rec, "__pydantic_private__", None)
    return rec
