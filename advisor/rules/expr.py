"""The safe condition language: a declarative tree compiled to closures, never ``eval``.

A condition is ``{all = [...]}``, ``{any = [...]}``, ``{not = {...}}`` or a test
``{attribute, operator, value}`` (or ``value_from`` another attribute). Tests are type-checked
against ``advisor.rules.vocabulary`` at load time. Evaluation is three-valued (Kleene): a test
over a missing attribute is None (UNKNOWN), which ``all``/``any``/``not`` propagate unless the
result is already decided, so missing data never passes silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import advisor.reference.geo as geo
from advisor.errors import did_you_mean
from advisor.rules.vocabulary import Attribute, lookup

Tri = bool | None
Predicate = Callable[[Mapping[str, Any]], Tri]

#: Named sets usable as ``value = "@NAME"`` (countries from advisor.reference.geo, plus venue vocabularies).
NAMED_SETS: dict[str, frozenset[str]] = {
    "EU": geo.EU,
    "EEA": geo.EEA,
    "GDPR_ADEQUATE": geo.GDPR_ADEQUATE,
    "EEA_AND_ADEQUATE": geo.EEA | geo.GDPR_ADEQUATE,
    "CUSTOMER_CONTROLLED": frozenset({"customer", "provider_on_customer_premises"}),
    "THIRD_PARTY_HOSTS": frozenset({"vetted_dc", "anonymous_host"}),
    "CPU_TEE": frozenset({"sev-snp", "tdx", "nitro-enclaves"}),
    "GPU_TEE": frozenset({"h100-cc"}),
    "CUSTOMER_KEYS": frozenset({"cmk", "external_ekm", "customer_hsm"}),
    "PERSONAL_DATA": frozenset({"pii", "phi", "pci"}),
}

SCALAR_OPS = ("eq", "ne")
MEMBER_OPS = ("in", "not_in")
SET_OPS = ("contains", "intersects")
ORDER_OPS = ("gt", "ge", "lt", "le")
OPERATORS = SCALAR_OPS + MEMBER_OPS + SET_OPS + ORDER_OPS + ("exists",)


class CompileError(ValueError):
    """A condition that cannot compile; ``path`` is the key path inside the condition."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Compiled:
    """A compiled condition and every attribute it reads (for evidence and profiles)."""

    test: Predicate
    attributes: tuple[str, ...]


def compile_condition(node: Any, path: str = "condition") -> Compiled:
    names: list[str] = []
    test = _compile(node, path, names)
    return Compiled(test, tuple(dict.fromkeys(names)))


def _compile(node: Any, path: str, names: list[str]) -> Predicate:
    if not isinstance(node, dict):
        raise CompileError(path, f"expected a table with all, any, not or attribute, got {type(node).__name__}")
    groups = [k for k in ("all", "any", "not") if k in node]
    if groups:
        if len(node) != 1:
            raise CompileError(path, f"'{groups[0]}' must be alone in its table, found keys {sorted(node)}")
        key = groups[0]
        if key == "not":
            inner = _compile(node["not"], f"{path}.not", names)
            return lambda values: None if (r := inner(values)) is None else not r
        items = node[key]
        if not isinstance(items, list) or not items:
            raise CompileError(f"{path}.{key}", "expected a non-empty list of conditions")
        parts = [_compile(item, f"{path}.{key}[{i}]", names) for i, item in enumerate(items)]
        return _combine(parts, decisive=key == "any")
    return _compile_test(node, path, names)


def _combine(parts: list[Predicate], decisive: bool) -> Predicate:
    """``all`` (decisive False) or ``any`` (decisive True) in three-valued logic."""

    def test(values: Mapping[str, Any]) -> Tri:
        unknown = False
        for p in parts:
            r = p(values)
            if r is decisive:
                return decisive
            unknown |= r is None
        return None if unknown else not decisive

    return test


def _attribute(name: Any, path: str) -> Attribute:
    from advisor.rules.vocabulary import all_names

    if not isinstance(name, str):
        raise CompileError(path, "expected an attribute name (a string)")
    attr = lookup(name)
    if attr is None:
        raise CompileError(path, f"unknown attribute '{name}'{did_you_mean(name, all_names())}")
    return attr


