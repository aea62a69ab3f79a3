"""Numbers in input files are numbers: no booleans, no strings, nothing infinite or NaN.

Pydantic's lax mode reads ``true`` as 1 and ``"5"`` as 5, so ``output_tokens_per_month = true``
was one token a month. Strict mode would also refuse a TOML array for a tuple field, so instead
``advisor.tomlfile`` walks the input along the model and refuses a bool or a string wherever
``is_numeric`` says the field is a number; ``NUMBER_CONFIG`` (``allow_inf_nan=False``) refuses
inf and nan, which TOML has.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any

from pydantic import ConfigDict

NUMBER_CONFIG = ConfigDict(allow_inf_nan=False)


@cache
def is_numeric(annotation: Any) -> bool:
    """int, float or an Optional/Annotated/union of them and None only."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return is_numeric(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(is_numeric(a) for a in args)
    return annotation in (int, float)
