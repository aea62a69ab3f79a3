"""Reading TOML input files into pydantic records, with messages that name the file and the key.

Shared by workload, sites, rule-pack and override files so that every bad input reads the same:
``FILE: KEY.PATH: what was expected (got ...)``, exit status 2, no traceback.
"""

from __future__ import annotations

import hashlib
import tomllib
import types
import typing
from pathlib import Path
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from advisor.errors import InputError, did_you_mean
from advisor.inputs.fileio import MAX_INPUT_BYTES, decode_utf8, read_bounded

MAX_DEPTH = 32
M = TypeVar("M", bound=BaseModel)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return the table and the SHA-256 of its bytes."""
    name = str(path)
    raw = read_bounded(path, "TOML file", MAX_INPUT_BYTES)
    text = decode_utf8(raw, name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, [f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise InputError(name, ["not valid TOML: nested too deeply"]) from None
    depth = _depth(data)
    if depth > MAX_DEPTH:
        raise InputError(name, [f"tables nest {depth} levels deep; at most {MAX_DEPTH} are accepted"])
    return data, hashlib.sha256(raw).hexdigest()


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def validate(model: type[M], data: Any, file: str) -> M:
    """Validate ``data`` against ``model``; raise InputError listing every problem with its key path."""
    problems = number_problems(model, data)
    said = tuple(p.split(": ", 1)[0] + ":" for p in problems)  # one message per key: ours says more
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # 'model' may be a name or an inline table: the name branch's complaint about a table is noise
        relevant = [e for e in errors if not (e["type"] == "string_type" and isinstance(e.get("input"), dict))] or errors
        problems += [m for m in _one_per_problem(model, relevant, data) if not m.startswith(said or ("\0",))]
    if problems:
        raise InputError(file, list(dict.fromkeys(problems)))
    return result


def _one_per_problem(model: type[BaseModel], errors: list[Any], data: Any) -> list[str]:
    """A misspelt required key is one problem, not two: its "required key is missing" is folded into
    the unknown key's message ("did you mean 'x'? ... 'x' is required") when the suggestion is that key."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    folded: set[tuple[Any, ...]] = set()
    messages: dict[int, str] = {}
    for i, err in enumerate(errors):
        loc = tuple(err["loc"])
        if err["type"] != "extra_forbidden":
            continue
        for candidate in missing:
            if candidate[:-1] == loc[:-1] and did_you_mean(str(loc[-1]), [str(candidate[-1])]):
                folded.add(candidate)
                messages[i] = describe_error(model, err, data) + f"; '{candidate[-1]}' is required"
    return [messages.get(i) or describe_error(model, e, data) for i, e in enumerate(errors)
            if not (e["type"] == "missing" and tuple(e["loc"]) in folded)]


def number_problems(model: Any, data: Any, path: str = "") -> list[str]:
    """Booleans and strings where ``model`` expects a number (pydantic would read ``true`` as 1)."""
    from advisor.model.numbers import is_numeric

    if not (isinstance(model, type) and issubclass(model, BaseModel) and isinstance(data, dict)):
        return []
    problems = []
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            continue
        where = f"{path}.{key}" if path else key
        annotation: Any = field.annotation
        if is_numeric(annotation):
            if isinstance(value, bool | str):
                shown = "a boolean" if isinstance(value, bool) else "a string"
                problems.append(f"{where}: expected a number, got {shown} ({value!r}); write the number without quotes")
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            inner = _unwrap(field.annotation, item)
            problems += number_problems(inner, item, where if index is None else f"{where}[{index}]")
    return problems


def key_path(loc: tuple[Any, ...], data: Any) -> str:
    """'components[0].slo.ttft_ms_p95' from a pydantic location, dropping union and type tags."""
    parts: list[str] = []
    node = data
    last = len(loc) - 1
    for i, seg in enumerate(loc):
        if isinstance(seg, int):
            parts.append(f"[{seg}]")
            node = node[seg] if isinstance(node, list) and seg < len(node) else None
        elif isinstance(node, dict) and seg in node:
            parts.append(("." if parts else "") + str(seg))
            node = node[seg]
        elif i == last and isinstance(node, dict) and not _is_tag(seg):
            parts.append(("." if parts else "") + str(seg))  # a missing or unknown key
        # otherwise a tag pydantic adds for unions (e.g. 'inference', 'str'): not a key the user wrote
    return "".join(parts) or "(top level)"


def _is_tag(segment: Any) -> bool:
    """A location segment pydantic adds for a validator or a union member, not a key."""
    return isinstance(segment, str) and ("[" in segment or segment.startswith("function-"))


def describe_error(model: type[BaseModel], err: Mapping[str, Any], data: Any) -> str:
    loc = tuple(err["loc"])
    path = key_path(loc, data)
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1], data)
        hint = did_you_mean(str(loc[-1]), known)
        expected = f"; expected one of: {', '.join(sorted(known))}" if known and not hint else ""
        return f"{path}: unknown key{hint}{expected}"
    if kind == "missing":
        return f"{path}: required key is missing"
    if kind in ("literal_error", "enum"):
        got = err.get("input")
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return f"{path}: expected one of {expected}, got {got!r}{did_you_mean(str(got), choices)}"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
        return f"{path}: kind must be one of {ctx.get('expected_tags')}, got {ctx.get('tag')!r}{did_you_mean(str(ctx.get('tag')), tags)}"
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    got = err.get("input")
    shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
    return f"{path}: {_lower_first(message)}{shown}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...], data: Any) -> list[str]:
    """Field names of the model that sits at ``loc`` (following lists, unions and discriminators)."""
    current: Any = model
    node = data
    for seg in loc:
        if isinstance(seg, int):
            node = node[seg] if isinstance(node, list) and seg < len(node) else None
            current = _unwrap(current, node)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        if seg not in current.model_fields:
            continue  # a union tag in the location
        current = _unwrap(current.model_fields[seg].annotation, node.get(seg) if isinstance(node, dict) else None)
        node = node.get(seg) if isinstance(node, dict) else None
    current = _unwrap(current, node)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any, node: Any) -> Any:
    """From list[X] / X | None / Annotated[A | B, discriminator] to the model that fits ``node``."""
    for _ in range(6):
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, tuple):
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
            if not models:
                return annotation
            kind = node.get("kind") if isinstance(node, dict) else None
            for m in models:
                field = m.model_fields.get("kind")
                if field is not None and kind in typing.get_args(field.annotation):
                    return m
            return models[0]
        else:
            return annotation
    return annotation


def load_model(model: type[M], path: Path) -> tuple[M, str]:
    """Read and validate a TOML file into ``model``; return it and the file's digest."""
    data, digest = read_toml(path)
    return validate(model, data, str(path)), digest