def _compile_test(node: dict[str, Any], path: str, names: list[str]) -> Predicate:
    unknown_keys = set(node) - {"attribute", "operator", "value", "value_from"}
    if unknown_keys:
        key = sorted(unknown_keys)[0]
        hint = did_you_mean(key, ["attribute", "operator", "value", "value_from", "all", "any", "not"])
        raise CompileError(f"{path}.{key}", f"unknown key{hint}")
    if "attribute" not in node:
        raise CompileError(path, "a test needs 'attribute' (or use all/any/not)")
    attr = _attribute(node["attribute"], f"{path}.attribute")
    op = node.get("operator")
    if op not in OPERATORS:
        hint = did_you_mean(str(op), OPERATORS)
        raise CompileError(f"{path}.operator", f"unknown operator {op!r}{hint}; expected one of {', '.join(OPERATORS)}")
    names.append(attr.name)
    if op == "exists":
        want = node.get("value", True)
        if not isinstance(want, bool) or "value_from" in node:
            raise CompileError(f"{path}.value", "'exists' takes value = true or false (or none)")
        return lambda values: (values.get(attr.name) is not None) == want
    _check_operator(attr, op, path)
    if "value_from" in node:
        if "value" in node:
            raise CompileError(path, "give either 'value' or 'value_from', not both")
        other = _attribute(node["value_from"], f"{path}.value_from")
        _check_reference(attr, op, other, path)
        names.append(other.name)
        return _dynamic(attr.name, op, other.name)
    if "value" not in node:
        raise CompileError(path, f"operator '{op}' needs 'value' or 'value_from'")
    value = _literal(attr, op, node["value"], f"{path}.value")
    return _static(attr.name, op, value)


def _check_operator(attr: Attribute, op: str, path: str) -> None:
    allowed = {
        "set": SET_OPS + ("eq", "ne"),
        "int": SCALAR_OPS + MEMBER_OPS + ORDER_OPS,
        "bool": SCALAR_OPS,
        "str": SCALAR_OPS + MEMBER_OPS,
        "any": SCALAR_OPS + MEMBER_OPS + SET_OPS + ORDER_OPS,
    }[attr.type]
    if op not in allowed:
        raise CompileError(
            f"{path}.operator",
            f"operator '{op}' does not apply to {attr.name} ({attr.type}); use one of {', '.join(allowed + ('exists',))}",
        )


def _check_reference(attr: Attribute, op: str, other: Attribute, path: str) -> None:
    if op in MEMBER_OPS + ("intersects",) and other.type not in ("set", "any"):
        raise CompileError(f"{path}.value_from", f"'{op}' needs a set attribute, {other.name} is {other.type}")
    if op in ORDER_OPS and other.type not in ("int", "any"):
        raise CompileError(f"{path}.value_from", f"'{op}' needs a number, {other.name} is {other.type}")


def _named(value: str, path: str) -> frozenset[str]:
    name = value[1:]
    if name not in NAMED_SETS:
        known = ["@" + n for n in sorted(NAMED_SETS)]
        raise CompileError(path, f"unknown named set '{value}'{did_you_mean(value, known)}; known: {', '.join(known)}")
    return NAMED_SETS[name]


def _literal(attr: Attribute, op: str, value: Any, path: str) -> Any:
    """The test's value in the form the operator compares with, checked against the attribute."""
    if isinstance(value, str) and value.startswith("@"):
        named = _named(value, path)
        if op not in MEMBER_OPS + ("intersects",):
            raise CompileError(path, f"a named set needs operator in, not_in or intersects, not '{op}'")
        return named
    if op in MEMBER_OPS + ("intersects",) or (attr.type == "set" and op in SCALAR_OPS):
        if not isinstance(value, list) or not value:
            raise CompileError(path, f"operator '{op}' needs a non-empty list or a named set ('@EEA')")
        for item in value:
            _check_scalar(attr, item, path)
        return frozenset(value)
    if op in ORDER_OPS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CompileError(path, f"operator '{op}' needs a number, got {value!r}")
        return value
    _check_scalar(attr, value, path)
    return value


def _check_scalar(attr: Attribute, value: Any, path: str) -> None:
    expected = {"str": str, "set": str, "bool": bool, "int": int}.get(attr.type)
    if expected is not None and (not isinstance(value, expected) or (expected is int and isinstance(value, bool))):
        raise CompileError(path, f"{attr.name} holds {attr.type} values, got {value!r}")
    if attr.values is not None and value not in attr.values:
        hint = did_you_mean(str(value), attr.values)
        raise CompileError(path, f"{value!r} is not a value of {attr.name}{hint}; expected one of {', '.join(sorted(attr.values))}")


def _apply(op: str, got: Any, want: Any) -> Tri:
    if got is None or want is None:
        return None
    if op == "eq":
        return bool(got == want)
    if op == "ne":
        return bool(got != want)
    if op == "in":
        return bool(got in want)
    if op == "not_in":
        return bool(got not in want)
    if op == "contains":
        return bool(want in got)
    if op == "intersects":
        return bool(frozenset(got) & frozenset(want))
    try:
        return bool({"gt": got > want, "ge": got >= want, "lt": got < want, "le": got <= want}[op])
    except TypeError:
        return None


def _static(name: str, op: str, want: Any) -> Predicate:
    if op == "contains":
        return lambda values: None if (got := values.get(name)) is None else want in got
    if op == "in":
        return lambda values: None if (got := values.get(name)) is None else got in want
    if op == "not_in":
        return lambda values: None if (got := values.get(name)) is None else got not in want
    return lambda values: _apply(op, values.get(name), want)


def _dynamic(name: str, op: str, other: str) -> Predicate:
    return lambda values: _apply(op, values.get(name), values.get(other))
